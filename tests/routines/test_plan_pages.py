from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from routines.models import (
    DayKind,
    Equipment,
    Exercise,
    PlannedDay,
    PlannedExercise,
    Profile,
    ProgramBlock,
)
from routines.services import monday_of, program_extend
from tests.conftest import PERSON_TIME_ZONE, make_user, onboard, page_text, rendered_queries

pytestmark = pytest.mark.django_db

PLAN = reverse("routines:plan")
TODAY = reverse("tracking:today")


def todays_session(user: User) -> PlannedDay:
    return PlannedDay.objects.get(user=user, date=user.profile.local_today())


def swap_url(planned: PlannedExercise) -> str:
    return reverse("routines:swap", args=[planned.pk])


@pytest.fixture
def trains_on_mondays(user: User, time_machine: time_machine.TimeMachineFixture) -> User:
    """Onboarded on a Monday morning, training Monday, Wednesday and Friday.

    A first block's Monday is a mobility day, whose kinds have plenty of exercises to swap in.
    Other days may not: a recovery day can already hold every recovery exercise a person can
    do, and then a swap has nothing to offer.
    """
    zone = ZoneInfo(PERSON_TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    monday = today + timedelta(days=-today.weekday() % 7)
    time_machine.move_to(datetime.combine(monday, time(9, 30), tzinfo=zone))
    onboard(user, days=[0, 2, 4])
    return user


def long_date(day: date) -> str:
    """A date as the pages write it: Wednesday 25 November."""
    return f"{day:%A} {day.day} {day:%B}"


@pytest.mark.parametrize("url", [PLAN, TODAY, reverse("routines:settings")])
def test_app_pages_send_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_the_plan_shows_seven_days_with_kind_and_status(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN)
    assert response.status_code == HTTPStatus.OK
    rows = response.context["rows"]
    assert len(rows) == 7
    today = onboarded_user.profile.local_today()
    statuses = {row["date"]: row["status"] for row in rows}
    assert statuses[today] == "today"
    assert set(statuses.values()) <= {"before", "today", "upcoming", "rest"}
    text = page_text(response)
    assert "Block 1 · Mobility focus · week 1 of 4" in text
    for row in rows:
        day = row["date"]
        shown = row["day"].get_kind_display() if row["day"] else "Before your plan started."
        assert f"{day:%A} {day.day} {day:%b} {shown}" in text


def test_each_training_day_names_its_first_main_exercises(
    client_logged_in: Client, onboarded_user: User
) -> None:
    onboard(make_user("other@example.com"), days=[0, 1, 2, 3, 4, 5])  # the same week
    text = page_text(client_logged_in.get(PLAN))
    monday = monday_of(onboarded_user.profile.local_today())
    days = PlannedDay.objects.filter(
        user=onboarded_user, date__range=(monday, monday + timedelta(days=6))
    ).exclude(kind=DayKind.REST)
    assert days
    for day in days:
        names = list(
            day.exercises.filter(part="main")
            .order_by("position")
            .values_list("exercise__name", flat=True)
        )
        # The main part only (not the warm-up), in order: three, then "and more".
        shown = ", ".join(names[:3]) + (" and more" if len(names) > 3 else "")
        assert f"{day.get_kind_display()} {shown}" in text


def test_next_and_previous_weeks_are_reachable(
    client_logged_in: Client, onboarded_user: User
) -> None:
    monday = monday_of(onboarded_user.profile.local_today())
    following, previous = monday + timedelta(weeks=1), monday - timedelta(weeks=1)
    this_week = client_logged_in.get(PLAN)
    assert f'href="?week={following.isoformat()}"' in this_week.text
    assert f'href="?week={previous.isoformat()}"' in this_week.text
    response = client_logged_in.get(PLAN, {"week": following.isoformat()})
    assert response.context["monday"] == following
    assert f"Week of {following.day} {following:%B}" in page_text(response)
    assert all(row["status"] in {"upcoming", "rest"} for row in response.context["rows"])
    earlier = client_logged_in.get(PLAN, {"week": previous.isoformat()})
    assert all(row["status"] == "before" for row in earlier.context["rows"])
    assert page_text(earlier).count("Before your plan started.") == 7


def test_a_far_week_extends_the_program_with_a_block_at_the_same_step(
    client_logged_in: Client, onboarded_user: User
) -> None:
    # Only a review earns a step up (tracking.review), never the calendar.
    monday = monday_of(onboarded_user.profile.local_today())
    response = client_logged_in.get(PLAN, {"week": (monday + timedelta(weeks=5)).isoformat()})
    assert "Block 2 · Stability focus · week 2 of 4" in page_text(response)
    block = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert block.step == 0
    assert block.starts_on == monday + timedelta(weeks=4)


def test_an_unreadable_week_falls_back_to_this_week(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN, {"week": "next tuesday"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["is_this_week"]
    text = page_text(response)
    assert "That week could not be read, so here is this week." in text
    assert "This week" in text


def test_an_htmx_week_change_gets_only_the_week_fragment(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="week"')
    assert "<html" not in response.text


def test_day_statuses_follow_the_date_and_completion() -> None:
    today = date(2026, 11, 26)
    day = PlannedDay(date=today, kind=DayKind.MOBILITY)
    assert day.status(today) == "today"
    assert day.status(today - timedelta(days=1)) == "upcoming"
    assert day.status(today + timedelta(days=1)) == "missed"
    day.completed_at = timezone.now()
    assert day.status(today + timedelta(days=1)) == "done"
    assert PlannedDay(date=today, kind=DayKind.REST).status(today) == "rest"


def test_today_lists_warm_up_main_and_cool_down_with_dosage(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.OK
    labels = [label for label, _ in response.context["parts"]]
    assert labels == ["Warm-up", "Main", "Cool-down"]
    text = page_text(response)
    planned_today = list(todays_session(onboarded_user).exercises.select_related("exercise"))
    assert planned_today
    for planned in planned_today:
        assert f"{planned.exercise.name} {planned.dosage_text()}" in text
        assert planned.exercise.cue_list()[0] in text


def test_today_opens_with_the_sessions_length_and_what_to_lay_out(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    day = todays_session(trains_on_mondays)
    items = list(day.exercises.select_related("exercise"))
    seconds = sum(item.seconds() for item in items)
    strap = Equipment.objects.get(slug="strap")
    text = page_text(client_logged_in.get(TODAY))
    minutes = max(5, 5 * round(seconds / 300))
    assert f"About {minutes} minutes · {len(items)} exercises in 3 parts" in text
    needed = sorted(
        {name for item in items for name in item.exercise.equipment.values_list("name", flat=True)}
    )
    if needed:
        assert f"Lay out: {', '.join(needed)}, and a clear patch of floor." in text
    else:
        assert "Nothing to lay out: a clear patch of floor is enough." in text
    # A strap exercise in today's session puts the strap on the list.
    strapped = Exercise.objects.filter(equipment=strap).first()
    assert strapped is not None
    PlannedExercise.objects.filter(pk=items[-1].pk).update(exercise=strapped)
    assert "Strap or towel" in page_text(client_logged_in.get(TODAY)).split("Start session")[0]


def test_an_exercise_a_trainer_changes_shows_changed_at_once_on_today(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    # Lines are drawn from memory for the values they show: a change, even one that skips
    # save(), is a new drawing on the next visit.
    item = todays_session(trains_on_mondays).exercises.select_related("exercise").first()

    def line() -> str:
        html = client_logged_in.get(TODAY).text
        return html.split(f'id="planned-{item.pk}"')[1].split("</details>")[0]

    summary = str(escape(item.exercise.summary))
    assert summary in line()
    Exercise.objects.filter(pk=item.exercise_id).update(
        summary="Move slowly, only as far as is comfortable.",
        cues="Breathe out as you move.\nKeep your ribs soft.",
    )
    changed = line()
    assert "Move slowly, only as far as is comfortable." in changed
    assert "<li>Breathe out as you move.</li><li>Keep your ribs soft.</li>" in changed
    assert summary not in changed


def test_each_exercise_of_today_keeps_how_and_swap_behind_its_disclosure(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    html = client_logged_in.get(TODAY).text
    items = todays_session(trains_on_mondays).exercises.all()
    for item in items:
        line = html.split(f'id="planned-{item.pk}"')[1].split("</details>")[0]
        head, details = line.split('<details class="planned-more">')
        assert "Swap" not in head
        assert swap_url(item) in details
        assert f'How to do it<span class="visually-hidden">: {item.exercise.name}</span>' in details


def test_a_rest_day_shows_rest_guidance(client_logged_in: Client, user: User) -> None:
    today = user.profile.local_today()
    onboard(user, days=sorted({(today.weekday() + offset) % 7 for offset in (1, 3, 5)}))
    tomorrow = PlannedDay.objects.get(user=user, date=today + timedelta(days=1))
    response = client_logged_in.get(TODAY)
    text = page_text(response)
    assert "Today is a rest day" in text
    assert "Rest well Rest days are when your body adapts." in text
    kind = tomorrow.get_kind_display().lower()
    assert f"Next session: {kind} on {long_date(tomorrow.date)}." in text


def test_today_is_the_users_own_date_in_their_time_zone(
    client_logged_in: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    # At 22:00 UTC it is already tomorrow on Kiritimati (UTC+14), still today on Pago Pago.
    utc_today = timezone.now().astimezone(UTC).date()
    time_machine.move_to(datetime.combine(utc_today, time(22), tzinfo=UTC), tick=False)
    profile = onboard(user, time_zone="Pacific/Kiritimati")
    tomorrow = utc_today + timedelta(days=1)
    assert profile.local_today() == tomorrow
    assert long_date(tomorrow) in page_text(client_logged_in.get(TODAY))
    profile.time_zone = "Pacific/Pago_Pago"
    assert profile.local_today() == utc_today


def test_swap_replaces_an_exercise_with_another_of_its_kind_and_keeps_it(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    planned = todays_session(trains_on_mondays).exercises.filter(part="main").first()
    before = planned.exercise
    response = client_logged_in.post(swap_url(planned))
    assert response.status_code == HTTPStatus.FOUND
    planned.refresh_from_db()
    assert planned.exercise != before
    assert planned.exercise.kind == before.kind
    assert planned.swapped
    page = client_logged_in.get(TODAY)
    shown = [item.exercise for _, items in page.context["parts"] for item in items]
    assert planned.exercise in shown
    assert before not in shown
    assert f"{planned.exercise.name} {planned.dosage_text()}" in page_text(page)
    assert "Swapped in for today." in page_text(page)


def test_swap_only_offers_exercises_the_user_has_equipment_for(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    trains_on_mondays.profile.equipment.set(Equipment.objects.filter(slug="chair"))
    session = todays_session(trains_on_mondays)
    planned = session.exercises.filter(part="main").select_related("exercise").first()
    same_kind = Exercise.objects.published().filter(kind=planned.exercise.kind)
    # The kind has exercises needing equipment this person lacks, for a swap to wrongly offer.
    assert same_kind.exclude(pk__in=same_kind.for_equipment(["chair"])).exists()
    seen = set()
    # Repeated swaps walk through every candidate in turn, so this many reach each one.
    for _ in range(same_kind.count()):
        client_logged_in.post(swap_url(planned))
        planned.refresh_from_db()
        seen.add(planned.exercise)
    assert len(seen) > 1, "the swaps changed nothing"
    for exercise in seen:
        assert set(exercise.equipment.values_list("slug", flat=True)) <= {"chair"}, exercise
    chosen = list(session.exercises.values_list("exercise_id", flat=True))
    assert len(chosen) == len(set(chosen))


def test_an_htmx_swap_returns_only_the_swapped_exercise(
    client_logged_in: Client, trains_on_mondays: User
) -> None:
    planned = todays_session(trains_on_mondays).exercises.filter(part="main").first()
    response = client_logged_in.post(swap_url(planned), headers={"HX-Request": "true"})
    assert response.status_code == HTTPStatus.OK
    assert response.text.lstrip().startswith(f'<li class="planned" id="planned-{planned.pk}"')
    assert "<html" not in response.text
    # The swapped exercise's details stay open, as they were when Swap was pressed.
    assert '<details class="planned-more" open>' in response.text
    planned.refresh_from_db()
    text = page_text(response)
    assert text.startswith(f"{planned.exercise.name} {planned.dosage_text()}")
    assert "Swapped in for today." in text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_swap_with_nothing_else_of_its_kind_says_so_and_keeps_the_exercise(
    client_logged_in: Client, trains_on_mondays: User, htmx: bool
) -> None:
    session = todays_session(trains_on_mondays)
    planned = session.exercises.filter(part="main").select_related("exercise").first()
    kept = planned.exercise
    in_session = session.exercises.values("exercise_id")
    Exercise.objects.filter(kind=kept.kind).exclude(pk__in=in_session).update(status="draft")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(swap_url(planned), headers=headers, follow=True)
    text = page_text(response)
    assert "Swapped in" not in text
    if htmx:
        assert (
            "There is no other exercise of this kind to swap in today, so this one stays." in text
        )
        assert f"Swap {kept.name} for another" not in text
    else:
        assert (
            f"There is no other exercise of this kind to swap in today, so {kept.name} stays."
        ) in text
    planned.refresh_from_db()
    assert planned.exercise == kept
    assert not planned.swapped


def test_another_users_planned_exercise_cannot_be_swapped(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = todays_session(onboarded_other_user).exercises.first()
    before = theirs.exercise_id
    response = client_logged_in.post(swap_url(theirs))
    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.exercise_id == before
    assert not theirs.swapped


def test_swap_needs_a_post(client_logged_in: Client, onboarded_user: User) -> None:
    planned = todays_session(onboarded_user).exercises.first()
    assert client_logged_in.get(swap_url(planned)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_a_past_session_cannot_be_swapped(client_logged_in: Client, onboarded_user: User) -> None:
    planned = todays_session(onboarded_user).exercises.filter(part="main").first()
    before = planned.exercise_id
    PlannedDay.objects.filter(pk=planned.day_id).update(date=planned.day.date - timedelta(days=7))
    response = client_logged_in.post(swap_url(planned), follow=True)
    assert "Only today's session, before it is done, can be changed." in page_text(response)
    planned.refresh_from_db()
    assert planned.exercise_id == before
    assert not planned.swapped


def test_a_planned_day_keeps_its_dosage_when_the_library_changes(
    client_logged_in: Client, onboarded_user: User
) -> None:
    planned = (
        todays_session(onboarded_user).exercises.filter(part="main").select_related("exercise")
    ).first()
    prescribed = planned.dosage_text()
    Exercise.objects.filter(pk=planned.exercise_id).update(dose_sets=6, dose_amount=99)
    in_library = Exercise.objects.get(pk=planned.exercise_id).dosage_text()
    text = page_text(client_logged_in.get(TODAY))
    assert f"{planned.exercise.name} {prescribed}" in text
    assert in_library not in text


def test_changing_training_days_in_settings_offers_a_rebuild(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.post(
        reverse("routines:settings"),
        {
            "training_days": ["1", "3", "5", "6"],
            "session_minutes": "15",
            "experience": "some",
            "usual_pain": "3",
            "time_zone": "UTC",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("routines:rebuild")
    assert "Rebuild the weeks to come?" in page_text(response)
    assert Profile.objects.get(user=onboarded_user).training_days == [1, 3, 5, 6]


def test_settings_bad_input_is_refused_beside_the_field(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.post(
        reverse("routines:settings"),
        {
            "training_days": [str(day) for day in range(7)],
            "session_minutes": "25",
            "experience": "some",
            "usual_pain": "12",
            "time_zone": "UTC",
        },
    )
    for field, message in [
        ("training_days", "Keep at least one rest day a week: pick 3 to 6 days, not all 7."),
        ("usual_pain", "Pain is rated from 0 to 10."),
    ]:
        assert message in page_text(response)
        assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in (
            response.text
        )
    profile = Profile.objects.get(user=onboarded_user)
    assert len(profile.training_days) == 3
    assert profile.usual_pain == 3


def test_rebuild_replaces_upcoming_days_and_keeps_today_and_the_past(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = onboarded_user.profile
    today = profile.local_today()
    kept = {
        day.pk: day.kind for day in PlannedDay.objects.filter(user=onboarded_user, date__lte=today)
    }
    new_days = sorted({(today.weekday() + offset) % 7 for offset in (1, 2, 3, 4)})
    profile.training_days = new_days
    profile.save()
    upcoming_count = PlannedDay.objects.filter(user=onboarded_user, date__gt=today).count()
    response = client_logged_in.post(reverse("routines:rebuild"), follow=True)
    assert (
        f"Rebuilt {upcoming_count} upcoming days from your new settings. Past days are kept."
        in page_text(response)
    )
    upcoming = PlannedDay.objects.filter(user=onboarded_user, date__gt=today)
    assert {day.date.weekday() for day in upcoming if day.is_training} == set(new_days)
    assert {
        day.pk: day.kind for day in PlannedDay.objects.filter(user=onboarded_user, date__lte=today)
    } == kept


@pytest.mark.parametrize("url", [PLAN, TODAY])
def test_plan_pages_run_the_same_queries_for_a_short_or_long_program(
    client_logged_in: Client, onboarded_user: User, url: str
) -> None:
    client_logged_in.get(url)  # warm: the first visit may extend the program
    short = rendered_queries(client_logged_in, url)
    today = onboarded_user.profile.local_today()
    program_extend(user=onboarded_user, until=today + timedelta(weeks=52))
    long = rendered_queries(client_logged_in, url)
    assert short == long


ALL_EQUIPMENT = ["mat", "strap", "chair", "band", "kettlebell", "foam-roller", "step"]
GENTLE_NOTE = (
    "Your back usually sits at 7/10, so your plan starts gently: easier exercises, body weight "
    "only, two sets at most. Heavier work comes once a block review earns a step up."
)


def test_a_regular_exerciser_in_pain_starts_gently_and_the_plan_says_why(
    client: Client, user: User
) -> None:
    onboard(user, experience="regular", usual_pain=7, equipment=ALL_EQUIPMENT)
    client.force_login(user)
    first_block = PlannedExercise.objects.filter(day__user=user, day__block__number=1)
    assert first_block.exists()
    assert not first_block.filter(exercise__level=3).exists()
    assert not first_block.filter(exercise__load__in=["loaded", "ballistic"]).exists()
    assert not first_block.filter(sets__gt=2).exists()
    assert GENTLE_NOTE in page_text(client.get(reverse("routines:plan")))
    # The block after it, at the same step, too; a step up (earned at a review) lifts it.
    program_extend(user=user, until=monday_of(user.profile.local_today()) + timedelta(weeks=5))
    week_five = monday_of(user.profile.local_today()) + timedelta(weeks=4)
    later = page_text(client.get(reverse("routines:plan"), {"week": week_five.isoformat()}))
    assert GENTLE_NOTE in later
    ProgramBlock.objects.filter(user=user, number=2).update(step=1)
    later = page_text(client.get(reverse("routines:plan"), {"week": week_five.isoformat()}))
    assert "starts gently" not in later


def test_usual_pain_of_four_plans_the_first_block_as_usual(client: Client, user: User) -> None:
    # Which exercises the block draws depends on the person (tests/routines/test_plan_engine.py
    # shows a fixed draw with level 3 and loaded work); here, that nothing holds them back.
    onboard(user, experience="regular", usual_pain=4, equipment=ALL_EQUIPMENT)
    client.force_login(user)
    first_block = PlannedExercise.objects.filter(day__user=user, day__block__number=1)
    assert first_block.filter(sets__gt=2).exists()
    assert "starts gently" not in page_text(client.get(reverse("routines:plan")))


def test_a_higher_usual_pain_in_settings_rebuilds_the_weeks_to_come_gently(
    client: Client, user: User
) -> None:
    onboard(user, experience="regular", usual_pain=2, equipment=ALL_EQUIPMENT)
    client.force_login(user)
    profile = user.profile
    settings = {
        "training_days": [str(day) for day in profile.training_days],
        "session_minutes": str(profile.session_minutes),
        "equipment": ALL_EQUIPMENT,
        "experience": "regular",
        "usual_pain": "7",
        "time_zone": profile.time_zone,
    }
    response = client.post(reverse("routines:settings"), settings, follow=True)
    assert response.redirect_chain[-1][0] == reverse("routines:rebuild")
    client.post(reverse("routines:rebuild"))
    upcoming = PlannedExercise.objects.filter(day__user=user, day__date__gt=profile.local_today())
    assert upcoming.exists()
    assert not upcoming.filter(sets__gt=2).exists()
    assert not upcoming.filter(exercise__load__in=["loaded", "ballistic"]).exists()


def test_the_plan_shows_a_days_note_in_full(client_logged_in: Client, onboarded_user: User) -> None:
    today = onboarded_user.profile.local_today()
    note = (
        "Eased: Monday's pain was 7/10. Two comfortable sessions in a row bring back your usual "
        "plan. Dead bug left out: it pinched or hurt on Monday."
    )
    PlannedDay.objects.filter(user=onboarded_user, date=today).update(note=note)
    assert note in page_text(client_logged_in.get(PLAN))


def test_the_block_line_follows_the_week_shown(
    client_logged_in: Client, onboarded_user: User
) -> None:
    fifth = monday_of(onboarded_user.profile.local_today()) + timedelta(weeks=4)
    response = client_logged_in.get(
        PLAN, {"week": fifth.isoformat()}, headers={"HX-Request": "true"}
    )
    text = page_text(response)
    assert "Block 2 · Stability focus · week 1 of 4" in text
    assert "Block 1" not in text
