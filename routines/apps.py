from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Exercise library and plans"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        user_logged_in.connect(_password_login_confirms_it_is_you, dispatch_uid="hipflex-login")


def _password_login_confirms_it_is_you(request: HttpRequest, **kwargs: Any) -> None:
    """A sign-in with the password counts as giving it again for the next five minutes, so
    someone who has just signed in is not asked twice; a sign-in by an emailed link is not."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.reauthentication import reauthenticate_by_password

    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [{}]
    if records[-1].get("method") == "password":
        reauthenticate_by_password(request)
