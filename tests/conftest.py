from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, sync_playwright

from routines.models import Profile

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "calm-hips-and-a-steady-back-42"


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # Production hashes static files at build time; tests serve them from the source tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_user(email: str, *, verified: bool = True, consented: bool = True) -> User:
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if consented:
        Profile.objects.create(
            user=user, health_data_consent_at=timezone.now(), privacy_notice_version="test"
        )
    return user


@pytest.fixture
def user(db: None) -> User:
    return make_user("ada@example.com")


@pytest.fixture
def other_user(db: None) -> User:
    return make_user("grace@example.com")


@pytest.fixture
def client_logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def link_in_last_email(pattern: str = r"https?://\S+") -> str:
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()
