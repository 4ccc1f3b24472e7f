from __future__ import annotations

import html
import importlib
import itertools
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
import redis
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, sync_playwright

from hipflex.settings import cache_from_url
from routines.models import Profile

# ---------------------------------------------------------------------------------------------
# One clock for the whole suite
# ---------------------------------------------------------------------------------------------

# An ordinary Wednesday morning; HIPFLEX_TEST_NOW moves the whole suite elsewhere.
DEFAULT_TEST_NOW = "2026-11-25T09:30:00+00:00"


def _test_now() -> datetime:
    raw = os.environ.get("HIPFLEX_TEST_NOW") or DEFAULT_TEST_NOW
    try:
        instant = datetime.fromisoformat(raw)
    except ValueError:
        raise pytest.UsageError(
            f"HIPFLEX_TEST_NOW must be an ISO 8601 instant, like {DEFAULT_TEST_NOW}, not {raw!r}."
        ) from None
    if instant.utcoffset() is None:
        raise pytest.UsageError(
            f"HIPFLEX_TEST_NOW needs its offset from UTC (+00:00, say), not {raw!r}."
        )
    return instant


def _person_time_zone() -> str:
    name = os.environ.get("HIPFLEX_TEST_TIME_ZONE") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise pytest.UsageError(
            f"HIPFLEX_TEST_TIME_ZONE must be a time zone name, not {name!r}."
        ) from None
    return name


# The instant every test starts at, and the time zone of the people the fixtures make.
TEST_NOW = _test_now()
PERSON_TIME_ZONE = _person_time_zone()
_session_clock = time_machine.travel(TEST_NOW, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    # From the start, so the test databases are migrated at the suite's instant too.
    _session_clock.start()
    _tell_the_test_client_about_jinja2_pages()


def _tell_the_test_client_about_jinja2_pages() -> None:
    """response.context for Jinja2 pages too, as Django's test setup gives it for its own
    engine: each render announces its template and context."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    render = backend.Template.render

    def render_and_tell(self: Any, context: Any = None, request: Any = None) -> str:
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return render(self, context, request)

    backend.Template.render = render_and_tell


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_clock.stop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"hipflex: tests start at {TEST_NOW.isoformat()}, people in {PERSON_TIME_ZONE}"]


@pytest.fixture(autouse=True)
def _clock(time_machine: time_machine.TimeMachineFixture) -> None:
    """Every test starts at TEST_NOW, its clock running; `time_machine.move_to` moves it."""
    time_machine.move_to(TEST_NOW, tick=True)


# ---------------------------------------------------------------------------------------------
# Isolation from any other run on this machine
# ---------------------------------------------------------------------------------------------

# Drawn per process: each run, and each xdist worker of a run, has its own.
RUN_ID = secrets.token_hex(4)
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
_test_numbers = itertools.count()


def _worker(config: pytest.Config) -> str:
    return getattr(config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> None:
    """A test database of this run's own, so two runs on one machine never meet."""
    for database in django_settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.sqlite3":
            # A file, not memory: concurrency tests need writers that wait their turn, and an
            # in-memory database shared between threads refuses them instead.
            folder = Path(tempfile.gettempdir())
            test["NAME"] = str(folder / f"hipflex-test-{RUN_ID}-{_worker(request.config)}.sqlite3")
        else:
            test["NAME"] = f"test_{database['NAME']}_{RUN_ID}_{_worker(request.config)}"


@pytest.fixture(scope="session")
def cache_prefix(request: pytest.FixtureRequest) -> str:
    """Every cache key of this run starts with this: Redis is shared, its keys are not."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.exit(f"The suite needs Redis at {REDIS_URL} (REDIS_TEST_URL): {error}", 2)
    return f"hipflex-test:{RUN_ID}:{_worker(request.config)}"


def redis_keys(prefix: str) -> list[bytes]:
    return list(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{prefix}*", count=1000))


def forget_redis_keys(prefix: str) -> None:
    keys = redis_keys(prefix)
    if keys:
        redis.Redis.from_url(REDIS_URL).delete(*keys)


@pytest.fixture(autouse=True)
def own_cache_prefix(settings: Any, cache_prefix: str) -> Iterator[str]:
    """Redis as in production, under keys no other test (of this run or another) uses."""
    prefix = f"{cache_prefix}:{next(_test_numbers)}"
    settings.CACHES = {"default": {**cache_from_url(REDIS_URL), "KEY_PREFIX": prefix}}
    yield prefix
    forget_redis_keys(prefix)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The default hasher takes a good part of a second per user; no test is about its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---------------------------------------------------------------------------------------------
# Pages as a person reads them
# ---------------------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "img":
            self.parts.append(f" {dict(attrs).get('alt') or ''} ")
        elif tag in {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "section"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        else:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_text(response: HttpResponse | str) -> str:
    """The words of a page as a person reads them: tags gone, entities decoded, one space
    between words (an image counts as its alt text)."""
    markup = response if isinstance(response, str) else response.content.decode()
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())


def escaped(text: str) -> str:
    """`text` as Django writes it into a page or an attribute."""
    return html.escape(text)


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
def _plain_static_files(settings: Any) -> None:
    # Production hashes static files at build time; tests serve them from the source tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def rendered_queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    """The SQL queries of drawing a page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == HTTPStatus.OK, response
    return len(queries)


def make_user(email: str, *, verified: bool = True, consented: bool = True) -> User:
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if consented:
        Profile.objects.create(
            user=user,
            health_data_consent_at=timezone.now(),
            privacy_notice_version="test",
            time_zone=PERSON_TIME_ZONE,
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


def reauthenticate(client: Client, password: str = PASSWORD) -> None:
    """Give the password again, as allauth asks before a sensitive action."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == HTTPStatus.FOUND, response


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
        ("0012_exercise_load", "load_types_and_chains"),
        ("0019_library_corrections", "correct_library"),
        ("0021_starting_figures", "load_figures"),
        ("0023_figure_key", "fill_figure_keys"),
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
    # The browser lives where the people the tests make live, as a person's phone would.
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, timezone_id=PERSON_TIME_ZONE
    )
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def training_days_from_today(count: int = 3) -> list[int]:
    """Weekdays that include the person's today, every other day, so today has a session."""
    today = timezone.now().astimezone(ZoneInfo(PERSON_TIME_ZONE)).date()
    return sorted({(today.weekday() + 2 * offset) % 7 for offset in range(count)})


def snapshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot in SCREENSHOT_DIR (make test sets it), for a design review."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def onboard(
    user: User,
    *,
    days: list[int] | None = None,
    minutes: int = 25,
    equipment: list[str] | None = None,
    experience: str = "some",
    usual_pain: int = 3,
    time_zone: str = PERSON_TIME_ZONE,
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
