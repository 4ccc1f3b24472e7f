"""Two app servers behind one address, sharing the database and Redis, as in production: a
person may land on either with each request.

Each server is a real gunicorn on its own port, on the suite's clock; the two share the test
database and this test's Redis prefix. Every request carries the one public host name, as a
proxy in front forwards it, and cookies carry no port, so one cookie jar talks to both, as a
browser behind a proxy does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings

from tests.conftest import PASSWORD, REDIS_URL, TEST_NOW, make_user, onboard, page_text

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_HOST = "hipflex.test"
LOGIN = "/accounts/login/"
TODAY = "/today/"

# Started at the suite's instant before gunicorn forks its worker, which inherits the clock;
# static files come from the source tree, as everywhere in the suite (production hashes them
# at build time).
SERVE = """
import sys, time_machine
time_machine.travel(sys.argv.pop(1), tick=True).start()
from hipflex import settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
from gunicorn.app.wsgiapp import run
sys.exit(run())
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"]
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{settings['NAME']}"


class Browser:
    """One person's browser: a cookie jar, and requests to whichever server it is sent to."""

    class _NoRedirects(HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar), self._NoRedirects())

    def send(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body); a POST carries the CSRF token from the cookie."""
        body = None
        # What the proxy in front forwards, whichever server it picks.
        headers = {"Host": PUBLIC_HOST}
        if data is not None:
            token = self.cookie("csrftoken")
            body = urlencode({**data, "csrfmiddlewaretoken": token or ""}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            with self.opener.open(Request(url, data=body, headers=headers), timeout=30) as reply:
                return reply.status, reply.headers.get("Location", ""), reply.read().decode()
        except HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def sign_in(self, server: str, email: str, password: str = PASSWORD) -> tuple[int, str, str]:
        self.send(server + LOGIN)  # the CSRF cookie
        return self.send(server + LOGIN, {"login": email, "password": password})


@pytest.fixture
def servers(
    transactional_db: None, starting_library: None, own_cache_prefix: str, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": own_cache_prefix,
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "HIPFLEX_SINGLE_PROCESS": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    ports = [free_port(), free_port()]
    control = tmp_path
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SERVE, TEST_NOW.isoformat(), "hipflex.wsgi"]
            + ["--config", "python:hipflex.gunicorn"]  # production's, but for the workers
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
            + ["--control-socket", str(control / f"{port}.ctl")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        yield urls[0], urls[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} exited: {process.stderr.read().decode()}")
        try:
            request = Request(url + "/healthz", headers={"Host": PUBLIC_HOST})
            with build_opener().open(request, timeout=2) as reply:
                if reply.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.2)
    process.terminate()
    raise AssertionError(f"{url} did not answer within 30 s: {process.stderr.read().decode()}")


@pytest.fixture
def person() -> User:
    user = make_user("both@example.com")
    onboard(user)
    # The suite hashes passwords the fast way; the servers know only the production hashers.
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_signed_in_on_one_server_a_person_is_known_to_the_other(
    servers: tuple[str, str], person: User
) -> None:
    a, b = servers
    browser = Browser()
    status, location, _ = browser.sign_in(a, person.email)
    assert (status, location) == (302, TODAY)
    status, _, page = browser.send(b + TODAY)
    assert status == 200
    assert "Log out" in page


def test_a_change_on_one_server_shows_on_the_next_request_to_the_other(
    servers: tuple[str, str], person: User
) -> None:
    a, b = servers
    browser = Browser()
    browser.sign_in(a, person.email)
    today = person.profile.local_today().isoformat()
    session = {"date": today, "kind": "mobility", "pain_before": "4", "pain_after": "3"}
    status, location, _ = browser.send(b + "/sessions/new/", {**session, "effort": "5"})
    assert status == 302, location
    status, _, page = browser.send(a + "/sessions/")
    assert status == 200
    assert "Pain 4 → 3" in page_text(page)


def test_signing_out_on_one_server_ends_the_session_on_the_other(
    servers: tuple[str, str], person: User
) -> None:
    a, b = servers
    browser = Browser()
    browser.sign_in(a, person.email)
    stolen = Browser()  # the same cookie, kept by someone else
    for cookie in browser.jar:
        stolen.jar.set_cookie(cookie)
    assert stolen.send(b + TODAY)[0] == 200
    assert browser.send(a + "/accounts/logout/", {})[0] == 302
    assert signed_out(stolen, b)


def signed_out(browser: Browser, server: str) -> bool:
    """Today's page sends this browser to sign in."""
    status, location, _ = browser.send(server + TODAY)
    return (status, location.split("?")[0]) == (302, LOGIN)


@pytest.fixture
def devices(servers: tuple[str, str], person: User) -> tuple[Browser, Browser]:
    """The person's laptop, signed in on the first server, and phone, on the second."""
    laptop, phone = Browser(), Browser()
    laptop.sign_in(servers[0], person.email)
    phone.sign_in(servers[1], person.email)
    return laptop, phone


def test_a_password_change_on_one_server_signs_out_other_devices_on_the_other(
    servers: tuple[str, str], devices: tuple[Browser, Browser]
) -> None:
    a, b = servers
    laptop, phone = devices
    new = "a-different-calm-pass-91"
    change = {"oldpassword": PASSWORD, "password1": new, "password2": new}
    assert laptop.send(a + "/accounts/password/change/", change)[0] == 302
    assert laptop.send(b + TODAY)[0] == 200  # the device that changed it stays in
    assert signed_out(phone, a)


def test_deleting_the_account_on_one_server_signs_out_every_device_on_both(
    servers: tuple[str, str], person: User, devices: tuple[Browser, Browser]
) -> None:
    a, b = servers
    laptop, phone = devices
    assert laptop.send(b + "/accounts/reauthenticate/", {"password": PASSWORD})[0] == 302
    status, location, _ = laptop.send(a + "/settings/delete/", {"confirm": "on"})
    assert (status, location) == (302, "/")
    for server in servers:
        assert signed_out(phone, server)
    assert not User.objects.filter(pk=person.pk).exists()


def test_failed_sign_ins_count_across_both_servers(servers: tuple[str, str], person: User) -> None:
    # Five wrong passwords for one address in five minutes, whichever server takes them.
    browser = Browser()
    for attempt in range(5):
        server = servers[attempt % 2]
        status, _, page = browser.sign_in(server, person.email, "wrong-password")
        assert status == 200
        assert "Too many tries with a wrong password" not in page
    for server in servers:
        status, _, page = browser.sign_in(server, person.email, PASSWORD)
        assert "Too many tries with a wrong password" in page, server
