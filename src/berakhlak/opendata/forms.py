"""The national admin's form: publish the open data of a year, or withdraw it."""

from __future__ import annotations

from django import forms


class OpenDataForm(forms.Form):
    year = forms.IntegerField(min_value=1900, max_value=9999)
    action = forms.ChoiceField(choices=[("publish", "publish"), ("withdraw", "withdraw")])
