"""The guided session: one exercise per page, then the finish (tracking.guided has its rules).

Every step is a plain form that posts and redirects to the next step, so the session works
without JavaScript; htmx boosts the forms and links, so it feels instant with it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hipflex.http import posted_data
from routines.models import Exercise, Profile
from routines.services import easier_version
from tracking import guided
from tracking.adaptation import ASSESSMENT_ADVICE
from tracking.forms import EASIER, AnswerForm, FinishForm, HurtForm
from tracking.models import ExerciseResult, ResultStatus, SessionLog
from tracking.services import (
    result_easier_record,
    result_hurt_rate,
    result_record,
    session_finish,
)


def _get_log_for_user(request: HttpRequest, pk: int) -> SessionLog:
    return get_object_or_404(
        SessionLog.objects.select_related("planned_day", "user"), pk=pk, user=request.user
    )


def _results(log: SessionLog) -> list[ExerciseResult]:
    return list(
        log.results.select_related("exercise", "easier")
        .defer("exercise__poses", "easier__poses")
        .order_by("position")
    )


def _step_url(log: SessionLog, number: int) -> str:
    return reverse("tracking:session_step", args=[log.pk, number])


def _next_url(log: SessionLog, results: list[ExerciseResult], after: int | None) -> str:
    """The next exercise not answered (tracking.guided), else the finish."""
    index = guided.next_unanswered([result.is_answered for result in results], after)
    if index is None:
        return reverse("tracking:session_finish", args=[log.pk])
    return _step_url(log, index + 1)


@login_required
@require_GET
def session_do(request: HttpRequest, pk: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    if log.is_finished:
        return redirect(log)
    return redirect(_next_url(log, _results(log), None))


@login_required
@require_http_methods(["GET", "POST"])
def session_step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    if log.is_finished:
        return redirect(log)
    results = _results(log)
    if not 1 <= number <= len(results):
        raise Http404("No such exercise in this session.")
    profile = Profile.of(request.user)
    form: AnswerForm | HurtForm | None = None
    if request.method == "POST":
        form = HurtForm(request.POST) if "hurt_pain" in request.POST else AnswerForm(request.POST)
        if form.is_valid():
            answered = _answer(request, log, results, number, form, profile)
            if answered is not None:
                return answered
    return _step_page(request, log, results, number, form, profile)


def _answer(
    request: HttpRequest,
    log: SessionLog,
    results: list[ExerciseResult],
    number: int,
    form: AnswerForm | HurtForm,
    profile: Profile | None,
) -> HttpResponse | None:
    """Store a valid answer and say where to go next; None (and an error on the form) when
    the answer does not fit the step."""
    result = results[number - 1]
    if isinstance(form, HurtForm):
        pain = form.cleaned_data["hurt_pain"]
        result_hurt_rate(result=result, pain=pain)
        if not guided.hurt_stops_exercise(pain):
            return redirect(_step_url(log, number))  # an easier version for the rest of the set
        messages.info(
            request,
            f"{result.exercise.name} stops here for today: {pain}/10 is more than an exercise "
            "should hurt. Go gently with the rest; your plan is already easier for next time. "
            "If the pain is still there tomorrow or keeps coming back, "
            f"{ASSESSMENT_ADVICE[0].lower()}{ASSESSMENT_ADVICE[1:]}",
        )
        return redirect(_next_url(log, results, number - 1))
    status = form.cleaned_data["status"]
    if status == EASIER:
        easier = _easier(result, results, profile) if _offers_easier(result) else None
        if easier is None:
            form.add_error("status", "There is no easier version to note for this one.")
            return None
        result_easier_record(result=result, easier=easier)
        return redirect(_next_url(log, results, number - 1))
    result_record(result=result, status=status, sets_done=None)
    if status == ResultStatus.HURT:
        return redirect(_step_url(log, number))  # how much?
    return redirect(_next_url(log, results, number - 1))


def _offers_easier(result: ExerciseResult) -> bool:
    """It hurt a little (rated, at most 5), and no easier version is noted yet."""
    return (
        result.status == ResultStatus.HURT
        and result.hurt_pain is not None
        and not guided.hurt_stops_exercise(result.hurt_pain)
        and result.easier_id is None
    )


def _easier(
    result: ExerciseResult, results: list[ExerciseResult], profile: Profile | None
) -> Exercise | None:
    if profile is None:
        return None
    hurt = [other.exercise_id for other in results if other.status == ResultStatus.HURT]
    return easier_version(result.exercise, profile, exclude=[*hurt, result.exercise_id])


def _step_page(
    request: HttpRequest,
    log: SessionLog,
    results: list[ExerciseResult],
    number: int,
    form: AnswerForm | HurtForm | None,
    profile: Profile | None,
) -> HttpResponse:
    result = results[number - 1]
    if result.status == ResultStatus.HURT and result.hurt_pain is None:
        state = "how_much"
    elif _offers_easier(result):
        state = "easier"
    else:
        state = "answer"
    easier = _easier(result, results, profile) if state == "easier" else None
    timed = result if state == "answer" else None
    context = {
        "log": log,
        "result": result,
        "number": number,
        "count": len(results),
        "state": state,
        "form": form,
        "errors": _errors(form),
        "previous_url": _step_url(log, number - 1) if number > 1 else "",
        "next_url": _next_url(log, results, number - 1),
        "unanswered": sum(1 for other in results if not other.is_answered),
        "phases": _phases(timed) if timed and not _stopped(result) else [],
        "breath": guided.breath_pacing(result.exercise.slug),
        "easier": easier,
        "easier_dose": _easier_dose(result, easier),
        "morning": None,  # no morning check in the middle of a session
    }
    return render(request, "tracking/session_step.jinja", context)


def _stopped(result: ExerciseResult) -> bool:
    return result.hurt_pain is not None and guided.hurt_stops_exercise(result.hurt_pain)


def _phases(result: ExerciseResult) -> list[dict[str, object]]:
    return guided.timer_data(
        guided.timer_phases(
            result.mode,
            result.sets,
            result.amount,
            per_side=result.per_side,
            rest_seconds=result.rest_seconds,
        )
    )


def _easier_dose(result: ExerciseResult, easier: Exercise | None) -> dict[str, object]:
    """The easier version at the dose of what it replaces (its own when the mode differs)."""
    if easier is None:
        return {}
    same = easier.dose_mode == result.mode
    mode = result.mode if same else easier.dose_mode
    sets = result.sets if same else min(result.sets, easier.dose_sets)
    amount = result.amount if same else easier.dose_amount
    dose = ExerciseResult(
        mode=mode,
        sets=sets,
        amount=amount,
        per_side=easier.per_side,
        rest_seconds=result.rest_seconds,
    )
    return {
        "text": dose.dosage_text(),
        "phases": _phases(dose),
        "breath": guided.breath_pacing(easier.slug),
    }


# Where the summary at the top of a step links each error to: the answer buttons, the 0-10
# buttons, a scale's first choice, the note.
ERROR_ANCHORS = {
    "status": "answer",
    "hurt_pain": "how-much",
    "pain_after": "id_pain_after_0",
    "effort": "id_effort_0",
    "note": "id_note",
}


def _errors(form: AnswerForm | HurtForm | FinishForm | None) -> list[tuple[str, str]]:
    """Each error of a posted form, with where it is on the page."""
    if form is None or not form.is_bound:
        return []
    return [
        (message, ERROR_ANCHORS.get(name, ""))
        for name, errors in form.errors.items()
        for message in errors
    ]


@login_required
@require_http_methods(["GET", "POST"])
def session_finish_view(request: HttpRequest, pk: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    if log.is_finished:
        return redirect(log)
    results = _results(log)
    form = FinishForm(posted_data(request))
    if form.is_valid():
        session_finish(
            log=log,
            answers={},
            pain_after=form.cleaned_data["pain_after"],
            effort=form.cleaned_data["effort"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Session logged. Well done for showing up for your back.")
        return redirect(log)
    unanswered = [result for result in results if not result.is_answered]
    context = {
        "log": log,
        "count": len(results),
        "answered": len(results) - len(unanswered),
        "form": form,
        "errors": _errors(form),
        "unanswered": guided.unanswered_sentence([r.exercise.name for r in unanswered]),
        "first_unanswered": _step_url(log, results.index(unanswered[0]) + 1) if unanswered else "",
        "previous_url": _step_url(log, len(results)) if results else "",
        "morning": None,
    }
    return render(request, "tracking/session_finish.jinja", context)
