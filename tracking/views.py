from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hipflex.http import posted_data, wants_fragment
from routines.models import (
    FunctionalGoal,
    Part,
    PlannedDay,
    PlannedExercise,
    Profile,
    session_minutes,
)
from routines.services import (
    equipment_to_lay_out,
    program_blocks,
    program_extend,
    session_move_to_today,
    today_and_next,
)
from routines.views import onboarded_required
from tracking import progress
from tracking.adaptation import WINDOW_DAYS
from tracking.export import account_delete, export_data, sessions_csv_rows
from tracking.forms import (
    PERIOD_CHOICES,
    BlockReviewForm,
    DeleteAccountForm,
    HipTestForm,
    LogEditForm,
    ManualLogForm,
    MorningForm,
    RatingForm,
    ReportForm,
    StartForm,
)
from tracking.models import CareAdvice, ExerciseResult, HipExtensionTest, Milestone, SessionLog
from tracking.progress import (
    block_end,
    block_summary,
    block_to_review,
    care_advice,
    goal_progress,
    logged_sessions,
    review_skipped,
)
from tracking.prompts import morning_context
from tracking.report import (
    WORDS,
    Report,
    build_report,
    long_date,
    pain_text,
    short_date,
)
from tracking.report_chart import FONT_SIZE, marker_path
from tracking.report_choices import MAX_NOTES, SINCE_START
from tracking.report_pdf import report_pdf
from tracking.review import allowed_choices, earned_choice, earned_reason
from tracking.services import (
    flare_easing_catch_up,
    hip_test_record,
    morning_check_record,
    review_skip,
    review_submit,
    session_delete,
    session_log_manual,
    session_start,
    session_update,
    task_rate,
)
from tracking.sharing import notes_for_today

CARE_ADVICE_PAUSE_DAYS = 14
SESSIONS_PER_PAGE = 20


def _safe_next(request: HttpRequest, default: str) -> str:
    """The page to go back to: a path on this site, never another site or a view name."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _get_log_for_user(request: HttpRequest, pk: int) -> SessionLog:
    return get_object_or_404(
        SessionLog.objects.select_related("planned_day", "user"), pk=pk, user=request.user
    )


def _results(log: SessionLog) -> list[ExerciseResult]:
    return list(
        log.results.select_related("exercise", "easier").prefetch_related("exercise__equipment")
    )


@onboarded_required
@require_http_methods(["GET", "POST"])
def session_start_view(request: HttpRequest, profile: Profile) -> HttpResponse:
    today = profile.local_today()
    day = (
        PlannedDay.objects.for_user(request.user)
        .filter(date=today)
        .exclude(kind="rest")
        .prefetch_related(
            Prefetch("exercises", queryset=PlannedExercise.objects.order_by("position"))
        )
        .first()
    )
    if day is None:
        messages.info(request, "There is no session planned today. You can log one you did.")
        return redirect("tracking:session_new")
    existing = SessionLog.objects.filter(user=request.user, planned_day=day).first()
    if existing:
        return redirect("tracking:session_do", existing.pk)
    form = StartForm(posted_data(request))
    if form.is_valid():
        log = session_start(
            user=request.user, planned_day=day, pain_before=form.cleaned_data["pain_before"]
        )
        return redirect("tracking:session_do", log.pk)
    return render(request, "tracking/session_start.html", {"form": form, "day": day})


@onboarded_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, profile: Profile) -> HttpResponse:
    today = profile.local_today()
    form = ManualLogForm(posted_data(request), today=today, initial={"date": today})
    if form.is_valid():
        data = form.cleaned_data
        log = session_log_manual(
            user=request.user,
            day=data["date"],
            kind=data["kind"],
            pain_before=data["pain_before"],
            pain_after=data["pain_after"],
            effort=data["effort"],
            note=data["note"],
        )
        messages.success(request, "Session logged.")
        return redirect(log)
    return render(request, "tracking/session_new.html", {"form": form})


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    logs = progress.NewestLogs(request.user)
    page = Paginator(logs, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracking/session_list.jinja", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    form = LogEditForm(posted_data(request), instance=log)
    if form.is_valid():
        session_update(log=log, fields=form.cleaned_data)
        messages.success(request, "Changes saved.")
        return redirect(log)
    return render(
        request,
        "tracking/session_detail.html",
        {"log": log, "results": _results(log), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    if request.method == "POST":
        session_delete(log=log)
        messages.success(request, "Session deleted.")
        return redirect("tracking:sessions")
    return render(request, "tracking/session_delete.html", {"log": log})


@login_required
@require_POST
def morning_check(request: HttpRequest, pk: int) -> HttpResponse:
    log = _get_log_for_user(request, pk)
    form = MorningForm(request.POST)
    saved = False
    if form.is_valid():
        morning_check_record(log=log, pain=form.cleaned_data["morning_pain"])
        saved = True
    context = {"morning_log": log, "morning_form": form, "morning_saved": saved}
    if wants_fragment(request):
        return render(request, "tracking/morning_check.jinja", context)
    if saved:
        messages.success(request, "Thanks. Your plan takes that into account.")
    else:
        messages.error(request, " ".join(form.errors.get("morning_pain", [])))
    return redirect(_safe_next(request, "tracking:today"))


@onboarded_required
@require_GET
def milestones(request: HttpRequest, profile: Profile) -> HttpResponse:
    context = progress.milestones_context(profile)
    return render(request, "tracking/milestones.html", context)


@login_required
@require_POST
def rate_goal(request: HttpRequest, goal_pk: int) -> HttpResponse:
    goal = get_object_or_404(
        FunctionalGoal.objects.select_related("task"), pk=goal_pk, user=request.user
    )
    profile = get_object_or_404(Profile, user=request.user)
    form = RatingForm(request.POST)
    if form.is_valid():
        milestone = task_rate(
            user=request.user,
            goal=goal,
            rating=form.cleaned_data["rating"],
            on=profile.local_today(),
        )
        if milestone:
            _celebrate(request, milestone)
        else:
            messages.success(
                request, f"Saved: {goal.name} is {form.cleaned_data['rating']}/10 today."
            )
        return redirect("tracking:milestones")
    profile.user = request.user
    context = progress.milestones_context(profile)
    context["errors"] = {goal.pk: form}
    return render(request, "tracking/milestones.html", context)


def _celebrate(request: HttpRequest, milestone: Milestone) -> None:
    """Shown once, on the next page, with its own heading (templates/jinja2/layout.jinja)."""
    goal = milestone.goal
    messages.success(
        request,
        f"{goal.name} is now {milestone.rating}/10, up from {goal.baseline} when you started. "
        "That is a real change in everyday life.",
        extra_tags="milestone",
    )


HIP_TEST_SAVED = "Saved. Your hip self-test is on your progress page."


@onboarded_required
@require_http_methods(["GET", "POST"])
def hip_test_view(request: HttpRequest, profile: Profile) -> HttpResponse:
    form = HipTestForm(posted_data(request))
    back = _safe_next(request, "tracking:progress")
    if form.is_valid():
        test = hip_test_record(user=request.user, on=profile.local_today(), answers=form.answers())
        _told_hip_test(request, test)
        return redirect(back)
    return render(request, "tracking/hip_test.html", {"form": form, "next": back})


def _told_hip_test(request: HttpRequest, test: HipExtensionTest) -> None:
    hip = progress.hip_progress(request.user)
    if test.milestone and hip is not None and hip.improved:
        sides = " and ".join(hip.improved)
        messages.success(
            request,
            f"Your {sides} hip {'extend' if len(hip.improved) > 1 else 'extends'} further "
            "than at your first self-test: the front of the hip is getting longer.",
            extra_tags="milestone",
        )
    else:
        messages.success(request, HIP_TEST_SAVED)


@onboarded_required
@require_GET
def progress_view(request: HttpRequest, profile: Profile) -> HttpResponse:
    context = progress.dashboard_context(profile)
    return render(request, "tracking/progress.jinja", context)


# What the report's template draws with, beside the report itself.
REPORT_HELPERS = {
    "report_words": WORDS,
    "font_size": FONT_SIZE,
    "short_date": short_date,
    "long_date": long_date,
    "pain_text": pain_text,
    "legend_marker": lambda shape: marker_path(shape, 6, 6, 4.5),
}


def _report_for(request: HttpRequest, profile: Profile) -> tuple[ReportForm, Report]:
    """The report the query string asks for; a wrong value gives its default, and a message
    by its field."""
    form = ReportForm(request.GET)
    weeks, include_safety, note_ids = form.choice()
    content = build_report(profile, weeks=weeks, include_safety=include_safety, note_ids=note_ids)
    if note_ids - {option.log_id for option in content.note_options}:
        form.add_error("note", "A note you chose is not in this period, so it is left out.")
    return form, content


@onboarded_required
@require_GET
def report_view(request: HttpRequest, profile: Profile) -> HttpResponse:
    form, content = _report_for(request, profile)
    query = request.GET.urlencode()
    weeks = content.period.weeks
    return render(
        request,
        "tracking/report.jinja",
        {
            "form": form,
            "report": content,
            "pdf_url": reverse("tracking:report_pdf") + (f"?{query}" if query else ""),
            "period_choices": PERIOD_CHOICES,
            "chosen_weeks": SINCE_START if weeks is None else str(weeks),
            "ticked": set(request.GET.getlist("note")),
            "max_notes": MAX_NOTES,
            **REPORT_HELPERS,
        },
    )


@onboarded_required
@require_GET
def report_pdf_view(request: HttpRequest, profile: Profile) -> HttpResponse:
    _, content = _report_for(request, profile)
    return report_pdf_response(content)


def report_pdf_response(content: Report) -> HttpResponse:
    response = HttpResponse(report_pdf(content), content_type="application/pdf")
    stamp = content.made_on.isoformat()
    response["Content-Disposition"] = f'attachment; filename="hipflex-report-{stamp}.pdf"'
    # Health data: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def care_advice_dismiss(request: HttpRequest) -> HttpResponse:
    profile = get_object_or_404(Profile, user=request.user)
    until = profile.local_today() + timedelta(days=CARE_ADVICE_PAUSE_DAYS)
    CareAdvice.objects.update_or_create(user=request.user, defaults={"dismissed_until": until})
    if wants_fragment(request):
        return HttpResponse("")
    messages.info(
        request,
        f"Hidden until {until:%A} {until.day} {until:%B}. It comes back if things do not improve.",
    )
    return redirect(_safe_next(request, "tracking:progress"))


def _today_for(request: HttpRequest) -> str:
    """The person's own date, for file names; the server's for someone not yet set up."""
    profile = Profile.of(request.user)
    return (profile.local_today() if profile else timezone.localdate()).isoformat()


@require_GET
@login_required
@reauthentication_required
def export_json(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(export_data(request.user), indent=2, default=str),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="hipflex-{_today_for(request)}.json"'
    return response


@require_GET
@login_required
@reauthentication_required
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    stamp = _today_for(request)
    response["Content-Disposition"] = f'attachment; filename="hipflex-sessions-{stamp}.csv"'
    writer = csv.writer(response)
    for row in sessions_csv_rows(request.user):
        writer.writerow(row)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    if is_reauthentication_required(request, app="allauth.account"):
        if request.method == "POST":
            # Never kept to be replayed after the password: the box is ticked again, on a
            # page the person can see.
            messages.info(request, "Please confirm it is you, then tick the box again.")
            return redirect("tracking:delete_account")
        raise ReauthenticationRequired()
    form = DeleteAccountForm(posted_data(request))
    if form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, "Your account and all your data are deleted. Take care.")
        return redirect("home")
    return render(request, "tracking/delete_account.html", {"form": form})


@onboarded_required
@require_http_methods(["GET", "POST"])
def block_review(request: HttpRequest, profile: Profile) -> HttpResponse:
    block = block_to_review(program_blocks(request.user), profile.local_today())
    if block is None:
        messages.info(request, "There is no finished block to review right now.")
        return redirect("tracking:today")
    summary = block_summary(request.user, block)
    end = block_end(request.user, block)
    suggestion = earned_choice(end)
    goals = list(FunctionalGoal.objects.filter(user=request.user).select_related("task"))
    form = BlockReviewForm(
        posted_data(request),
        goals=goals,
        choices=allowed_choices(suggestion),
        initial={"choice": suggestion},
    )
    hip_form = HipTestForm(posted_data(request), prefix="hip", required=False)
    if form.is_valid() and hip_form.is_valid():
        reached = review_submit(
            user=request.user,
            block=block,
            choice=form.cleaned_data["choice"],
            ratings=form.ratings(),
            hip_answers=hip_form.answers(),
            on=profile.local_today(),
        )
        messages.success(request, "Thanks. Your next block is ready.")
        for milestone in reached:
            _celebrate(request, milestone)
        if hip_form.answers():
            latest = HipExtensionTest.objects.filter(user=request.user).last()
            if latest is not None and latest.milestone:
                _told_hip_test(request, latest)
        return redirect("routines:plan")
    return render(
        request,
        "tracking/review.html",
        {
            "program_block": block,
            "summary": summary,
            "suggestion": suggestion,
            "reason": earned_reason(end, suggestion, profile.usual_pain or 0),
            "form": form,
            "hip_form": hip_form,
        },
    )


@onboarded_required
@require_GET
def today(request: HttpRequest, profile: Profile) -> HttpResponse:
    user, today = profile.user, profile.local_today()
    zone = ZoneInfo(profile.time_zone)
    blocks = program_extend(user=user, until=today + timedelta(days=6))
    review_due = block_to_review(blocks, today)
    if review_due is not None and review_skipped(review_due, today):
        # Before the days are read: the skip plans the next block afresh.
        told = review_skip(user=user, block=review_due, today=today)
        if told:
            messages.info(request, told)
        review_due = None
    # Two weeks of logs: what the care advice weighs, and yesterday's morning check.
    logged = logged_sessions(user, today - timedelta(days=WINDOW_DAYS), today)
    day, next_session, exercises = today_and_next(user=user, today=today)
    if flare_easing_catch_up(
        profile=profile, outcomes=logged.outcomes, day=day, exercises=exercises
    ):
        day, next_session, exercises = today_and_next(user=user, today=today)
    return render(
        request,
        "tracking/today.jinja",
        {
            "day": day,
            "today": today,
            "parts": _parts(exercises),
            "minutes": session_minutes(exercises),
            "exercise_count": len(exercises),
            "equipment": equipment_to_lay_out(exercises),
            "swappable": day is not None and day.completed_at is None,
            "next_session": next_session,
            "can_bring_forward": (
                day is not None and next_session is not None and next_session.can_move_to(day)
            ),
            "review_due": review_due,
            "advice": care_advice(user, today, goal_progress(profile), logged.outcomes),
            "morning": morning_context(logged.waiting_for_morning(today)),
            "started": next(
                (log for log in logged.newest if log.date == today and not log.is_finished), None
            ),
            "care_notes": [
                (access, long_date(timezone.localtime(access.note_written_at, zone).date()))
                for access in notes_for_today(user, timezone.now())
            ],
        },
    )


@onboarded_required
@require_GET
def plan_day(request: HttpRequest, profile: Profile, day: str) -> HttpResponse:
    """One day of the plan: a preview of its session, or the log once it is done."""
    try:
        on = date.fromisoformat(day)
    except ValueError as error:
        raise Http404("No such day.") from error
    planned = get_object_or_404(PlannedDay.objects.for_user(request.user), date=on)
    log = SessionLog.objects.filter(user=request.user, planned_day=planned).first()
    if log is not None and log.is_finished:
        return redirect(log)
    today = profile.local_today()
    if on == today:
        return redirect("tracking:today")
    exercises = list(planned.exercises.select_related("exercise")) if planned.is_training else []
    rest_today = PlannedDay.objects.for_user(request.user).filter(date=today).first()
    context = {
        "day": planned,
        "status": planned.status(today),
        "parts": _parts(exercises),
        "can_move_to_today": log is None and rest_today and planned.can_move_to(rest_today),
    }
    return render(request, "tracking/plan_day.html", {**context, "log": log})


@onboarded_required
@require_POST
def train_today(request: HttpRequest, profile: Profile, day: str) -> HttpResponse:
    """Train anyway on a rest day: the session planned for `day` moves to today."""
    try:
        on = date.fromisoformat(day)
    except ValueError as error:
        raise Http404("No such day.") from error
    get_object_or_404(PlannedDay.objects.for_user(request.user), date=on)
    moved = session_move_to_today(user=request.user, on=on)
    if moved is None:
        messages.info(request, "That session cannot move to today, so your plan is unchanged.")
    else:
        messages.success(
            request,
            f"{moved.get_kind_display()} is today's session now, and "
            f"{on:%A} {on.day} {on:%B} is a rest day instead.",
        )
    return redirect("tracking:today")


def _parts(exercises: list[PlannedExercise]) -> list[tuple[str, list[PlannedExercise]]]:
    return [
        (label, [item for item in exercises if item.part == value])
        for value, label in Part.choices
        if any(item.part == value for item in exercises)
    ]
