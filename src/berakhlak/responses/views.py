"""The questionnaire respondents answer, anonymously, from a unit link or a personal code.

No view here logs or stores the client's address; responses carry the submission date only.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..common.labels import bilingual, lang
from ..method.items import QUESTION_NAMES, default_pool
from ..surveys.models import Access, CycleUnit
from .actions import (
    CodeUnusable,
    CycleNotOpen,
    InvalidAnswers,
    code_hash,
    do_submit_response,
)
from .forms import CodeForm, ConsentForm, PicksForm, ProfileForm, RankForm, TextsForm
from .limits import codes_blocked, count_wrong_code, submission_allowed, too_many
from .links import unit_for_link
from .questionnaire import STEPS, Progress

STEP_TITLES = {
    "mulai": gettext_lazy("Pengantar"),
    "profil": gettext_lazy("Tentang Anda"),
    "pv": gettext_lazy("Nilai pribadi"),
    "cc": gettext_lazy("Budaya saat ini"),
    "dc": gettext_lazy("Budaya yang diharapkan"),
    "saran": gettext_lazy("Harapan dan saran"),
}
RANK_NAME = gettext_lazy("(peringkat %(n)s)")
"""What a screen reader says after a picked item's label; the page script fills in n."""

QUESTION_PROMPTS = {
    "pv": gettext_lazy(
        "Pilih 10 nilai atau perilaku yang paling mencerminkan diri Anda — apa yang penting "
        "bagi Anda, bukan apa yang seharusnya."
    ),
    "cc": gettext_lazy(
        "Pilih 10 nilai atau perilaku yang paling sering Anda lihat di unit kerja Anda saat "
        "ini — bagaimana keadaannya sekarang, baik atau buruk."
    ),
    "dc": gettext_lazy(
        "Pilih 10 nilai atau perilaku yang Anda harapkan menjadi budaya unit kerja Anda agar "
        "dapat berkinerja terbaik."
    ),
}


def _cycle_unit(link: str) -> CycleUnit:
    unit = unit_for_link(link, fresh=True)
    if unit is None:
        raise Http404
    return unit


def _closed(request: HttpRequest, cycle_unit: CycleUnit) -> HttpResponse:
    return render(request, "responses/closed.html", {"cycle_unit": cycle_unit}, status=200)


def _context(cycle_unit: CycleUnit, progress: Progress, step: str, **extra: Any) -> dict[str, Any]:
    position = STEPS.index(step)
    return {
        "cycle_unit": cycle_unit,
        "cycle": cycle_unit.cycle,
        "step": step,
        "step_title": STEP_TITLES.get(step, ""),
        "step_number": position,
        "step_total": len(STEPS) - 2,
        "previous": STEPS[position - 1] if position > 0 else None,
        "progress_value": position,
        **extra,
    }


def _needs_code(cycle_unit: CycleUnit, progress: Progress) -> bool:
    return cycle_unit.cycle.access == Access.TOKEN and not progress.token


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, link: str, step: str | None = None) -> HttpResponse:
    if step is not None and step not in STEPS:
        raise Http404
    cycle_unit = _cycle_unit(link)
    progress = Progress.load(request, cycle_unit)
    return progress.write(_step(request, cycle_unit, progress, step))


def _step(
    request: HttpRequest, cycle_unit: CycleUnit, progress: Progress, step: str | None
) -> HttpResponse:
    link = cycle_unit.link_token
    if progress.done:
        if step != "selesai":
            return redirect("responses:step", link=link, step="selesai")
        return render(request, "responses/done.html", _context(cycle_unit, progress, step))
    if not cycle_unit.cycle.accepting:
        return _closed(request, cycle_unit)
    if _needs_code(cycle_unit, progress):
        return redirect("responses:code", link=link)
    if step is None:  # the unit link itself: continue where the respondent left off
        step = progress.first_open_step()
        if step != "mulai":
            return redirect("responses:step", link=link, step=step)
    if not progress.may_visit(step):
        return redirect("responses:step", link=link, step=progress.first_open_step())
    handler = {"mulai": _intro, "profil": _profile, "saran": _texts}.get(step, _picks)
    return handler(request, cycle_unit, progress, step)


def _next(link: str, step: str) -> HttpResponse:
    return redirect("responses:step", link=link, step=STEPS[STEPS.index(step) + 1])


def _intro(request: HttpRequest, cu: CycleUnit, progress: Progress, step: str) -> HttpResponse:
    form = ConsentForm(request.POST or None, initial={"consent": progress.data.get("mulai")})
    if request.method == "POST" and form.is_valid():
        progress.set("mulai", True)
        return _next(cu.link_token, step)
    return render(request, "responses/intro.html", _context(cu, progress, step, form=form))


def _profile(request: HttpRequest, cu: CycleUnit, progress: Progress, step: str) -> HttpResponse:
    form = ProfileForm(request.POST or None, initial=progress.demographics())
    if request.method == "POST" and form.is_valid():
        progress.set("profil", form.cleaned_data)
        return _next(cu.link_token, step)
    return render(request, "responses/profile.html", _context(cu, progress, step, form=form))


def _picks(request: HttpRequest, cu: CycleUnit, progress: Progress, step: str) -> HttpResponse:
    codes = progress.order(step)
    form = PicksForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        ranked = form.cleaned_data["ranked"]
        if ranked is None:  # no script: ask for the order on a page of its own
            progress.set(f"{step}_unranked", form.cleaned_data["picked"])
            progress.set(step, [])
            return redirect("responses:rank", link=cu.link_token, step=step)
        progress.set(step, ranked)
        return _next(cu.link_token, step)
    # Back from the page that asks for the order (no script): the picks are still there.
    kept = progress.picks(step) or list(progress.data.get(f"{step}_unranked") or [])
    chosen = form.data.getlist("item") if form.is_bound else kept
    return render(
        request,
        "responses/picks.html",
        _context(
            cu,
            progress,
            step,
            form=form,
            items=item_list(codes, chosen, RANK_NAME),
            rank_name=RANK_NAME,
            prompt=QUESTION_PROMPTS[step],
            question_name=bilingual(QUESTION_NAMES[step]),
        ),
    )


@functools.cache
def _item(code: str, language: str, rank: int | None, words: str) -> SafeString:
    """One checkbox of a pick page (responses/_item.html), rendered once per item, language
    and rank: the list is the hot path of every pick page."""
    item = default_pool().get(code)
    assert item is not None
    context = {"code": code, "label": item.label(language), "rank": rank, "words": words}
    return render_to_string("responses/_item.html", context)


def item_list(codes: list[str], chosen: list[str], rank_name: str) -> list[SafeString]:
    """The 60 checkboxes of a pick page in the respondent's order, picks marked with their
    rank: a badge to see, and words in the checkbox's name for screen readers (`rank_name`,
    e.g. "(peringkat %(n)s)"; the badge itself is hidden from them)."""
    rank = {code: i for i, code in enumerate(chosen, start=1)}
    language = lang()
    name = str(rank_name)
    out = []
    for code in codes:
        r = rank.get(code)
        out.append(_item(code, language, r, name.replace("%(n)s", str(r)) if r else ""))
    return out


@never_cache
@require_http_methods(["GET", "POST"])
def rank(request: HttpRequest, link: str, step: str) -> HttpResponse:
    cycle_unit = _cycle_unit(link)
    progress = Progress.load(request, cycle_unit)
    picks = progress.data.get(f"{step}_unranked")
    if step not in ("pv", "cc", "dc") or not picks or not cycle_unit.cycle.accepting:
        return redirect("responses:step", link=link, step=progress.first_open_step())
    form = RankForm(request.POST or None, picks=picks)
    if request.method == "POST" and form.is_valid():
        progress.set(step, form.cleaned_data["ranked"])
        progress.data.pop(f"{step}_unranked", None)
        return progress.write(_next(link, step))
    pool = default_pool()
    rows = [(form[f"rank_{c}"], pool.get(c).label(lang())) for c in picks]  # type: ignore[union-attr]
    return progress.write(
        render(
            request,
            "responses/rank.html",
            _context(cycle_unit, progress, step, form=form, rows=rows),
        )
    )


def _texts(request: HttpRequest, cu: CycleUnit, progress: Progress, step: str) -> HttpResponse:
    form = TextsForm(request.POST or None, initial=progress.texts())
    if request.method == "POST" and form.is_valid():
        progress.set("saran", form.cleaned_data)
        if progress.token and codes_blocked(request):
            return too_many(request)
        if not submission_allowed(request):
            return too_many(request)
        try:
            do_submit_response(cu, progress.answers(), progress.nonce, progress.token)
        except CycleNotOpen:
            return _closed(request, cu)
        except CodeUnusable:  # unknown, or used (perhaps in another browser meanwhile)
            count_wrong_code(request)
            progress.data.pop("tk", None)
            progress.changed = True
            context = {"cycle_unit": cu, "form": CodeForm(), "code_refused": True}
            return render(request, "responses/code.html", context)
        except InvalidAnswers:  # cannot happen through the steps; start the gap again
            return redirect("responses:step", link=cu.link_token, step=progress.first_open_step())
        progress.finish()
        return redirect("responses:step", link=cu.link_token, step="selesai")
    summary = _summary(progress)
    return render(
        request,
        "responses/texts.html",
        _context(cu, progress, step, form=form, nonce=progress.nonce, summary=summary),
    )


def _summary(progress: Progress) -> list[dict[str, Any]]:
    pool = default_pool()
    language = lang()
    return [
        {
            "step": q,
            "name": bilingual(QUESTION_NAMES[q]),
            "labels": [pool.get(c).label(language) for c in progress.picks(q)],  # type: ignore[union-attr]
        }
        for q in ("pv", "cc", "dc")
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest, link: str) -> HttpResponse:
    """Entering a personal code by hand (cycles that use personal codes)."""
    cycle_unit = _cycle_unit(link)
    if not cycle_unit.cycle.accepting:
        return _closed(request, cycle_unit)
    if codes_blocked(request):
        return too_many(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _keep_code(request, cycle_unit, form.cleaned_data["code"])
    return render(request, "responses/code.html", {"cycle_unit": cycle_unit, "form": form})


@never_cache
@require_http_methods(["GET"])
def personal(request: HttpRequest, link: str, token: str) -> HttpResponse:
    """A personal link (/s/<unit link>/kode/<code>/): the unit's questionnaire, with the
    code kept for the submission."""
    return _keep_code(request, _cycle_unit(link), token)


def _keep_code(request: HttpRequest, cycle_unit: CycleUnit, token: str) -> HttpResponse:
    """Keep the code's hash in the respondent's progress and go on with the questionnaire.

    The code is not looked up here. The operator holds the list of codes: if a used, an
    unused and an unknown code looked any different before a questionnaire is submitted
    with them, polling the list would tell who has answered. Only the submission checks
    (and burns) the code; a wrong one is refused there and counts against the address.
    """
    progress = Progress.load(request, cycle_unit)
    if not progress.done and cycle_unit.cycle.access == Access.TOKEN:
        progress.set("tk", code_hash(token))
    step = progress.first_open_step()
    return progress.write(redirect("responses:step", link=cycle_unit.link_token, step=step))
