from __future__ import annotations

import time
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Exercise library and plans"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from django.db.models.signals import post_migrate

        user_logged_in.connect(_password_login_confirms_it_is_you, dispatch_uid="hipflex-login")
        post_migrate.connect(_library_triggers_restored, sender=self, dispatch_uid="hipflex-lib")


# A sign-in completes within this long of the password being typed, or it does not count.
PASSWORD_JUST_TYPED_SECONDS = 60


def _password_login_confirms_it_is_you(request: HttpRequest, **kwargs: Any) -> None:
    """A sign-in with the password just typed counts as giving it again for the next five
    minutes, so someone who has just signed in is not asked twice. A sign-in by an emailed
    link does not count, nor one finished long after the password was typed (held for an
    email check, say)."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.reauthentication import reauthenticate_by_password

    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [{}]
    typed_at = records[-1].get("at", 0)
    if (
        records[-1].get("method") == "password"
        and time.time() - typed_at < PASSWORD_JUST_TYPED_SECONDS
    ):
        reauthenticate_by_password(request)


def _library_triggers_restored(using: str, **kwargs: Any) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it: make them again."""
    from django.db import connections

    from routines.library_version import triggers_create

    if connections[using].vendor == "sqlite":
        triggers_create(connections[using])
