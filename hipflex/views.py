from __future__ import annotations

from django import db
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from hipflex.outages import CACHE, DATABASE, outage_seen, service_answered, unavailable


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"version": settings.PRIVACY_NOTICE_VERSION})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """ "ok" when the database and the cache (sessions, rate limits) both answer; otherwise 503
    naming what does not, and nothing else about the deployment."""
    down = []
    for service, answers in [(DATABASE, _database_answers), (CACHE, _cache_answers)]:
        error = answers()
        if error is None:
            service_answered(service)
        else:
            outage_seen(service, error)
            down.append(service)
    if down:
        return unavailable(f"{' and '.join(down)} unavailable", content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def _database_answers() -> Exception | None:
    # On a connection of its own: a persistent one can go on answering while PostgreSQL turns
    # every new connection away (a "smart" shutdown), and then only some workers could serve.
    # Not inside a transaction, which closing would end.
    if not db.connection.in_atomic_block:
        db.connection.close()
    try:
        with db.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except db.Error as error:
        return error
    return None


def _cache_answers() -> Exception | None:
    try:
        cache.get("healthz")
    except RedisError as error:
        return error
    return None
