"""Middleware of Hipflex's own."""

from __future__ import annotations

import hashlib
import time

from allauth.usersessions.middleware import UserSessionsMiddleware
from django.http import HttpRequest, HttpResponse

SESSION_SEEN_SECONDS = 60
SESSION_SEEN_KEY = "_hipflex_seen"


class ThrottledUserSessionsMiddleware(UserSessionsMiddleware):
    """allauth's "last seen" for each signed-in session, written at most once a minute.

    allauth writes it on every request; once a minute is as useful on the sessions page and
    spares every page a database write. A new address or browser is recorded at once. When it
    was last written, and for which client, is kept in the session itself.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            client = "\n".join(
                request.META.get(name, "")
                for name in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT")
            )
            client_hash = hashlib.sha256(client.encode()).hexdigest()[:16]
            seen = session.get(SESSION_SEEN_KEY)
            now = time.time()
            if seen and seen[0] == client_hash and now - seen[1] < SESSION_SEEN_SECONDS:
                return self.get_response(request)
            session[SESSION_SEEN_KEY] = [client_hash, now]
        return super().__call__(request)
