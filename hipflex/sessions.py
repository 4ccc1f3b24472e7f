"""Sessions kept in PostgreSQL and, for speed, in Redis (Django's cached_db), that carry on
from PostgreSQL alone while Redis is down or restarting.

Django's cached_db already reads the database when the cache has no copy (a restarted Redis
signs nobody out), but then fails the request trying to keep what it read in the unreachable
cache; and it logs a stack trace at every save it could not copy to the cache. Here both are
one outage, logged once (hipflex.outages), and a session that could not be saved for want of
the database is that outage's 503 page, not a 400 for a session "ended elsewhere".

Ending a session still needs the cache: signing out during an outage answers 503, so nobody
believes they are signed out while a copy in Redis says otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import cached_db, db
from django.contrib.sessions.backends.base import UpdateError

from hipflex.outages import CACHE, CACHE_ERRORS, DATABASE_ERRORS, outage_seen


class SessionStore(cached_db.SessionStore):
    def load(self) -> dict[str, Any]:
        try:
            return super().load()
        except CACHE_ERRORS as error:
            outage_seen(CACHE, error)
            stored = self._get_session_from_db()
            return self.decode(stored.session_data) if stored else {}

    def save(self, must_create: bool = False) -> None:
        try:
            db.SessionStore.save(self, must_create)
        except UpdateError as error:
            # Django reads any failed update as a session ended by another request (400); an
            # unreachable database is an outage.
            if isinstance(error.__context__, DATABASE_ERRORS):
                raise error.__context__ from None
            raise
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except CACHE_ERRORS as error:
            outage_seen(CACHE, error)
