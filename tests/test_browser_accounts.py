from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import BROWSER_TEST, PASSWORD, link_in_last_email

pytestmark = BROWSER_TEST
TOTP_STEP = 30


def totp_at_a_fresh_step(secret: str, clock: time_machine.TimeMachineFixture) -> str:
    """The authenticator code of a 30-second step that has just begun."""
    # The server allows no drift and refuses a code used before: a fresh step leaves the whole
    # step to type the code in, whatever instant the test started at.
    step = int(time.time()) // TOTP_STEP + 1
    clock.move_to(datetime.fromtimestamp(step * TOTP_STEP, tz=UTC), tick=True)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", step), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def csp_violations(page: Page) -> list[str]:
    seen: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.append(message.text)

    page.on("console", record)
    return seen


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_landing_page_loads_without_csp_violations(page: Page) -> None:
    violations = csp_violations(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_a_person_signs_up_verifies_logs_in_and_turns_on_two_factor(
    page: Page, time_machine: time_machine.TimeMachineFixture
) -> None:
    violations = csp_violations(page)
    email = "walker@example.com"

    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I agree that Hipflex stores").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert mail.outbox[-1].to == [email]

    page.goto(link_in_last_email(r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm my email address").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    log_in(page, email)
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()

    nav.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    # Signing in with the password counts as giving it for five minutes; after that, a
    # security change asks for it again.
    time_machine.shift(timedelta(minutes=6))
    page.get_by_role("link", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_at_a_fresh_step(secret, time_machine))
    page.get_by_role("button", name="Turn on", exact=True).click()
    expect(page.get_by_text("Two-factor authentication is on.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, email)
    page.get_by_label("Code", exact=True).fill(totp_at_a_fresh_step(secret, time_machine))
    page.get_by_role("button", name="Log in").click()
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()
    assert violations == []
