from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hipflex.http import posted_data, wants_fragment
from routines import figures
from routines.calendar import FEED_WEEKS, feed_days, paused_calendar, training_calendar
from routines.forms import (
    ClearanceForm,
    GoalsForm,
    OnboardingReminderForm,
    ReminderForm,
    SafetyForm,
    TrainingProfileForm,
)
from routines.library import exercise_with_links, library_listing
from routines.media import MEDIA_TYPES, media_response
from routines.models import (
    Exercise,
    FunctionalGoal,
    FunctionalTask,
    PlannedExercise,
    Profile,
    new_calendar_token,
)
from routines.reminders import user_for_unsubscribe_token
from routines.safety import EMERGENCY, RED_FLAG_KEYS, SIGNS
from routines.services import (
    clearance_confirm,
    main_exercise_names,
    monday_of,
    onboarding_goals_save,
    planned_exercise_swap,
    program_extend,
    program_rebuild,
    safety_answers_save,
    week_days,
)


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    if wants_fragment(request):
        return HttpResponse(library_listing(request.GET, fragment=True))
    listing = library_listing(request.GET, fragment=False)
    return render(request, "routines/library.html", {"listing": listing})


@require_GET
def exercise(request: HttpRequest, slug: str) -> HttpResponse:
    staff = request.user.is_staff
    exercise = get_object_or_404(exercise_with_links(published_only=not staff), slug=slug)
    if not exercise.is_published and not staff:
        raise Http404("No such exercise.")
    # Only what a visitor could open is linked.
    regression = exercise.regression if _visible(exercise.regression, staff) else None
    progression = exercise.progression if _visible(exercise.progression, staff) else None
    return render(
        request,
        "routines/exercise.html",
        {"exercise": exercise, "regression": regression, "progression": progression},
    )


def _visible(exercise: object, staff: bool) -> bool:
    return exercise is not None and (staff or exercise.is_published)


# A figure's address carries its version, so a browser or a cache may keep it for good.
FIGURE_DRAWINGS = {
    "moving": figures.figure_svg,
    "stills": figures.stills_svg,
    "end": figures.still_svg,
}


@require_GET
def figure(request: HttpRequest, slug: str, version: str, variant: str) -> HttpResponse:
    """An exercise's figure, drawn from its poses: one query, no session read for a published
    exercise (so shared caches may keep it too)."""
    exercise = get_object_or_404(Exercise.objects.only("slug", "status", "poses"), slug=slug)
    published = exercise.is_published
    if not exercise.poses or not (published or request.user.is_staff):
        raise Http404("No such figure.")
    # From the poses themselves: an address named from a stale key moves to the right one.
    current = figures.figure_version(figures.poses_key(exercise.poses))
    if version != current:
        moved = redirect("routines:figure", slug, current, variant)
        moved["Cache-Control"] = "no-cache"
        return moved
    response = HttpResponse(FIGURE_DRAWINGS[variant](exercise.poses), content_type="image/svg+xml")
    scope = "public" if published else "private"
    response["Cache-Control"] = f"{scope}, max-age=31536000, immutable"
    return response


@require_GET
def exercise_media(request: HttpRequest, name: str) -> HttpResponse | StreamingHttpResponse:
    """A photo or clip of an exercise a visitor may open: nothing else kept in storage."""
    stored = f"exercises/{name}"
    exercises = Exercise.objects.filter(Q(image=stored) | Q(video=stored))
    if not request.user.is_staff:
        exercises = exercises.published()
    if not exercises.exists():
        raise Http404("No such file.")
    content_type = MEDIA_TYPES.get(name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404("No such file.")
    return media_response(request, stored, content_type)


def onboarded_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required, and onboarding finished; otherwise on to the next onboarding step."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        profile = Profile.of(request.user)
        if profile is None or profile.onboarding_step != "done":
            return redirect("routines:onboarding")
        return view(request, profile, *args, **kwargs)

    return wrapper


ONBOARDING_STEPS = ["safety", "profile", "goals"]


@login_required
@require_GET
def onboarding(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    step = profile.onboarding_step if profile else "safety"
    if step == "done":
        return redirect("tracking:today")
    return redirect(f"routines:onboarding_{step}")


def _onboarding_page(
    request: HttpRequest, template: str, step: str, context: dict[str, object]
) -> HttpResponse:
    number = ONBOARDING_STEPS.index(step) + 1
    return render(
        request,
        template,
        {"step_number": number, "step_count": len(ONBOARDING_STEPS), **context},
    )


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_safety(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    initial = {}
    if profile and profile.safety_answered_at:
        initial = {key: "yes" if key in profile.red_flags else "no" for key in RED_FLAG_KEYS}
    form = SafetyForm(posted_data(request), initial=initial, needs_consent=profile is None)
    if form.is_valid():
        profile = safety_answers_save(user=request.user, red_flags=form.red_flags())
        return redirect("routines:onboarding")
    return _onboarding_page(request, "routines/onboarding_safety.html", "safety", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_clearance(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    if profile is None or not profile.needs_clearance:
        return redirect("routines:onboarding")
    emergency = profile.red_flag_urgency == EMERGENCY
    today = profile.local_today()
    reported_on = timezone.localtime(profile.safety_answered_at, ZoneInfo(profile.time_zone)).date()
    form = ClearanceForm(
        posted_data(request), emergency=emergency, reported_on=reported_on, today=today
    )
    if form.is_valid():
        clearance_confirm(
            user=request.user,
            assessed_on=form.cleaned_data["assessed_on"],
            assessed_by=form.cleaned_data["assessed_by"],
        )
        return redirect("routines:onboarding")
    template = (
        "routines/onboarding_emergency.html" if emergency else "routines/onboarding_clearance.html"
    )
    signs = [SIGNS[key] for key in RED_FLAG_KEYS if key in profile.red_flags]
    return _onboarding_page(request, template, "safety", {"form": form, "signs": signs})


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_profile(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    if profile is None or profile.onboarding_step in {"safety", "clearance"}:
        return redirect("routines:onboarding")
    form = TrainingProfileForm(posted_data(request), instance=profile)
    if form.is_valid():
        profile.profile_completed_at = profile.profile_completed_at or timezone.now()
        form.save()
        return redirect("routines:onboarding_goals")
    return _onboarding_page(request, "routines/onboarding_profile.html", "profile", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_goals(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    if profile is None or profile.onboarding_step in {"safety", "clearance", "profile"}:
        return redirect("routines:onboarding")
    form = GoalsForm(
        posted_data(request),
        tasks=list(FunctionalTask.objects.all()),
        current=list(FunctionalGoal.objects.filter(user=request.user).select_related("task")),
    )
    reminder_form = OnboardingReminderForm(
        posted_data(request), instance=profile, prefix="reminders"
    )
    if form.is_valid() and reminder_form.is_valid():
        onboarding_goals_save(
            user=request.user,
            ratings=form.ratings,
            reminders_enabled=reminder_form.cleaned_data["reminders_enabled"],
            reminder_time=reminder_form.cleaned_data["reminder_time"],
        )
        messages.success(request, "Your plan is ready. One last, optional step before it.")
        # The hip extension self-test gives a measure to compare with at each review.
        return redirect(f"{reverse('tracking:hip_test')}?next={reverse('routines:plan')}")
    return _onboarding_page(
        request,
        "routines/onboarding_goals.html",
        "goals",
        {"form": form, "reminder_form": reminder_form},
    )


PLAN_HORIZON = timedelta(weeks=52)
NO_SWAP = "There is no other exercise of this kind to swap in today, so {name} stays."
TOKEN_PATTERN = re.compile(r"[-\w]+", re.ASCII)


def _requested_week(request: HttpRequest, this_week: date) -> date:
    """The Monday of ?week=, within a year either way; this week otherwise."""
    requested = request.GET.get("week")
    if not requested:
        return this_week
    try:
        monday = monday_of(date.fromisoformat(requested))
    except (ValueError, OverflowError):
        messages.info(request, "That week could not be read, so here is this week.")
        return this_week
    if abs(monday - this_week) > PLAN_HORIZON:
        messages.info(request, "Plans reach a year ahead and back, so here is this week.")
        return this_week
    return monday


@onboarded_required
@require_GET
def plan(request: HttpRequest, profile: Profile) -> HttpResponse:
    today = profile.local_today()
    monday = _requested_week(request, monday_of(today))
    sunday = monday + timedelta(days=6)
    days = week_days(user=profile.user, monday=monday)
    if days[-1] is None and sunday >= today:
        # A week to come that the program does not reach yet: extend it first.
        program_extend(user=request.user, until=sunday)
        days = week_days(user=profile.user, monday=monday)
    # The block the week ends in, as the days carry it (none before the plan began).
    program_block = next((day.block for day in reversed(days) if day is not None), None)
    names = main_exercise_names(user=request.user, first=monday, last=sunday)
    rows = [
        {
            "date": monday + timedelta(days=offset),
            "day": day,
            "status": day.status(today) if day else "before",
            "exercises": names.get(day.pk, []) if day else [],
        }
        for offset, day in enumerate(days)
    ]
    context = {
        "rows": rows,
        "monday": monday,
        "previous_week": monday - timedelta(weeks=1),
        "next_week": monday + timedelta(weeks=1),
        "is_this_week": monday == monday_of(today),
        # Not "block": templates use that name for {% block %} tags.
        "program_block": program_block,
        "week_in_block": (
            (monday - program_block.starts_on).days // 7 + 1 if program_block else None
        ),
        "gentle_start": (
            program_block is not None and program_block.step <= 0 and profile.needs_gentle_start
        ),
        "usual_pain": profile.usual_pain,
        "eased_block": program_block is not None and program_block.eased,
        "today": today,
    }
    template = "routines/plan_week.jinja" if wants_fragment(request) else "routines/plan.jinja"
    return render(request, template, context)


def _get_planned_exercise_for_user(request: HttpRequest, pk: int) -> PlannedExercise:
    return get_object_or_404(
        PlannedExercise.objects.select_related("exercise", "day"),
        pk=pk,
        day__user=request.user,
    )


@onboarded_required
@require_POST
def swap(request: HttpRequest, profile: Profile, pk: int) -> HttpResponse:
    planned = _get_planned_exercise_for_user(request, pk)
    if planned.day.date != profile.local_today() or planned.day.completed_at:
        messages.info(request, "Only today's session, before it is done, can be changed.")
        return redirect("tracking:today")
    swapped = planned_exercise_swap(planned=planned, profile=profile)
    if wants_fragment(request):
        context = {"item": planned, "swappable": swapped, "no_swap": not swapped, "opened": True}
        return render(request, "routines/planned.jinja", context)
    if swapped:
        messages.success(request, f"Swapped in {planned.exercise.name}.")
    else:
        messages.info(request, NO_SWAP.format(name=planned.exercise.name))
    return redirect("tracking:today")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    profile = Profile.of(request.user)
    if profile is None or profile.profile_completed_at is None:
        return render(request, "routines/settings.html", {"form": None})
    form = TrainingProfileForm(posted_data(request), instance=profile)
    if form.is_valid():
        form.save()
        if form.changes_plan() and profile.onboarded_at:
            return redirect("routines:rebuild")
        messages.success(request, "Saved.")
        return redirect("routines:settings")
    return _settings(request, profile, form=form)


def _settings(
    request: HttpRequest,
    profile: Profile,
    *,
    form: TrainingProfileForm | None = None,
    reminder_form: ReminderForm | None = None,
) -> HttpResponse:
    feed = reverse("routines:calendar", args=[profile.calendar_token])
    calendar_url = request.build_absolute_uri(feed)
    return render(
        request,
        "routines/settings.html",
        {
            "form": form or TrainingProfileForm(instance=profile),
            "reminder_form": reminder_form or ReminderForm(instance=profile),
            "profile": profile,
            "calendar_url": calendar_url,
            # webcal:// opens the calendar app's "subscribe" with the address filled in.
            "webcal_url": "webcal://" + calendar_url.split("://", 1)[1],
        },
    )


@login_required
@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    profile = get_object_or_404(Profile, user=request.user)
    form = ReminderForm(request.POST, instance=profile)
    if form.is_valid():
        form.save()
        if profile.reminders_enabled:
            messages.success(
                request, f"Reminders on: training days at {profile.reminder_time:%H:%M}."
            )
        else:
            messages.success(request, "Reminders off.")
        return redirect("routines:settings")
    return _settings(request, profile, reminder_form=form)


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    profile = get_object_or_404(Profile, user=request.user)
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    messages.success(request, "New calendar address made. The old one no longer works.")
    return redirect("routines:settings")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    if not TOKEN_PATTERN.fullmatch(token):  # PostgreSQL refuses NUL bytes in a lookup
        raise Http404("No such calendar.")
    profile = get_object_or_404(Profile, calendar_token=token)
    today = profile.local_today()
    today_url = request.build_absolute_uri(reverse("tracking:today"))
    if profile.needs_clearance:
        body = paused_calendar(profile, today, today_url, host=request.get_host())
    else:
        program_extend(user=profile.user, until=today + timedelta(weeks=FEED_WEEKS))
        body = training_calendar(
            profile, feed_days(profile, today), today_url=today_url, host=request.get_host()
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hipflex.ics"'
    return response


@csrf_exempt  # mail clients unsubscribe with a one-click POST (RFC 8058); the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_pk = user_for_unsubscribe_token(token)
    if user_pk is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "GET":
        # Mail scanners open links; only the button (or a mail client's POST) unsubscribes.
        return render(request, "routines/unsubscribe.html", {"token": token})
    Profile.objects.filter(user_id=user_pk).update(reminders_enabled=False)
    return render(request, "routines/unsubscribed.html")


@onboarded_required
@require_http_methods(["GET", "POST"])
def rebuild(request: HttpRequest, profile: Profile) -> HttpResponse:
    if request.method == "POST":
        count = program_rebuild(user=request.user)
        messages.success(
            request, f"Rebuilt {count} upcoming days from your new settings. Past days are kept."
        )
        return redirect("routines:plan")
    return render(request, "routines/rebuild.html", {"profile": profile})
