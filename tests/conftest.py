from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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
# Browser tests talk to a live server, so they need real transactions (and the library put
# back after each flush: see the starting_library fixture).
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("starting_library"),
]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # Cached pages and rate limits belong to one test: ids come round again on SQLite.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # Production hashes static files at build time; tests serve them from the source tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def rendered_queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    """The SQL queries of rendering a page afresh (not served from the page cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == HTTPStatus.OK, response
    return len(queries)


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


@pytest.fixture
def starting_library(transactional_db: None) -> None:
    """Reload what the data migrations load; a transactional test's flush removes it."""
    from routines.models import Exercise

    if Exercise.objects.exists():
        return
    for module, function in [
        ("0003_starting_library", "load_library"),
        ("0006_cooldown_exercises", "mark_cooldowns"),
        ("0004_trainers_group", "create_trainers"),
    ]:
        migration = importlib.import_module(f"routines.migrations.{module}")
        getattr(migration, function)(django_apps, None)


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


def training_days_from_today(count: int = 3) -> list[int]:
    """Weekdays that include today (UTC), every other day, so today has a session."""
    today = timezone.localdate()
    return sorted({(today.weekday() + 2 * offset) % 7 for offset in range(count)})


def onboard(
    user: User,
    *,
    days: list[int] | None = None,
    minutes: int = 25,
    equipment: list[str] | None = None,
    experience: str = "some",
    usual_pain: int = 3,
    time_zone: str = "UTC",
) -> Profile:
    from routines.models import Equipment, FunctionalGoal, FunctionalTask
    from routines.services import onboarding_complete

    profile = user.profile
    profile.safety_answered_at = timezone.now()
    profile.training_days = days if days is not None else training_days_from_today()
    profile.session_minutes = minutes
    profile.experience = experience
    profile.usual_pain = usual_pain
    profile.time_zone = time_zone
    profile.profile_completed_at = timezone.now()
    profile.save()
    profile.equipment.set(Equipment.objects.filter(slug__in=equipment or []))
    FunctionalGoal.objects.create(
        user=user, task=FunctionalTask.objects.get(slug="tying-shoes"), baseline=4
    )
    onboarding_complete(user=user)
    profile.refresh_from_db()
    return profile


@pytest.fixture
def onboarded_user(user: User) -> User:
    onboard(user)
    return user


@pytest.fixture
def onboarded_other_user(other_user: User) -> User:
    onboard(other_user)
    return other_user
