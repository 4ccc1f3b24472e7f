"""Accessibility in a real browser: axe-core on every main page, and a session done by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from routines.models import PlannedDay
from tests.conftest import BROWSER_TEST, PASSWORD, PHONE
from tracking.models import SessionLog
from tracking.services import session_log_manual, session_start

pytestmark = BROWSER_TEST

DESKTOP = {"width": 1280, "height": 800}
# Moderate and minor findings (a missing landmark, say) are worth reading but do not fail a build.
BLOCKING_IMPACTS = {"serious", "critical"}
# WCAG 1.4.11: a focus indicator needs 3:1 against the colours next to it.
FOCUS_RING_CONTRAST = 3.0
MAX_TABS = 60

axe = Axe()

SIGNED_OUT_PAGES = [
    "/",
    "/privacy/",
    "/library/",
    "/library/dead-bug/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
# {logged} is yesterday's finished session, {started} today's session in progress.
SIGNED_IN_PAGES = [
    "/today/",
    "/plan/",
    "/progress/",
    "/progress/report/",
    "/milestones/",
    "/sessions/",
    "/sessions/new/",
    "/sessions/{logged}/",
    "/sessions/{started}/do/",
    "/sessions/{started}/do/finish/",
    "/settings/",
]
DESKTOP_SIGNED_OUT_PAGES = ["/"]
DESKTOP_SIGNED_IN_PAGES = ["/today/", "/plan/", "/progress/report/", "/sessions/{started}/do/"]
ONBOARDING_STEPS = ["safety", "profile", "goals"]


def on_screens(phone_pages: list[str], desktop_pages: list[str]) -> list[Any]:
    return [pytest.param(path, PHONE, id=f"phone {path}") for path in phone_pages] + [
        pytest.param(path, DESKTOP, id=f"desktop {path}") for path in desktop_pages
    ]


def blocking_violations(page: Page) -> str:
    """The serious and critical axe findings on the page, one readable paragraph each."""
    report = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        more = f" (+{len(targets) - 3} more)" if len(targets) > 3 else ""
        report.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  on {', '.join(targets[:3])}{more}\n"
            f"  {violation['helpUrl']}"
        )
    return "\n".join(report)


def assert_no_blocking_violations(page: Page, path: str) -> None:
    expect(page.locator("main h1").first).to_be_visible()
    report = blocking_violations(page)
    assert not report, f"axe found serious or critical problems on {path} ({page.url}):\n{report}"


def sign_in_as(page: Page, user: User, live_server: Any) -> None:
    """Hand the browser a session cookie: these tests are about pages, not the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def start_todays_session(user: User) -> SessionLog:
    today = PlannedDay.objects.get(user=user, date=user.profile.local_today())
    return session_start(user=user, planned_day=today, pain_before=2)


@pytest.mark.parametrize(("path", "screen"), on_screens(SIGNED_OUT_PAGES, DESKTOP_SIGNED_OUT_PAGES))
def test_signed_out_page_has_no_serious_accessibility_problems(
    page: Page, path: str, screen: dict[str, int]
) -> None:
    page.set_viewport_size(screen)
    page.goto(path)
    assert_no_blocking_violations(page, path)


@pytest.mark.parametrize(("path", "screen"), on_screens(SIGNED_IN_PAGES, DESKTOP_SIGNED_IN_PAGES))
def test_signed_in_page_has_no_serious_accessibility_problems(
    page: Page, live_server: Any, onboarded_user: User, path: str, screen: dict[str, int]
) -> None:
    # Yesterday's session also puts the morning check on every page.
    logged = session_log_manual(
        user=onboarded_user,
        day=onboarded_user.profile.local_today() - timedelta(days=1),
        kind="mobility",
        pain_before=3,
        pain_after=2,
        effort=5,
        note="Felt looser afterwards.",
    )
    started = start_todays_session(onboarded_user)
    sign_in_as(page, onboarded_user, live_server)
    page.set_viewport_size(screen)

    page.goto(path.format(logged=logged.pk, started=started.pk))
    if path.endswith("/do/"):
        # Audit the first exercise with the timer its script shows.
        expect(page.locator(".session-progress")).to_contain_text("Exercise 1 of")
        expect(page.locator("[data-timer]")).to_be_visible()
    assert_no_blocking_violations(page, path)


@pytest.mark.parametrize("step", ONBOARDING_STEPS)
def test_onboarding_step_has_no_serious_accessibility_problems(
    page: Page, live_server: Any, user: User, step: str
) -> None:
    profile = user.profile
    if step in {"profile", "goals"}:
        profile.safety_answered_at = timezone.now()
    if step == "goals":
        profile.profile_completed_at = timezone.now()
    profile.save()
    sign_in_as(page, user, live_server)

    path = f"/onboarding/{step}/"
    page.goto(path)
    assert page.url.endswith(path), f"expected the {step} step, got {page.url}"
    assert_no_blocking_violations(page, path)


# What a sighted keyboard user sees of the focused element. A visually hidden control (a radio
# of a rating scale) shows its focus on its label, so that is what is measured. The ring is read
# focused and unfocused so that a card's everyday shadow does not pass for a focus indicator.
FOCUSED_ELEMENT = r"""() => {
  const element = document.activeElement;
  if (!element || element === document.body) {
    return {tag: "body", name: "", value: "", checked: false, text: "<body>", ring: ""};
  }
  const box = element.getBoundingClientRect();
  const hidden = box.width <= 1 || box.height <= 1 || getComputedStyle(element).opacity === "0";
  const label = element.labels && element.labels[0];
  const shown = hidden && label ? label : element;
  const ring = (node) => {
    const style = getComputedStyle(node);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return (outline ? style.outlineColor + " " : "") + style.boxShadow;
  };
  const focusedRing = ring(shown);
  element.blur();
  const restingRing = ring(shown);
  element.focus({preventScroll: true});
  // Focus must draw something: a card that merely loses its shadow shows no ring.
  const changed = focusedRing !== restingRing && focusedRing !== "none";

  // The ring's outer edge is what meets the page: the outline, else the widest box-shadow.
  const style = getComputedStyle(shown);
  const shadows = style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\))/)
    .map((shadow) => {
      const color = (shadow.match(/rgba?\([^)]*\)/) || [""])[0];
      const spread = parseFloat(shadow.replace(color, "").trim().split(/\s+/)[3]) || 0;
      return {color, spread};
    })
    .sort((a, b) => b.spread - a.spread);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ringColor = outlined ? style.outlineColor : (shadows[0] || {color: ""}).color;
  const rgb = (text) => (text.match(/rgba?\(([^)]+)\)/) || [null, ""])[1].split(",").map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map((c) => c / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const opaque = (node) => {
    const color = getComputedStyle(node).backgroundColor;
    return color !== "transparent" && rgb(color)[3] !== 0;
  };
  let around = shown.parentElement;
  while (around && !opaque(around)) around = around.parentElement;
  const background = around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)";
  const [lighter, darker] = [luminance(rgb(ringColor)), luminance(rgb(background))]
    .sort((a, b) => b - a);

  const rect = shown.getBoundingClientRect();
  const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  const inView = Boolean(top) && (shown.contains(top) || top.contains(shown));
  const labelledBy = document.getElementById(element.getAttribute("aria-labelledby") || "");
  const name = (element.getAttribute("aria-label") || (labelledBy || label || element).textContent
    || "").replace(/\s+/g, " ").trim();
  return {
    tag: element.tagName.toLowerCase(),
    name: element.getAttribute("name") || "",
    value: element.value === undefined ? "" : String(element.value),
    checked: Boolean(element.checked),
    text: name.slice(0, 60),
    ring: changed ? focusedRing : "",
    ringColor: ringColor,
    background: background,
    contrast: changed ? Math.round(((lighter + 0.05) / (darker + 0.05)) * 100) / 100 : 0,
    inView: inView,
    coveredBy: top && !inView
      ? top.tagName.toLowerCase() + (top.classList.length ? "." + top.classList[0] : "")
      : "",
  };
}"""


class KeyboardWalk:
    """Moves focus with keys only, and notes every stop where focus could not be seen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.stops: list[dict[str, Any]] = []

    def focused(self) -> dict[str, Any]:
        return self.page.evaluate(FOCUSED_ELEMENT)

    def note_focus(self) -> dict[str, Any]:
        stop = self.focused()
        self.stops.append(stop)
        where = f"<{stop['tag']}> {stop['text']!r} on {self.page.url}"
        if stop["tag"] == "body":
            self.problems.append(f"focus fell back to {where}")
        elif not stop["ring"]:
            self.problems.append(f"no visible focus indicator: {where}")
        elif not stop["inView"]:
            covered = f" behind {stop['coveredBy']}" if stop["coveredBy"] else " off screen"
            self.problems.append(f"focused element hidden{covered}: {where}")
        return stop

    def press(self, key: str) -> dict[str, Any]:
        self.page.keyboard.press(key)
        return self.note_focus()

    def tab_to(self, description: str, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        passed = []
        for _ in range(MAX_TABS):
            stop = self.press("Tab")
            if wanted(stop):
                return stop
            passed.append(stop["text"])
        raise AssertionError(f"Tab never reached {description} on {self.page.url}: {passed}")

    def tab_to_text(self, text: str) -> dict[str, Any]:
        return self.tab_to(repr(text), lambda stop: stop["text"] == text)

    def tab_to_field(self, name: str) -> dict[str, Any]:
        return self.tab_to(f"the {name} field", lambda stop: stop["name"] == name)

    def choose_on_scale(self, name: str, value: int, *, lowest: int) -> None:
        """Tab into an unanswered rating scale and arrow along it to a value."""
        stop = self.tab_to_field(name)
        assert stop["value"] == str(lowest), stop
        for _ in range(value - lowest):
            stop = self.press("ArrowRight")
        assert (stop["value"], stop["checked"]) == (str(value), True), stop

    def expect_focus_kept(self, moment: str) -> None:
        """After an htmx swap focus may pass through <body> briefly, but must come back."""
        try:
            self.page.wait_for_function(
                "() => document.activeElement && document.activeElement !== document.body",
                timeout=1500,
            )
        except PlaywrightTimeoutError:
            self.problems.append(f"focus fell back to <body> {moment} on {self.page.url}")


def is_log_in_button(stop: dict[str, Any]) -> bool:
    # Not the header's "Log in" link, which comes first.
    return stop["tag"] == "button" and stop["text"] == "Log in"


def test_a_keyboard_user_signs_in_and_finishes_todays_session_with_focus_always_visible(
    page: Page, onboarded_user: User
) -> None:
    # Scrolling that jumps rather than glides, so where focus lands can be measured at once.
    page.emulate_media(reduced_motion="reduce")
    walk = KeyboardWalk(page)

    page.goto("/accounts/login/")
    walk.tab_to_field("login")
    page.keyboard.type(onboarded_user.email)
    walk.tab_to_field("password")
    page.keyboard.type(PASSWORD)
    walk.tab_to("the Log in button", is_log_in_button)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")

    walk.tab_to_text("Start session")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    walk.choose_on_scale("pain_before", 2, lowest=0)
    walk.tab_to_text("Start session")
    page.keyboard.press("Enter")

    # One exercise a page: its heading takes the focus, and Tab goes on from there.
    progress = page.locator(".session-progress")
    expect(progress).to_contain_text("Exercise 1 of")
    log = SessionLog.objects.get()
    results = list(log.results.order_by("position"))
    total = len(results)
    used_timer = False
    for number, result in enumerate(results, start=1):
        expect(progress).to_have_text(f"Exercise {number} of {total}")
        expect(page.get_by_role("heading", level=1)).to_be_focused()
        if not used_timer and result.mode == "hold":
            count = page.get_by_role("timer")
            start = count.inner_text()
            walk.tab_to_text("Start timer")
            page.keyboard.press("Enter")
            expect(count).not_to_have_text(start, timeout=4000)
            expect(page.get_by_role("button", name="Pause")).to_be_focused()
            page.keyboard.press("Space")
            expect(page.get_by_role("button", name="Resume")).to_be_focused()
            used_timer = True
        walk.tab_to_text("Done")
        page.keyboard.press("Enter")
    assert used_timer, "today's session had no timed hold to try"

    expect(page.get_by_role("heading", level=1)).to_have_text("How did it go?")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    walk.choose_on_scale("pain_after", 7, lowest=0)
    walk.choose_on_scale("effort", 6, lowest=1)
    # Back into the pain scale: a radio group is one stop, and it returns to the chosen value.
    stop = walk.press("Shift+Tab")
    assert (stop["name"], stop["value"], stop["checked"]) == ("pain_after", "7", True), stop
    walk.tab_to_field("note")
    page.keyboard.type("Easier with the keyboard than I expected.")
    walk.tab_to_text("Finish and log")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Session logged.")).to_be_visible()

    log.refresh_from_db()
    assert log.is_finished
    assert (log.pain_before, log.pain_after, log.effort) == (2, 7, 6)
    assert log.note == "Easier with the keyboard than I expected."
    assert log.results.filter(status="done").count() == total
    assert not walk.problems, "Focus was lost or hidden at some stops:\n" + "\n".join(walk.problems)


def test_a_keyboard_user_says_an_exercise_hurt_and_how_much(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    first, second = log.results.select_related("exercise").order_by("position")[:2]
    sign_in_as(page, onboarded_user, live_server)
    page.goto(f"/sessions/{log.pk}/do/")
    expect(page.get_by_role("heading", level=1)).to_have_text(first.exercise.name)
    walk = KeyboardWalk(page)

    walk.tab_to_text("It pinched or hurt")
    page.keyboard.press("Enter")
    # The question takes the focus; its 0-10 buttons are the next stops.
    question = page.locator("#how-much")
    expect(question).to_be_focused()
    expect(question.get_by_role("heading", name="How much did it hurt?")).to_be_visible()
    walk.tab_to_text("7")
    page.keyboard.press("Enter")

    # Above 5: that exercise stops for today, and the next one says what to do.
    expect(page.get_by_role("heading", level=1)).to_have_text(second.exercise.name)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.get_by_text(f"{first.exercise.name} stops here for today")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, first.hurt_pain) == ("hurt", 7)
    assert not walk.problems, "Focus was lost or hidden at some stops:\n" + "\n".join(walk.problems)


def faint_rings(stops: list[dict[str, Any]]) -> str:
    faint: dict[str, list[str]] = {}
    for stop in stops:
        # Not "under": a ring whose colour could not be read measures NaN, and fails too.
        if stop["ring"] and not stop["contrast"] >= FOCUS_RING_CONTRAST:
            pair = f"{stop['ringColor']} ring on {stop['background']}: {stop['contrast']}:1"
            faint.setdefault(pair, []).append(repr(stop["text"]))
    return "\n".join(f"{pair} at {', '.join(controls)}" for pair, controls in faint.items())


def test_the_focus_ring_stands_out_from_the_page_around_it(page: Page) -> None:
    walk = KeyboardWalk(page)
    page.goto("/accounts/login/")
    walk.tab_to("the Log in button", is_log_in_button)

    # A ring that is missing altogether is no ring to measure.
    assert not walk.problems, "Focus was lost or hidden at some stops:\n" + "\n".join(walk.problems)
    report = faint_rings(walk.stops)
    assert not report, f"Focus rings under {FOCUS_RING_CONTRAST}:1 against the page:\n{report}"


def test_an_error_at_the_finish_takes_the_focus_and_shows_it_clearly(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    log = start_todays_session(onboarded_user)
    log.results.update(status="done")
    sign_in_as(page, onboarded_user, live_server)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/sessions/{log.pk}/do/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How did it go?")
    walk = KeyboardWalk(page)

    walk.tab_to_text("Finish and log")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Rate your pain from 0 (none) to 10 (worst imaginable).")
    landed = walk.note_focus()

    assert landed["ring"], f"No focus ring on the error summary: {walk.problems}"
    report = faint_rings([landed])
    assert not report, f"The error summary's focus ring is under {FOCUS_RING_CONTRAST}:1:\n{report}"
