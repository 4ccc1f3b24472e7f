from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import Profile
from tests.conftest import (
    PASSWORD,
    REDIS_URL,
    escaped,
    link_in_last_email,
    make_user,
    page_text,
)

ROOT = Path(__file__).resolve().parent.parent


def sign_up(client: Client, email: str, *, consent: bool = True) -> HttpResponse:
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    if consent:
        data["health_data_consent"] = "on"
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
def test_signup_without_health_data_consent_is_refused_beside_the_checkbox(
    client: Client,
) -> None:
    response = sign_up(client, "new@example.com", consent=False)
    assert response.status_code == HTTPStatus.OK
    assert "Hipflex needs your consent to store pain and exercise logs." in page_text(response)
    assert f'value="{escaped("new@example.com")}"' in response.text
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_signup_stores_consent_time_and_notice_version_and_mails_a_confirmation(
    client: Client, settings: Any, time_machine: time_machine.TimeMachineFixture
) -> None:
    signed_up_at = timezone.now().replace(microsecond=0)
    time_machine.move_to(signed_up_at, tick=False)
    response = sign_up(client, "new@example.com")
    assert response.status_code == HTTPStatus.FOUND
    profile = Profile.objects.get(user__email="new@example.com")
    assert profile.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert profile.health_data_consent_at == signed_up_at
    assert mail.outbox[-1].to == ["new@example.com"]
    assert "/accounts/confirm-email/" in link_in_last_email()


@pytest.mark.django_db
def test_an_unverified_user_cannot_reach_app_pages(client: Client) -> None:
    make_user("unverified@example.com", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "unverified@example.com", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_email_verification_sent")
    settings_page = client.get(reverse("routines:settings"))
    assert settings_page["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_signup_with_a_taken_email_looks_the_same_as_a_new_one(client: Client) -> None:
    make_user("taken@example.com")
    taken = sign_up(client, "taken@example.com")
    fresh = sign_up(Client(), "fresh@example.com")
    assert taken.status_code == fresh.status_code == HTTPStatus.FOUND
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email="taken@example.com").count() == 1


@pytest.mark.django_db
def test_password_reset_looks_the_same_for_unknown_addresses(client: Client) -> None:
    make_user("known@example.com")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client: Client) -> None:
    make_user("forgetful@example.com")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    link = link_in_last_email(r"https?://\S+/accounts/password/reset/key/\S+")
    form_page = client.get(link, follow=True)
    new_password = "a-brand-new-password-for-my-hips-7"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="forgetful@example.com")
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(
    client: Client, time_machine: time_machine.TimeMachineFixture
) -> None:
    make_user("target@example.com")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.com", "password": "no"})
    # Now even the right password is refused, until the five minutes have passed.
    right = {"login": "target@example.com", "password": PASSWORD}
    response = client.post(reverse("account_login"), right)
    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts. Try again later." in page_text(response)
    time_machine.move_to(timezone.now() + timedelta(minutes=5, seconds=1))
    assert client.post(reverse("account_login"), right).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_admin_login_goes_through_the_site_login(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


CONSUME_FAILED_LOGIN = """
import django
django.setup()
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
allowed = ratelimit.consume(request, action="login_failed", key="shared@example.com")
print("allowed" if allowed else "limited")
"""


def test_login_rate_limit_holds_across_processes_sharing_redis(own_cache_prefix: str) -> None:
    env = {
        **os.environ,
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": own_cache_prefix,  # this test's keys: forgotten when it ends
        "DJANGO_SETTINGS_MODULE": "hipflex.settings",
    }
    answers = []
    # Six separate Python processes: the five allowed failures are spread over both, and the
    # sixth is refused in whichever process asks, because the count lives in Redis.
    for _ in range(6):
        result = subprocess.run(
            [sys.executable, "-c", CONSUME_FAILED_LOGIN],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        answers.append(result.stdout.strip())
    assert answers == ["allowed"] * 5 + ["limited"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "two_factor"),
    [
        ("account_email", {"action_add": "", "email": "second@example.com"}, False),
        ("mfa_deactivate_totp", {}, True),
    ],
    ids=["add-email", "turn-off-two-factor"],
)
def test_changing_how_one_signs_in_asks_for_the_password_again(
    client_logged_in: Client, user: User, name: str, data: dict[str, str], two_factor: bool
) -> None:
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
    response = client_logged_in.post(reverse(name), data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    # Nothing changed until the password is given again.
    assert not EmailAddress.objects.filter(email="second@example.com").exists()
    assert Authenticator.objects.filter(user=user).exists() == two_factor
    assert "Confirm it is you" in page_text(client_logged_in.get(response["Location"]))
    client_logged_in.post(response["Location"], {"password": PASSWORD})
    # The form comes back as it was sent, and goes through.
    if two_factor:
        assert not Authenticator.objects.filter(user=user).exists()
    else:
        assert EmailAddress.objects.filter(email="second@example.com").exists()


def test_a_session_signed_in_before_the_backends_moved_stays_signed_in(
    client: Client, onboarded_user: User
) -> None:
    """Sessions store the dotted path of the backend that signed them in."""
    for path in (
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ):
        session = SessionStore()
        session.update(
            {
                "_auth_user_id": str(onboarded_user.pk),
                "_auth_user_backend": path,
                "_auth_user_hash": onboarded_user.get_session_auth_hash(),
            }
        )
        session.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        assert client.get(reverse("tracking:today")).status_code == HTTPStatus.OK, path
