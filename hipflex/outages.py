"""What a request meets when PostgreSQL or Redis cannot be reached.

The rules:
- A request that fails because a service is unreachable answers 503 with a calm page of its own
  (templates/503.html) and a Retry-After header, never a stack trace. The failure is caught
  where it happens: nothing pings either service on an ordinary request.
- The page is drawn from the template alone: no user, no session, no context processor, since
  the database or the cache behind them is what is missing.
- htmx requests get the same page, swapped in place of the page's <main>
  (templates/jinja2/layout.jinja lets htmx swap a 503).
- Each process logs an outage once, when it first meets it, and once more when /healthz sees
  the service answer again. A failure after a quiet minute counts as a new outage.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django_htmx.http import push_url, reselect, reswap, retarget
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("hipflex.outages")

RETRY_AFTER_SECONDS = 60
# Failures closer together than this belong to the same outage.
QUIET_SECONDS = 60

DATABASE = "database"
CACHE = "cache"

# Connection-level errors only: a broken constraint or bad data is a bug, not an outage.
DATABASE_ERRORS = (OperationalError, InterfaceError)
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
_UNREACHABLE = {DATABASE: DATABASE_ERRORS, CACHE: CACHE_ERRORS}


def service_unreachable(error: BaseException) -> str | None:
    """The service ("database" or "cache") whose absence raised `error`, if one did."""
    for service, errors in _UNREACHABLE.items():
        if isinstance(error, errors):
            return service
    return None


@dataclass
class _Outage:
    started: float
    last_failure: float


# Per process; gunicorn's sync workers serve one request at a time, and a race between two
# threads of `runserver` costs at most a second line.
_outages: dict[str, _Outage] = {}


def outage_seen(service: str, error: BaseException) -> None:
    now = time.time()
    outage = _outages.get(service)
    if outage is None or now - outage.last_failure > QUIET_SECONDS:
        # The error's class says what kind of failure; its message could quote a query.
        logger.warning("%s unavailable (%s)", service, type(error).__name__)
        _outages[service] = _Outage(started=now, last_failure=now)
    else:
        outage.last_failure = now


def service_answered(service: str) -> None:
    outage = _outages.pop(service, None)
    if outage is not None:
        logger.info("%s answering again after %d seconds", service, time.time() - outage.started)


def forget_outages() -> None:
    """Start from no known outage (a new process, or a new test)."""
    _outages.clear()


def unavailable(body: str, **kwargs: object) -> HttpResponse:
    response = HttpResponse(body, status=HTTPStatus.SERVICE_UNAVAILABLE, **kwargs)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # no proxy keeps the outage once it is over
    # Django logs every 5xx response; an outage is logged once, by outage_seen().
    response._has_been_logged = True
    return response


def outage_page(request: HttpRequest, service: str, error: BaseException) -> HttpResponse:
    outage_seen(service, error)
    response = unavailable(render_to_string("503.html"))
    if request.headers.get("HX-Request") == "true":
        # Whatever part of the page asked, the whole <main> says what happened; the address
        # stays, so reloading later tries again.
        retarget(response, "#main")
        reswap(response, "outerHTML")
        reselect(response, "#main")
        push_url(response, False)
    return response


class OutageMiddleware:
    """The 503 page for a view (or its template) that could not reach PostgreSQL or Redis."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        service = service_unreachable(exception)
        return None if service is None else outage_page(request, service, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, or the 503 page for an outage met outside a view (saving the session
    on the way out, say)."""
    error = sys.exception()  # Django calls this while it handles the error
    service = service_unreachable(error) if error is not None else None
    if error is None or service is None:
        return defaults.server_error(request)
    return outage_page(request, service, error)
