"""Form fields several apps use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model


def is_id(value: object) -> bool:
    """Whether `value` is an object's id as a form or URL gives it: ASCII digits only.
    str.isdigit() is also true for '²', which int() cannot read (a server error), and int()
    reads other scripts' digits ('٣' is 3), which no page of the site writes."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ModelChoiceField that takes an id in ASCII digits only (see is_id)."""

    def to_python(self, value: Any) -> Model | None:
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)  # type: ignore[no-any-return]
