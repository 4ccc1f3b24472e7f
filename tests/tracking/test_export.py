"""Export and deletion are complete: every model that holds a person's rows, now and in any
later change, is in the export row for row, and deletion leaves nothing of them in PostgreSQL or
in Redis."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as CACHED_SESSION_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse

from routines.models import Reminder
from tests.conftest import PASSWORD, make_user, onboard, page_text, reauthenticate, redis_keys
from tests.test_security_sweep import person_with_data
from tracking.export import EXPORT_PATHS, NOT_EXPORTED

pytestmark = pytest.mark.django_db


def owner_path(model: type[models.Model], seen: frozenset[type[models.Model]] = frozenset()) -> str:
    """The ORM lookup from a model to the user who owns its rows ("" for none), through any
    chain of foreign keys, in any app."""
    if model is User:
        return "pk"
    for field in model._meta.concrete_fields:
        related = field.related_model
        if not (field.many_to_one or field.one_to_one) or related in seen or related is model:
            continue
        if related._meta.label_lower in NOT_EXPORTED:
            continue  # rows shared by everyone (the library) are nobody's to follow
        inner = owner_path(related, seen | {model})
        if inner:
            return field.name if inner == "pk" else f"{field.name}__{inner}"
    return ""


def models_holding_people() -> dict[str, tuple[type[models.Model], str]]:
    found = {}
    for model in apps.get_models():
        path = owner_path(model)
        if path:
            found[model._meta.label_lower] = (model, path)
    return found


def test_every_model_that_holds_a_persons_rows_is_exported_or_explained() -> None:
    holding = set(models_holding_people())
    assert not set(EXPORT_PATHS) & set(NOT_EXPORTED)
    # A model added later that refers to a user fails here until the export takes it.
    assert holding == set(EXPORT_PATHS) | set(NOT_EXPORTED)


def count_at(data: object, path: tuple[str, ...]) -> int:
    """How many records sit at `path`, following lists on the way."""
    if isinstance(data, list):
        return sum(count_at(item, path) for item in data)
    if not path:
        return 0 if data is None else 1
    return count_at(data[path[0]], path[1:])


def a_person_with_everything(client: Client, *devices: Client) -> User:
    """Signed in for real (on `devices` too), with rows in every exported model."""
    user = make_user("full@example.com")
    onboard(user)
    person_with_data(user)
    Reminder.objects.create(user=user, date=user.profile.local_today())
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False)
    # Signed in through the form, so each sign-in is recorded as a session of theirs.
    for browser in (client, *devices):
        response = browser.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == HTTPStatus.FOUND, response
        assert browser.get(reverse("tracking:today")).status_code == HTTPStatus.OK
    TOTP.activate(user, generate_totp_secret())
    client.get(reverse("tracking:today"))
    reauthenticate(client)
    return user


def test_the_export_holds_every_row_the_person_has(client: Client) -> None:
    user = a_person_with_everything(client)
    data = json.loads(client.get(reverse("tracking:export_json")).content)
    holding = models_holding_people()
    for label, path in EXPORT_PATHS.items():
        model, lookup = holding[label]
        rows = model.objects.filter(**{lookup: user.pk}).count()
        assert rows, f"the test person has no {label} rows to export"
        assert count_at(data, path) == rows, label
    # What kind of device and when: never its secret.
    assert [set(device) for device in data["two_factor_devices"]] == [
        {"type", "added_at", "last_used_at"}
    ]


def sessions_of(user_pk: int) -> list[str]:
    return [
        session.session_key
        for session in Session.objects.all()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_pk)
    ]


def test_deleting_the_account_leaves_nothing_in_postgresql_or_redis(
    client: Client,
    onboarded_other_user: User,
    own_cache_prefix: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = Client()
    other.force_login(onboarded_other_user)
    assert other.get(reverse("tracking:today")).status_code == HTTPStatus.OK
    before = set(redis_keys(own_cache_prefix))
    phone = Client()  # signed in on a second device too
    user = a_person_with_everything(client, phone)
    pk = user.pk
    # A mistyped password leaves counters keyed by their address.
    Client().post(reverse("account_login"), {"login": user.email, "password": "not-it"})
    # Also through the address the site is reached at, whose port allauth's key includes.
    site = urlparse(settings.SITE_URL).netloc
    Client(HTTP_HOST=site).post(
        reverse("account_login"), {"login": user.email, "password": "not-it"}
    )
    assert len(sessions_of(pk)) == 2
    assert set(redis_keys(own_cache_prefix)) - before, "the person left nothing in Redis to find"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracking:delete_account"), {"confirm": "on"}, follow=True)
    assert "Your account and all your data are deleted. Take care." in page_text(response)

    for label, (model, lookup) in models_holding_people().items():
        assert not model.objects.filter(**{lookup: pk}).exists(), label
    assert sessions_of(pk) == []
    # Counters per IP address belong to a network, not an account, and expire within a minute.
    left = {key for key in set(redis_keys(own_cache_prefix)) - before if b"/ip:ip:" not in key}
    session_keys = {key for key in left if b"sessions" in key}
    assert left == session_keys, f"left in Redis: {sorted(left - session_keys)}"
    for key in session_keys:  # a fresh, anonymous session of the browser that deleted
        session_key = key.decode().rsplit(CACHED_SESSION_PREFIX, 1)[-1]
        assert "_auth_user_id" not in SessionStore(session_key).load()
    # The other device is signed out; the other person is not.
    assert phone.get(reverse("tracking:today")).status_code == HTTPStatus.FOUND
    assert other.get(reverse("tracking:today")).status_code == HTTPStatus.OK
