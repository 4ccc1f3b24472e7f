"""Middleware of Hipflex's own."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from allauth.usersessions.middleware import UserSessionsMiddleware
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from hipflex.pagecache import person_changed

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
SESSION_SEEN_SECONDS = 60


class PersonChangesMiddleware:
    """After anything a signed-in person sends, their cached pages are rendered afresh.

    Every change a person makes arrives as a POST; model signals and the services catch the
    rest (trainers' edits, plans growing as weeks pass).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        before = request.user.pk if request.user.is_authenticated else None
        response = self.get_response(request)
        # Whoever is signed in after it too: logging in, or out, changes pages as well.
        after = request.user.pk if request.user.is_authenticated else None
        for user_id in {before, after} - {None}:
            person_changed(user_id)
        return response


class ThrottledUserSessionsMiddleware(UserSessionsMiddleware):
    """allauth's "last seen" for each signed-in session, written at most once a minute.

    allauth writes it on every request; once a minute is as useful on the sessions page and
    spares every page a database write. A new address or browser is recorded at once.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = getattr(getattr(request, "session", None), "session_key", None)
        if session_key and request.user.is_authenticated:
            client = "\n".join(
                [
                    session_key,
                    request.META.get("REMOTE_ADDR", ""),
                    request.META.get("HTTP_X_FORWARDED_FOR", ""),
                    request.META.get("HTTP_USER_AGENT", ""),
                ]
            )
            key = "usersession-seen:" + hashlib.sha256(client.encode()).hexdigest()
            if not cache.add(key, True, SESSION_SEEN_SECONDS):
                return self.get_response(request)
        return super().__call__(request)
