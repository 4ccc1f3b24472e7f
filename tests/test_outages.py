"""When PostgreSQL or Redis cannot be reached: a calm 503 page, one log line per outage,
/healthz naming what is down, nothing half-saved, and sessions that outlive Redis.

Redis goes away for real: the cache's address moves to a port nothing answers. PostgreSQL goes
away for the test's own connection: from a chosen point every statement fails as a refused
connection would.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import psycopg
import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from hipflex.outages import QUIET_SECONDS, RETRY_AFTER_SECONDS, forget_outages
from hipflex.settings import (
    CACHE_TIMEOUT_SECONDS,
    DATABASE_CONNECT_TIMEOUT_SECONDS,
    cache_from_url,
    database_from_url,
)
from routines.models import FunctionalTask
from tests.conftest import PASSWORD, REDIS_URL, TEST_NOW, forget_redis_keys, onboard, page_text
from tests.routines.test_onboarding import all_no, good_profile
from tests.tracking.conftest import todays_day
from tracking.export import export_data
from tracking.services import session_finish, session_start

pytestmark = pytest.mark.django_db

TODAY = reverse("tracking:today")
HEALTHZ = reverse("healthz")
CALM_WORDS = (
    "Hipflex is catching its breath Part of Hipflex is not answering for a moment. Your data is "
    "safe: a change is saved in full or not at all, never halfway. Please try again in a minute."
)
# Nothing listens on port 1 of this machine.
NOWHERE = "redis://127.0.0.1:1/0"
WRITES = ("INSERT", "UPDATE", "DELETE")
# Let through, so that a transaction around the test outlives the outage it simulates.
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture(autouse=True)
def no_outage_known() -> Iterator[None]:
    forget_outages()
    yield
    forget_outages()


class Redis:
    """The cache of this test, stopped and started again (its keys stay where they were)."""

    def __init__(self, settings: Any, prefix: str) -> None:
        self.settings, self.prefix = settings, prefix

    def _at(self, url: str) -> None:
        self.settings.CACHES = {"default": {**cache_from_url(url), "KEY_PREFIX": self.prefix}}

    def stop(self) -> None:
        self._at(NOWHERE)

    def start(self) -> None:
        self._at(REDIS_URL)


@pytest.fixture
def redis(settings: Any, own_cache_prefix: str) -> Redis:
    return Redis(settings, own_cache_prefix)


@contextmanager
def database_down(*, after_writes: int = 0) -> Iterator[None]:
    """PostgreSQL goes away once `after_writes` writes have gone through."""
    writes = 0

    def refuse(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        nonlocal writes
        if sql.startswith(SAVEPOINTS):
            return execute(sql, *args)
        if writes >= after_writes:
            raise OperationalError("connection to server failed: Connection refused")
        if sql.lstrip().upper().startswith(WRITES):
            writes += 1
        return execute(sql, *args)

    with connection.execute_wrapper(refuse):
        yield


def assert_calm_503(response: HttpResponse) -> None:
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert CALM_WORDS in page_text(response)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Traceback" not in response.text
    assert "Error" not in response.text


def outage_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "hipflex.outages"]


def test_a_page_met_by_a_database_outage_is_the_calm_503_page_until_it_is_back(
    client_logged_in: Client, onboarded_user: User
) -> None:
    with database_down():
        response = client_logged_in.get(TODAY)
    assert_calm_503(response)
    # The page is drawn without the database, so it knows nobody: no menu, no sign-out.
    assert "Log out" not in page_text(response)
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK


def test_a_visitor_gets_the_same_calm_page_in_the_sites_own_look(client: Client) -> None:
    with database_down():
        response = client.get(reverse("routines:library"))
    assert_calm_503(response)
    assert '<link rel="stylesheet" href="/static/css/site.css">' in response.text


def test_an_htmx_request_in_an_outage_swaps_the_calm_page_into_main(
    client_logged_in: Client, onboarded_user: User
) -> None:
    log = session_start(user=onboarded_user, planned_day=todays_day(onboarded_user), pain_before=2)
    with database_down():
        response = client_logged_in.post(
            reverse("tracking:morning_check", args=[log.pk]),
            {"morning_pain": "3"},
            headers={"HX-Request": "true"},
        )
    assert_calm_503(response)
    assert response["HX-Retarget"] == "#main"
    assert response["HX-Reswap"] == "outerHTML"
    assert response["HX-Reselect"] == "#main"
    assert response["HX-Push-Url"] == "false"
    assert '<main id="main"' in response.text
    log.refresh_from_db()
    assert log.morning_pain is None


def test_with_redis_down_a_signed_in_person_keeps_their_pages(
    client_logged_in: Client, onboarded_user: User, redis: Redis
) -> None:
    redis.stop()
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.OK
    assert "Log out" in page_text(response)
    # The library's list is kept in the cache: that page waits for it.
    assert_calm_503(client_logged_in.get(reverse("routines:library"), {"kind": "strength"}))
    redis.start()
    response = client_logged_in.get(reverse("routines:library"), {"kind": "strength"})
    assert response.status_code == HTTPStatus.OK


def test_a_redis_restart_signs_nobody_out(
    client_logged_in: Client, onboarded_user: User, own_cache_prefix: str
) -> None:
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK
    forget_redis_keys(own_cache_prefix)  # all this test's keys, the session's among them
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.OK
    assert "Log out" in page_text(response)


def test_signing_in_while_redis_is_down_is_the_calm_503_page(
    client: Client, user: User, redis: Redis
) -> None:
    redis.stop()
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
    )
    assert_calm_503(response)
    redis.start()
    assert client.get(TODAY).status_code == HTTPStatus.FOUND  # still to sign in


# Signing in writes outside any transaction, as Django's login does: a failed write there
# would spoil the transaction a test runs in, so this one runs without.
@pytest.mark.django_db(transaction=True)
def test_signing_in_while_the_database_goes_away_at_any_point_is_the_calm_page(
    client: Client, user: User
) -> None:
    """Some of it happens after the view: the session is saved on the way out."""
    client.raise_request_exception = False  # what a person gets, not the test client's raise
    credentials = {"login": user.email, "password": PASSWORD}
    for writes in range(50):
        with database_down(after_writes=writes):
            response = client.post(reverse("account_login"), credentials)
        if response.status_code != HTTPStatus.SERVICE_UNAVAILABLE:
            break
        assert_calm_503(response)
    assert response.status_code == HTTPStatus.FOUND
    assert writes > 0
    assert "Log out" in page_text(client.get(reverse("home")))


@pytest.mark.parametrize(
    ("down", "answer"),
    [
        ({"database"}, "database unavailable"),
        ({"cache"}, "cache unavailable"),
        ({"database", "cache"}, "database and cache unavailable"),
    ],
)
def test_healthz_names_what_is_down_and_says_ok_once_it_is_back(
    client: Client, redis: Redis, down: set[str], answer: str
) -> None:
    if "cache" in down:
        redis.stop()
    with database_down() if "database" in down else nullcontext():
        response = client.get(HEALTHZ)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.text == answer
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    redis.start()
    response = client.get(HEALTHZ)
    assert (response.status_code, response.text) == (HTTPStatus.OK, "ok")


@pytest.mark.django_db(transaction=True)
def test_healthz_asks_on_a_new_connection_so_a_shutting_down_database_is_down(
    client: Client,
) -> None:
    """PostgreSQL shutting down ("smart") lets open connections go on while it refuses new
    ones: a worker holding one must not say ok when the others cannot reconnect."""
    assert client.get(HEALTHZ).text == "ok"
    held = connection.settings_dict.copy()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = 1
    else:
        connection.settings_dict["NAME"] = "/nowhere/hipflex.sqlite3"
    try:
        connection.ensure_connection()  # the connection opened before still answers
        response = client.get(HEALTHZ)
    finally:
        connection.settings_dict.update(held)
    assert (response.status_code, response.text) == (
        HTTPStatus.SERVICE_UNAVAILABLE,
        "database unavailable",
    )
    assert client.get(HEALTHZ).text == "ok"


def test_an_outage_is_logged_once_and_its_end_once(
    client_logged_in: Client,
    onboarded_user: User,
    caplog: pytest.LogCaptureFixture,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    caplog.set_level(logging.INFO)
    time_machine.move_to(TEST_NOW, tick=False)
    with database_down():
        for _ in range(3):
            assert client_logged_in.get(TODAY).status_code == HTTPStatus.SERVICE_UNAVAILABLE
            time_machine.shift(timedelta(seconds=20))
        assert client_logged_in.get(HEALTHZ).status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert outage_lines(caplog) == ["database unavailable (OperationalError)"]
    assert client_logged_in.get(HEALTHZ).text == "ok"
    assert outage_lines(caplog)[1:] == ["database answering again after 60 seconds"]
    # Nothing else: Django's own line for each 503, a stack trace, a query.
    assert [record.name for record in caplog.records] == ["hipflex.outages"] * 2
    assert not any(record.exc_info for record in caplog.records)


def test_a_failure_after_a_quiet_minute_is_a_new_outage(
    client_logged_in: Client,
    onboarded_user: User,
    caplog: pytest.LogCaptureFixture,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    with database_down():
        client_logged_in.get(TODAY)
        time_machine.shift(timedelta(seconds=QUIET_SECONDS + 1))
        client_logged_in.get(TODAY)
    assert outage_lines(caplog) == ["database unavailable (OperationalError)"] * 2


# ---------------------------------------------------------------------------------------------
# A form sent during an outage is saved in full or not at all
# ---------------------------------------------------------------------------------------------


def _finishing_a_session(client: Client, user: User) -> tuple[str, dict[str, str]]:
    onboard(user)
    log = session_start(user=user, planned_day=todays_day(user), pain_before=2)
    answers = {f"result-{result.pk}-status": "done" for result in log.results.all()}
    url = reverse("tracking:session_finish", args=[log.pk])
    return url, {"pain_after": "6", "effort": "5", "note": "Felt loose."} | answers


def _the_morning_check(client: Client, user: User) -> tuple[str, dict[str, str]]:
    onboard(user)
    log = session_start(user=user, planned_day=todays_day(user), pain_before=2)
    session_finish(log=log, answers={}, pain_after=3, effort=5, note="")
    return reverse("tracking:morning_check", args=[log.pk]), {"morning_pain": "8"}


def _the_training_profile(client: Client, user: User) -> tuple[str, dict[str, str]]:
    client.post(reverse("routines:onboarding_safety"), all_no())
    return reverse("routines:onboarding_profile"), good_profile()


def _the_last_onboarding_step(client: Client, user: User) -> tuple[str, dict[str, str]]:
    client.post(reverse("routines:onboarding_safety"), all_no())
    client.post(reverse("routines:onboarding_profile"), good_profile())
    shoes = FunctionalTask.objects.get(slug="tying-shoes").pk
    data = {f"task_{shoes}": "on", f"rating_{shoes}": "3", "reminders-reminder_time": "18:15"}
    return reverse("routines:onboarding_goals"), data | {"reminders-reminders_enabled": "on"}


def _the_settings(client: Client, user: User) -> tuple[str, dict[str, str]]:
    onboard(user, equipment=["chair"])
    return reverse("routines:settings"), good_profile(equipment=["band"], usual_pain="6")


# Without a transaction around the test, as in production: a write that was not part of the
# form's transaction stays.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("starting_library")
@pytest.mark.parametrize(
    "form",
    [
        _finishing_a_session,
        _the_morning_check,
        _the_training_profile,
        _the_last_onboarding_step,
        _the_settings,
    ],
)
def test_a_form_sent_during_an_outage_is_saved_in_full_or_not_at_all(
    client_logged_in: Client,
    user: User,
    form: Callable[[Client, User], tuple[str, dict[str, str]]],
) -> None:
    """PostgreSQL goes away after the first write, then after the second, and so on: each time
    the person sees the calm page, and their data is as before or as once saved, never between."""
    url, data = form(client_logged_in, user)
    before = export_data(user)
    seen_during_outages = []
    for writes in range(200):
        with database_down(after_writes=writes):
            response = client_logged_in.post(url, data)
        if response.status_code != HTTPStatus.SERVICE_UNAVAILABLE:
            break
        assert_calm_503(response)
        seen_during_outages.append(export_data(user))
    assert response.status_code == HTTPStatus.FOUND, page_text(response)
    saved = export_data(user)
    assert saved != before
    assert seen_during_outages, "the outage never came before the form was saved"
    for seen in seen_during_outages:
        assert seen in (before, saved)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("starting_library")
def test_an_htmx_filter_in_an_outage_shows_the_calm_page_in_place(page: Page, redis: Redis) -> None:
    page.goto("/library/")
    expect(page.locator("#results").get_by_text("Dead bug")).to_be_visible()
    redis.stop()
    page.get_by_label("Kind").select_option("strength")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Hipflex is catching its breath")
    expect(main).to_contain_text("Please try again in a minute.")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()  # the page's own header
    expect(page).to_have_url("/library/")


@contextmanager
def silent_server() -> Iterator[str]:
    """A port that takes connections and never answers, as a host dropping packets would."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def test_a_redis_that_stops_answering_gives_the_calm_page_within_seconds(
    client_logged_in: Client, onboarded_user: User, redis: Redis
) -> None:
    with silent_server() as address:
        redis._at(f"redis://{address}/0")
        started = time.monotonic()
        response = client_logged_in.post(reverse("account_logout"))
        waited = time.monotonic() - started
    assert_calm_503(response)
    assert waited < 6 * CACHE_TIMEOUT_SECONDS


def test_a_postgresql_that_stops_answering_is_given_up_within_seconds() -> None:
    with silent_server() as address:
        params = database_from_url(f"postgres://app@{address}/hipflex")
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(
                host=params["HOST"],
                port=params["PORT"],
                dbname="hipflex",
                connect_timeout=params["OPTIONS"]["connect_timeout"],
            )
        waited = time.monotonic() - started
    assert waited < 2 * DATABASE_CONNECT_TIMEOUT_SECONDS
