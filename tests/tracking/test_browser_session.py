from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from routines.models import Exercise, PlannedDay
from tests.conftest import BROWSER_TEST, DESKTOP, PASSWORD, PHONE
from tests.test_accessibility import sign_in_as, start_todays_session
from tracking.models import ExerciseResult, SessionLog

pytestmark = BROWSER_TEST


def log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def tap(group: Locator, value: str) -> None:
    """Tap a number on a rating scale, as a thumb would (the radio itself is hidden)."""
    group.locator("label").filter(has_text=re.compile(rf"^\s*{value}\s*$")).click()
    expect(group.get_by_label(value, exact=True)).to_be_checked()


def inside_the_screen(box: dict[str, float] | None, height: int) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_person_follows_a_guided_session_logs_a_flare_and_sees_the_plan_ease(
    page: Page, onboarded_user: User
) -> None:
    log_in(page, onboarded_user)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    page.get_by_role("link", name="Start session").click()
    tap(page.get_by_role("group", name="How is your back right now?"), "2")
    page.get_by_role("button", name="Start session").click()

    # The app's navigation gives way to one way out.
    expect(page.get_by_role("link", name="Leave session")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    progress = page.locator(".session-progress")
    total = SessionLog.objects.get().results.count()
    used_timer = False
    for number in range(1, total + 1):
        expect(progress).to_have_text(f"Exercise {number} of {total}")
        expect(page).to_have_url(re.compile(rf"/do/{number}/$"))
        timer = page.locator("[data-timer]")
        if not used_timer and timer.count():
            count = timer.get_by_role("timer")
            start = count.inner_text()
            toggle = timer.get_by_role("button", name=re.compile("Start timer|Set done"))
            toggle.click()
            expect(count).not_to_have_text(start, timeout=4000)
            used_timer = True
        page.get_by_role("button", name="Done", exact=True).click()
    assert used_timer, "today's session had nothing timed to try"
    expect(page.get_by_role("heading", level=1)).to_have_text("How did it go?")
    assert ExerciseResult.objects.filter(status="done").count() == total
    tap(page.get_by_role("group", name="How is your back now"), "7")
    tap(page.get_by_role("group", name="How hard did it feel"), "6")
    page.get_by_role("button", name="Finish and log").click()
    expect(page.get_by_text("Session logged.")).to_be_visible()

    log = SessionLog.objects.get()
    assert (log.pain_after, log.effort) == (7, 6)
    eased = (
        PlannedDay.objects.filter(user=onboarded_user, kind=log.kind, date__gt=log.date)
        .order_by("date")
        .first()
    )
    page.goto(f"/plan/?week={eased.date.isoformat()}")
    weekday = log.date.strftime("%A")
    expect(page.get_by_text(f"Eased: {weekday}'s pain was 7/10.").first).to_be_visible()

    page.goto("/milestones/")
    card = page.locator(".goal-card", has_text="Tying shoes")
    card.get_by_role("button", name="7 out of 10").click()
    expect(page.get_by_role("heading", name="Milestone reached")).to_be_visible()
    expect(page.get_by_text("Tying shoes is now 7/10, up from 4")).to_be_visible()


def test_every_step_and_its_timer_fit_a_phone_screen_without_scrolling(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    sign_in_as(page, onboarded_user, live_server)
    page.set_viewport_size(PHONE)
    timed = 0
    for number in range(1, log.results.count() + 1):
        page.goto(f"/sessions/{log.pk}/do/{number}/")
        start = page.locator("[data-toggle]")
        if start.count():
            expect(start).to_be_visible()
            assert inside_the_screen(start.bounding_box(), PHONE["height"]), number
            timed += 1
        for answer in ("Done", "Skip it", "It pinched or hurt"):
            button = page.get_by_role("button", name=answer, exact=True)
            assert inside_the_screen(button.bounding_box(), PHONE["height"]), (number, answer)
    assert timed, "no step of today's session has a timer"


def test_box_breathing_paces_four_counts_in_hold_out_and_hold(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    first = log.results.order_by("position").first()
    box = Exercise.objects.get(slug="box-breathing")
    ExerciseResult.objects.filter(pk=first.pk).update(exercise=box, mode="minutes", amount=2)
    sign_in_as(page, onboarded_user, live_server)
    page.clock.install()
    page.goto(f"/sessions/{log.pk}/do/1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Box breathing")
    page.get_by_role("button", name="Start timer").click()
    breath = page.locator("[data-breath-text]")
    seen = []
    for _ in range(5):
        expect(breath).to_have_text(re.compile(r" · 4$"))
        seen.append(breath.inner_text())
        for left in (3, 2, 1):
            page.clock.run_for(1000)
            expect(breath).to_have_text(re.compile(rf" · {left}$"))
        page.clock.run_for(1000)
    assert seen == [
        "Breathe in · 4",
        "Hold · 4",
        "Breathe out · 4",
        "Hold · 4",
        "Breathe in · 4",
    ]
    expect(page.get_by_role("timer")).to_have_text("1:40")


def test_repetitions_count_the_rest_between_sets(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    first = log.results.order_by("position").first()
    ExerciseResult.objects.filter(pk=first.pk).update(
        mode="reps", sets=2, amount=8, per_side=False, rest_seconds=30
    )
    sign_in_as(page, onboarded_user, live_server)
    page.clock.install()
    page.goto(f"/sessions/{log.pk}/do/1/")
    timer = page.locator("[data-timer]")
    expect(timer.locator("[data-detail]")).to_have_text("Set 1 of 2")
    timer.get_by_role("button", name="Set done").click()
    expect(timer.get_by_role("timer")).to_have_text("0:30")
    expect(timer.locator("[data-title]")).to_have_text("Rest")
    expect(timer.get_by_role("status")).to_have_text("Rest for 30 seconds. Next: set 2 of 2.")
    page.clock.run_for(10_000)
    expect(timer.get_by_role("timer")).to_have_text("0:20")
    page.clock.run_for(21_000)
    expect(timer.locator("[data-detail]")).to_have_text("Set 2 of 2")
    timer.get_by_role("button", name="Set done").click()
    expect(timer.locator("[data-title]")).to_have_text("Done")
    expect(timer.get_by_role("button", name="Start again")).to_be_visible()


def test_a_desktop_step_shows_the_timer_beside_its_words(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    sign_in_as(page, onboarded_user, live_server)
    page.set_viewport_size(DESKTOP)
    page.goto(f"/sessions/{log.pk}/do/")
    face = page.locator(".timer-face").bounding_box()
    start = page.get_by_role("button", name="Start timer").bounding_box()
    assert start["x"] > face["x"] + face["width"]
    assert inside_the_screen(start, DESKTOP["height"])
