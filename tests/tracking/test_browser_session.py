from __future__ import annotations

import re

from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from routines.models import PlannedDay
from tests.conftest import BROWSER_TEST, PASSWORD
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


def test_a_person_follows_a_guided_session_logs_a_flare_and_sees_the_plan_ease(
    page: Page, onboarded_user: User
) -> None:
    log_in(page, onboarded_user)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    page.get_by_role("link", name="Start session").click()
    tap(page.get_by_role("group", name="How is your back right now?"), "2")
    page.get_by_role("button", name="Start session").click()

    progress = page.locator("[data-guided-progress]")
    expect(progress).to_contain_text("Exercise 1 of")
    total = SessionLog.objects.get().results.count()
    used_timer = False
    for number in range(1, total + 1):
        expect(progress).to_have_text(f"Exercise {number} of {total}")
        step = page.locator(".guided-step:not([hidden])")
        expect(step).to_have_count(1)
        # Holds and minutes count down (every session ends with minutes of breathing).
        if not used_timer and step.get_attribute("data-mode") != "reps":
            count = step.get_by_role("timer")
            start = count.inner_text()
            step.get_by_role("button", name="Start timer").click()
            expect(count).not_to_have_text(start, timeout=4000)
            step.get_by_role("button", name="Pause timer").click()
            used_timer = True
        step.get_by_label("Done", exact=True).check()
        expect(step.locator(".answered")).to_be_visible()
    assert used_timer, "today's session had nothing timed to try"
    assert ExerciseResult.objects.filter(status="done").count() == total

    finish = page.locator("#finish")
    tap(finish.get_by_role("group", name="How is your back now"), "7")
    tap(finish.get_by_role("group", name="How hard did it feel"), "6")
    finish.get_by_role("button", name="Finish and log").click()
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
