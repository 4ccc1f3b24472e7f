from __future__ import annotations

import calendar
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from routines.models import FunctionalGoal, FunctionalTask, PlannedExercise
from tests.conftest import BROWSER_TEST, DESKTOP, PASSWORD, PHONE, link_in_last_email, snapshot
from tests.test_accessibility import KeyboardWalk, sign_in_as
from tracking.models import SessionLog

pytestmark = BROWSER_TEST


def tap(group: Locator, value: str) -> None:
    """Tap an answer on a rating scale, as a thumb would (the radio itself is hidden)."""
    group.locator("label").filter(has_text=re.compile(rf"^\s*{value}\s*$")).click()
    expect(group.get_by_label(value, exact=True)).to_be_checked()


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_new_person_signs_up_onboards_follows_a_session_and_sees_progress(
    page: Page, screen: dict[str, int]
) -> None:
    """The whole journey, as a new person on a phone and on a desktop; with SCREENSHOT_DIR set
    (make test sets it), each step's screenshot is kept for a design review."""
    page.set_viewport_size(screen)

    def shot(name: str) -> None:
        snapshot(page, f"journey-{screen['width']}-{name}")

    page.goto("/accounts/signup/")
    shot("signup")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I agree that Hipflex stores").check()
    page.get_by_role("button", name="Create my account").click()
    page.goto(link_in_last_email(r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm my email address").click()

    expect(page.get_by_role("heading", name="A quick safety check")).to_be_visible()
    shot("onboarding-safety")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Please answer yes or no.").first).to_be_visible()
    for group in page.locator(".question").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Shape your week")).to_be_visible()
    # Train today and every other day after it, so today always has a session to swap. Today
    # is the person's own: the date in the time zone the page picked up from the browser.
    zone = page.get_by_label("Your time zone").input_value()
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    training_days = [calendar.day_name[(today.weekday() + offset) % 7] for offset in (0, 2, 4)]
    for day in training_days:
        page.get_by_label(day).check()
    page.get_by_label("About 25 minutes").check()
    page.get_by_label("Resistance band").check()
    page.get_by_label("Some experience").check()
    shot("onboarding-profile")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Rate your usual pain from 0 to 10.")).to_be_visible()
    expect(page.get_by_label(training_days[-1])).to_be_checked()
    tap(page.get_by_role("group", name="On a usual day, how much does your back hurt?"), "4")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="What should get easier?")).to_be_visible()
    # A task's scale opens when it is ticked; "Clear" takes a rating back.
    socks = page.get_by_role("group", name="How easy is putting on socks now?")
    expect(socks).to_be_hidden()
    page.get_by_role("checkbox", name="Putting on socks").check()
    tap(socks, "3")
    page.get_by_role("checkbox", name="Putting on socks").uncheck()
    socks.locator("label").filter(has_text="Clear").click()
    expect(socks).to_be_hidden()
    page.get_by_role("checkbox", name="Tying shoes").check()
    tap(page.get_by_role("group", name="How easy is tying shoes now?"), "4")
    page.get_by_role("checkbox", name="Climbing stairs").check()
    tap(page.get_by_role("group", name="How easy is climbing stairs now?"), "6")
    shot("onboarding-goals")
    page.get_by_role("button", name="Build my plan").click()

    # The optional hip extension self-test comes last; it can wait.
    expect(page.get_by_role("heading", name="Hip extension self-test")).to_be_visible()
    goals = FunctionalGoal.objects.values_list("task__name", "baseline")
    assert sorted(goals) == [("Climbing stairs", 6), ("Tying shoes", 4)]
    shot("onboarding-hip-test")
    page.get_by_role("link", name="Not now").click()
    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    expect(page.locator(".day-card")).to_have_count(7)
    shot("plan")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Today: "))
    shot("today")
    first = page.locator(".planned").first
    before = first.locator("h3").inner_text()
    # How to do it, and Swap, sit behind each exercise's disclosure.
    expect(first.get_by_role("button", name="for another")).to_be_hidden()
    first.locator("summary").click()
    first.get_by_role("button", name="for another").click()
    expect(page.locator(".planned").first.locator("h3")).not_to_have_text(before)
    expect(page.locator(".planned").first.get_by_text("Swapped in for today.")).to_be_visible()
    page.reload()
    expect(page.locator(".planned").first.locator("h3")).not_to_have_text(before)
    assert PlannedExercise.objects.filter(swapped=True).count() == 1

    # Today's session, one exercise a page, then the finish, then progress.
    page.get_by_role("link", name="Start session").first.click()
    tap(page.get_by_role("group", name="How is your back right now?"), "3")
    shot("session-start")
    page.get_by_role("button", name="Start session").click()
    total = PlannedExercise.objects.filter(day__date=today).count()
    for number in range(1, total + 1):
        expect(page.locator(".session-progress")).to_have_text(f"Exercise {number} of {total}")
        if number <= 2:
            shot(f"session-step-{number}")
        page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How did it go?")
    tap(page.get_by_role("group", name="How is your back now"), "2")
    tap(page.get_by_role("group", name="How hard did it feel"), "5")
    shot("session-finish")
    page.get_by_role("button", name="Finish and log").click()
    expect(page.get_by_text("Session logged.")).to_be_visible()
    shot("session-logged")
    log = SessionLog.objects.get()
    assert (log.pain_before, log.pain_after, log.effort) == (3, 2, 5)
    assert log.results.filter(status="done").count() == total

    page.goto("/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    shot("progress")


def test_an_emergency_sign_gets_a_page_that_says_what_to_do_today(
    page: Page, user: User, live_server: Any
) -> None:
    sign_in_as(page, user, live_server)
    page.goto("/onboarding/safety/")
    for group in page.locator(".question").all():
        answer = "Yes" if "bladder" in group.inner_text() else "No"
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Get emergency care today")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Call your local emergency number")
    snapshot(page, "onboarding-emergency")
    # A tick alone does not restart anything.
    page.get_by_label("I was assessed in person").check()
    page.get_by_role("button", name="I have been assessed, restart my plan").click()
    expect(page.get_by_text("Enter the date of your assessment.")).to_be_visible()
    expect(page.get_by_role("heading", name="Get emergency care today")).to_be_visible()


def test_a_keyboard_user_picks_a_task_and_rates_it_on_the_scale(
    page: Page, user: User, live_server: Any, starting_library: None
) -> None:
    profile = user.profile
    profile.safety_answered_at = profile.profile_completed_at = timezone.now()
    profile.training_days, profile.session_minutes, profile.usual_pain = [0, 2, 4], 25, 3
    profile.experience = "some"
    profile.save()
    shoes = FunctionalTask.objects.get(slug="tying-shoes")
    sign_in_as(page, user, live_server)
    page.emulate_media(reduced_motion="reduce")
    page.goto("/onboarding/goals/")
    walk = KeyboardWalk(page)
    walk.tab_to_field(f"task_{shoes.pk}")
    page.keyboard.press("Space")
    # Ticked, the task's scale opens next in line: arrows move along it.
    walk.choose_on_scale(f"rating_{shoes.pk}", 4, lowest=0)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hip extension self-test")).to_be_visible()
    assert list(FunctionalGoal.objects.values_list("task__slug", "baseline")) == [
        ("tying-shoes", 4)
    ]
    assert not walk.problems, "Focus was lost or hidden:\n" + "\n".join(walk.problems)
