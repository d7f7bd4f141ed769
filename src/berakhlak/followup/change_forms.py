"""Forms that change what the follow-up stored: a change agent, a role model, a report (and
the files to take off it), a piece of evidence. Adding uses the forms of forms.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .forms import ChangeAgentForm, ReportForm, RoleModelForm
from .models import AgentReport, ChangeAgent, Evidence, RoleModel


def _without_key(form: forms.Form) -> None:
    """An edit changes a row that exists: no one-time key."""
    del form.fields["submission"]


class AgentEditForm(ChangeAgentForm):
    def __init__(self, *args: Any, agent: ChangeAgent, **kwargs: Any) -> None:
        initial = {k: getattr(agent, k) for k in ("name", "position", "nip", "decree_number")}
        initial |= {k: getattr(agent, k) for k in ("decree_date", "period_start", "period_end")}
        super().__init__(*args, instansi=agent.unit.instansi, initial=initial, **kwargs)
        self.fields["unit"].initial = agent.unit_id
        _without_key(self)


class RoleModelEditForm(RoleModelForm):
    def __init__(self, *args: Any, person: RoleModel, **kwargs: Any) -> None:
        initial = {k: getattr(person, k) for k in ("name", "position", "nip", "year")}
        super().__init__(*args, instansi=person.unit.instansi, initial=initial, **kwargs)
        self.fields["unit"].initial = person.unit_id
        _without_key(self)


class ReportEditForm(ReportForm):
    remove_files = forms.TypedMultipleChoiceField(
        label=_("Hapus berkas ini dari laporan"),
        widget=forms.CheckboxSelectMultiple,
        coerce=int,
        required=False,
    )

    def __init__(self, *args: Any, report: AgentReport, **kwargs: Any) -> None:
        initial = {k: getattr(report, k) for k in ("on", "title", "description", "participants")}
        initial |= {"agent": report.agent_id, "activity": report.activity_id}
        super().__init__(*args, unit=report.agent.unit, initial=initial, **kwargs)
        _without_key(self)
        del self.fields["files"]
        self.fields["remove_files"].choices = [
            (f.file.pk, f"{f.file.name} ({filesizeformat(f.file.size)})")
            for f in report.files.select_related("file")
        ]
        if not self.fields["remove_files"].choices:
            del self.fields["remove_files"]


class EvidenceEditForm(forms.Form):
    label = forms.CharField(label=_("Keterangan bukti"), max_length=200)
    url = forms.URLField(label=_("Tautan"), max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, evidence: Evidence, **kwargs: Any) -> None:
        super().__init__(*args, initial={"label": evidence.label, "url": evidence.url}, **kwargs)
        if evidence.file_id:
            del self.fields["url"]
