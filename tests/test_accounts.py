from __future__ import annotations

import os
import re
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
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from routines.models import Profile
from tests.conftest import (
    PASSWORD,
    REDIS_URL,
    escaped,
    link_in_last_email,
    make_user,
    page_text,
    reauthenticate,
)
from tracking.models import CareAdvice

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
    assert (
        "Too many tries with a wrong password. Wait a few minutes and try again, or reset your "
        "password."
    ) in page_text(response)
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


def test_the_signed_in_person_comes_with_their_profile_and_care_advice_as_stored(
    client: Client, onboarded_user: User, django_assert_num_queries: Any
) -> None:
    """The sign-in backends read the user, profile and care advice rows in one query of
    their own SQL (hipflex/backends.py): every value must read as the ORM reads it."""
    profile = Profile.objects.get(user=onboarded_user)
    profile.red_flags = ["night_pain"]
    profile.training_days = [0, 2, 4]
    profile.save()
    CareAdvice.objects.create(
        user=onboarded_user, dismissed_until=timezone.localdate() + timedelta(days=14)
    )
    backend = settings.AUTHENTICATION_BACKENDS[1]
    with django_assert_num_queries(1):
        person = import_string(backend)().get_user(str(onboarded_user.pk))
        assert person.profile.user is person
        assert person.care_advice.user is person
    for stored, read in (
        (User.objects.get(pk=onboarded_user.pk), person),
        (Profile.objects.get(user=onboarded_user), person.profile),
        (CareAdvice.objects.get(user=onboarded_user), person.care_advice),
    ):
        for field in stored._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert person.profile.red_flags == ["night_pain"]


def test_someone_without_a_profile_or_care_advice_signs_in_without_them(user: User) -> None:
    Profile.objects.filter(user=user).delete()  # as a professional who joined by invitation
    person = import_string(settings.AUTHENTICATION_BACKENDS[0])().get_user(user.pk)
    assert person == user
    assert Profile.of(person) is None
    assert CareAdvice.hidden_until(person) is None


def test_a_session_naming_no_such_person_signs_nobody_in(user: User) -> None:
    backend = import_string(settings.AUTHENTICATION_BACKENDS[0])()
    assert backend.get_user(user.pk + 1000) is None
    assert backend.get_user("not a number") is None


# ---------------------------------------------------------------------------------------------
# Hipflex's words on the account pages
# ---------------------------------------------------------------------------------------------

# What allauth says out of the box, which a person should never read on Hipflex.
STOCK_PHRASES = [
    "Sign Up",
    "Signup",
    "Sign In",
    "Sign Out",
    "Successfully",
    "contact us",
    "Verify Your",
    "Remember Me",
    "Password Reset",
    "Reset My Password",
    "Change Password",
    "Current Password",
    "New Password",
    "Re-send Verification",
    "expired or is invalid",
    "Two-Factor Authentication",
    "Authenticator App",
    "Recovery Codes",
    "Sessions",
    "Please",
]


def heading(response: HttpResponse) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.text, re.DOTALL)
    assert match, response.text
    return page_text(match.group(1))


def stock_phrases_in(response: HttpResponse) -> list[str]:
    text = page_text(response)
    return [phrase for phrase in STOCK_PHRASES if phrase in text]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("account_signup", "Create your account"),
        ("account_login", "Welcome back"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_email_verification_sent", "Check your email"),
    ],
)
def test_the_signed_out_account_pages_speak_hipflex_words(
    client: Client, name: str, title: str
) -> None:
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert heading(response) == title
    assert stock_phrases_in(response) == []


@pytest.mark.parametrize(
    ("name", "title", "two_factor"),
    [
        ("account_logout", "Log out?", False),
        ("account_email", "Your email address", False),
        ("account_change_password", "Change your password", False),
        ("usersessions_list", "Signed-in devices", False),
        ("mfa_index", "Two-factor authentication", False),
        ("mfa_activate_totp", "Turn on two-factor authentication", False),
        ("mfa_index", "Two-factor authentication", True),
        ("mfa_deactivate_totp", "Turn off two-factor authentication?", True),
        ("mfa_view_recovery_codes", "Recovery codes", True),
        ("mfa_generate_recovery_codes", "Make new recovery codes", True),
    ],
)
def test_the_signed_in_account_pages_speak_hipflex_words(
    client_logged_in: Client, user: User, name: str, title: str, two_factor: bool
) -> None:
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
    reauthenticate(client_logged_in)
    response = client_logged_in.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert heading(response) == title
    assert stock_phrases_in(response) == []


@pytest.mark.django_db
def test_the_sign_up_and_log_in_buttons_say_what_they_do(client: Client) -> None:
    signup = client.get(reverse("account_signup"))
    assert '<button type="submit" class="button">Create my account</button>' in signup.text
    assert f'Already have an account? <a href="{reverse("account_login")}">Log in</a>.' in (
        signup.text
    )
    login = client.get(reverse("account_login"))
    assert '<button type="submit" class="button">Log in</button>' in login.text
    assert "Keep me logged in on this device" in page_text(login)


@pytest.mark.django_db
def test_logging_in_and_out_says_so_plainly(client: Client, user: User) -> None:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert "You're logged in as ada@example.com." in page_text(response)
    assert stock_phrases_in(response) == []
    response = client.post(reverse("account_logout"), follow=True)
    assert "You're logged out. See you next time." in page_text(response)


@pytest.mark.django_db
def test_a_wrong_password_says_what_to_check(client: Client, user: User) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": "no"})
    assert (
        "That email address and password don't match. Check both, or reset your password."
        in page_text(response)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("account_confirm_email", args=["not-a-key"]),
        reverse("privacy"),
    ],
)
def test_where_a_page_says_write_to_us_it_gives_the_contact_address(
    client: Client, settings: Any, url: str
) -> None:
    settings.HIPFLEX_CONTACT_EMAIL = "care@hipflex.example.org"
    response = client.get(url)
    assert "to us at care@hipflex.example.org" in page_text(response)
    assert '<a href="mailto:care@hipflex.example.org">care@hipflex.example.org</a>' in response.text


@pytest.mark.django_db
def test_account_emails_speak_hipflex_words(client: Client, user: User) -> None:
    sign_up(client, "new@example.com")
    confirm = mail.outbox[-1]
    assert confirm.subject == "Hipflex: Confirm your email address"
    assert confirm.body.startswith(
        "Hello,\n\nTo confirm that new@example.com is your address for Hipflex, open this link:"
    )
    assert confirm.body.rstrip().endswith("The Hipflex team")
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset = mail.outbox[-1]
    assert reset.subject == "Hipflex: Choose a new password"
    assert "your password stays as it is." in reset.body
    for message in mail.outbox:
        assert "Hello from" not in message.body
        assert "Thank you for using" not in message.body


# ---------------------------------------------------------------------------------------------
# A confirmation link opened again
# ---------------------------------------------------------------------------------------------


def confirmation_path(client: Client, email: str) -> str:
    sign_up(client, email)
    link = link_in_last_email(r"https?://\S+/accounts/confirm-email/\S+")
    return "/" + link.split("/", 3)[3]


@pytest.mark.django_db
def test_a_confirmation_link_asks_first_and_later_says_the_address_is_already_confirmed(
    client: Client,
) -> None:
    path = confirmation_path(client, "new@example.com")
    first = client.get(path)
    assert heading(first) == "Confirm your email address"
    assert "Is new@example.com your address?" in page_text(first)
    assert '<button type="submit" class="button">Confirm my email address</button>' in first.text
    assert not EmailAddress.objects.get(email="new@example.com").verified

    confirmed = client.post(path, follow=True)
    assert "Thank you: new@example.com is confirmed." in page_text(confirmed)
    assert EmailAddress.objects.get(email="new@example.com").verified

    # Opened again, signed in (confirming signed the person in): on to Hipflex.
    again = client.get(path)
    assert again.status_code == HTTPStatus.OK
    assert heading(again) == "This address is already confirmed"
    assert "new@example.com is confirmed: there is nothing more to do with this link." in (
        page_text(again)
    )
    assert f'<a class="button" href="{reverse("tracking:today")}">Continue to Hipflex</a>' in (
        again.text
    )
    assert "expired" not in page_text(again)

    # Opened on another device, signed out: a way to log in.
    elsewhere = Client().get(path)
    assert heading(elsewhere) == "This address is already confirmed"
    assert f'<a class="button" href="{reverse("account_login")}">Log in</a>' in elsewhere.text


@pytest.mark.django_db
def test_confirming_twice_in_a_row_says_already_confirmed_not_page_not_found(
    client: Client,
) -> None:
    path = confirmation_path(client, "new@example.com")
    client.post(path)
    second = Client().post(path)
    assert second.status_code == HTTPStatus.OK
    assert heading(second) == "This address is already confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["garbage", "MQ:1uKsg5:not-our-signature", "a" * 40])
def test_a_link_that_was_never_ours_says_it_does_not_work(client: Client, key: str) -> None:
    response = client.get(reverse("account_confirm_email", args=[key]))
    assert response.status_code == HTTPStatus.OK
    assert heading(response) == "This link doesn't work"
    assert "Try opening it straight from the email" in page_text(response)
    assert "already confirmed" not in page_text(response)


@pytest.mark.django_db
def test_an_unused_link_past_its_days_says_it_has_expired(
    client: Client, time_machine: time_machine.TimeMachineFixture
) -> None:
    path = confirmation_path(client, "slow@example.com")
    time_machine.move_to(timezone.now() + timedelta(days=4))
    response = Client().get(path)
    assert heading(response) == "This link has expired"
    assert "Log in and we'll send you a new one." in page_text(response).replace(" .", ".")
    assert not EmailAddress.objects.get(email="slow@example.com").verified


@pytest.mark.django_db
def test_each_step_of_a_password_reset_speaks_hipflex_words(client: Client, user: User) -> None:
    done = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    assert heading(done) == "Check your email"
    link = link_in_last_email(r"https?://\S+/accounts/password/reset/key/\S+")
    form_page = client.get(link, follow=True)
    assert heading(form_page) == "Choose a new password"
    assert "New password (again)" in page_text(form_page)
    new_password = "a-brand-new-password-for-my-hips-7"
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        follow=True,
    )
    assert heading(saved) == "Your new password is saved"
    used = client.get(link, follow=True)
    assert heading(used) == "This link doesn't work any more"
    assert "A reset link works once, for a few days." in page_text(used)
    for response in (done, form_page, saved, used):
        assert stock_phrases_in(response) == []
