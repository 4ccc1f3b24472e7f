from __future__ import annotations

import os
import re
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import REDIS_URL, page_text

ROOT = Path(__file__).resolve().parent.parent


def named_urls_without_arguments() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.pattern.regex.groups:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name and not pattern.pattern.regex.groups:
                found.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


NAMED_URLS = named_urls_without_arguments()


def test_the_url_walk_finds_the_main_pages() -> None:
    assert {"home", "privacy", "healthz", "account_login", "account_signup"} <= set(NAMED_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMED_URLS)
def test_every_named_page_answers_an_anonymous_visitor_without_error(
    client: Client, name: str
) -> None:
    response = client.get(reverse(name))
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR


@pytest.mark.parametrize("name", NAMED_URLS)
def test_every_named_page_answers_a_signed_in_user_without_error(
    client_logged_in: Client, name: str
) -> None:
    response = client_logged_in.get(reverse(name))
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR


def links(response: HttpResponse) -> set[tuple[str, str]]:
    """Each link of a page as (the words a person reads on it, where it goes)."""
    return {
        (page_text(words), href)
        for href, words in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', response.text, re.S)
    }


@pytest.mark.django_db
def test_landing_page_explains_hipflex_and_invites_sign_up(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert "Looser hips, a calmer back, a few minutes a day." in text
    assert "Hipflex gives you a short weekly plan that restores hip movement" in text
    assert ("Start your plan", reverse("account_signup")) in links(response)
    assert ("Log in", reverse("account_login")) in links(response)


def test_signed_in_navigation_offers_settings_and_log_out(client_logged_in: Client) -> None:
    response = client_logged_in.get(reverse("home"))
    assert ("Settings", reverse("routines:settings")) in links(response)
    assert "Log out" in page_text(response)
    assert "Sign up" not in page_text(response)
    assert "Start your plan" not in page_text(response)


@pytest.mark.django_db
def test_privacy_page_says_what_is_stored_and_how_to_export_and_delete_it(
    client: Client, settings: Any
) -> None:
    text = page_text(client.get(reverse("privacy")))
    assert f"Privacy notice version {settings.PRIVACY_NOTICE_VERSION}." in text
    assert (
        "Your session logs: pain before and after a session and the next morning, effort, notes, "
        "and which exercises you did, skipped or found painful." in text
    )
    assert (
        "You can download everything we hold about you from your settings, as JSON and CSV." in text
    )
    assert (
        "You can delete your account from your settings. That removes your health data at once."
        in text
    )


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.text == "ok"


def healthz_in_a_process_with(tmp_path: Path, **env: str) -> str:
    """What /healthz answers in a fresh process whose settings take `env`."""
    ask = (
        "from django.test import Client; r = Client().get('/healthz'); print(r.status_code, r.text)"
    )
    defaults = {
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path}/health.sqlite3",
        "CACHE_URL": REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", ask],
        cwd=ROOT,
        env={**os.environ, **defaults, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# Nothing listens on port 1 of this machine.
@pytest.mark.parametrize(
    ("env", "answer"),
    [
        ({}, "200 ok"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/hipflex"}, "503 database unavailable"),
        ({"CACHE_URL": "redis://127.0.0.1:1/0"}, "503 cache unavailable"),
        (
            {
                "DATABASE_URL": "postgres://postgres@127.0.0.1:1/hipflex",
                "CACHE_URL": "redis://127.0.0.1:1/0",
            },
            "503 database and cache unavailable",
        ),
    ],
    ids=["both-up", "database-down", "cache-down", "both-down"],
)
def test_healthz_is_unavailable_when_the_database_or_the_cache_is_down(
    tmp_path: Path, env: dict[str, str], answer: str
) -> None:
    assert healthz_in_a_process_with(tmp_path, **env) == answer


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "privacy", "account_login", "account_signup"])
def test_pages_send_a_strict_content_security_policy(client: Client, name: str) -> None:
    policy = client.get(reverse(name))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "script-src 'self' 'nonce-" in policy


def test_settings_page_links_to_security_options(client_logged_in: Client, user: User) -> None:
    response = client_logged_in.get(reverse("routines:settings"))
    assert response.status_code == HTTPStatus.OK
    assert {
        ("Email address", reverse("account_email")),
        ("Password", reverse("account_change_password")),
        ("Two-factor authentication", reverse("mfa_index")),
        ("Signed-in devices", reverse("usersessions_list")),
    } <= links(response)


def test_settings_page_offers_the_downloads_and_deletion_the_privacy_page_promises(
    client_logged_in: Client, user: User
) -> None:
    response = client_logged_in.get(reverse("routines:settings"))
    assert {
        ("Download everything (JSON)", reverse("tracking:export_json")),
        ("Download your sessions (CSV)", reverse("tracking:export_csv")),
        ("Delete your account and data", reverse("tracking:delete_account")),
    } <= links(response)


@pytest.mark.django_db
def test_settings_page_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(reverse("routines:settings"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
