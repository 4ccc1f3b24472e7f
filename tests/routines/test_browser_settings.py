from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from routines.models import Profile
from tests.conftest import BROWSER_TEST
from tests.test_accessibility import sign_in_as

pytestmark = BROWSER_TEST


def test_the_calendar_address_copies_with_one_tap(
    page: Page, onboarded_user: User, live_server: Any
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_as(page, onboarded_user, live_server)
    page.goto("/settings/")
    page.get_by_role("button", name="Copy the address").click()
    expect(page.get_by_role("status")).to_have_text("Copied.")
    token = Profile.objects.get(user=onboarded_user).calendar_token
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/calendar/{token}.ics")
