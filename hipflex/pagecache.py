"""Whole pages kept in the cache, under keys that change whenever what they show changes.

A cached page is found by a key made of:
- the person's *data token*: a random value kept in the cache and deleted whenever their data
  changes (see `person_changed`); the next request draws a new one, so every page rendered
  before the change is unreachable at once;
- the *library token*, the same for the exercise library that trainers edit;
- the path with its query string, and whether htmx asked for a fragment.

Each page keeps the person's date it was drawn on, and is drawn afresh once their midnight has
passed. A request takes the tokens before it reads any data, and a change deletes its token once
more after its transaction commits, so a page drawn from old data is only ever stored under a
token that is already gone: never served stale.

The per-request parts of a page, the CSRF token, the CSP nonce and the messages of the visit
("Session logged."), are rendered as placeholders and filled in on the way out, so a cached page
is safe to serve to its owner on any device, and a page visited with a message is kept too.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from hipflex.http import wants_fragment

PAGE_SECONDS = 60 * 60  # a visit's worth: the cache holds pages people are using
TOKEN_SECONDS = 7 * 24 * 60 * 60  # a lost token only means new keys, never stale pages
LIBRARY_TOKEN_KEY = "pages:library"
# Strings no page contains, swapped for the real values on the way out.
CSRF_PLACEHOLDER = "hipflex-csrf-placeholder-5c1f0e"
NONCE_PLACEHOLDER = "hipflex-nonce-placeholder-9a7d2b"
# Where a page cached for everyone gets the person's prompts (prompts.html).
PROMPTS_PLACEHOLDER = "<!-- hipflex-prompts-7b3e41 -->"
# Where a cached page gets the messages of the visit (messages.html).
MESSAGES_PLACEHOLDER = "<!-- hipflex-messages-3d95c8 -->"
_PLACEHOLDER_FLAG = "_hipflex_page_placeholders"
_SHARED_FLAG = "_hipflex_shared_page"
_PROFILE_ATTRIBUTE = "_hipflex_profile"

type View = Callable[..., HttpResponse]


def _person_token_key(user_id: int) -> str:
    return f"pages:person:{user_id}"


def _forget(key: str) -> None:
    # Once the writer's transaction commits (at once outside one): a request that drew a new
    # token while the change was still invisible to it must not keep that token. Inside a
    # transaction, now as well, for the writer's own later reads.
    if transaction.get_connection().in_atomic_block:
        cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def person_changed(user_id: int) -> None:
    """Something this person's pages show has changed: none of their cached pages is used again."""
    _forget(_person_token_key(user_id))


def library_changed() -> None:
    """The exercise library changed: every cached page is rendered afresh."""
    _forget(LIBRARY_TOKEN_KEY)


def _tokens(*keys: str, found: dict[str, Any] | None = None) -> list[str]:
    """The current tokens under these keys, drawing new ones where there are none.

    `found`: what the caller has just read of these keys.
    """
    if found is None:
        found = cache.get_many(keys)
    found = {key: found[key] for key in keys if key in found}
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, secrets.token_hex(8), TOKEN_SECONDS)
    if missing:
        # Whoever added first wins; everyone then uses the same token.
        found |= cache.get_many(missing)
    # A cache that keeps nothing gives a token no page is ever stored under twice.
    return [found.get(key) or secrets.token_hex(8) for key in keys]


def _local_today(time_zone: str) -> date:
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()


@dataclass(frozen=True)
class CachedPage:
    """A page as it was drawn, for the person's date it was drawn on."""

    time_zone: str
    day: date
    content: bytes
    headers: dict[str, str]

    def is_current(self) -> bool:
        # The person's midnight has passed: today's page is another page.
        return _local_today(self.time_zone) == self.day


def _page_tokens(request: HttpRequest) -> tuple[str, str]:
    """The signed-in person's data token and the library's, as taken at the start of this
    request (hipflex.auth reads them with the user)."""
    user = request.user
    tokens = getattr(user, "page_tokens", None)
    if tokens is None:  # signed in through another backend than hipflex.auth's
        tokens = user.page_tokens = tuple(_tokens(_person_token_key(user.pk), LIBRARY_TOKEN_KEY))
    return tokens


def _person_token(request: HttpRequest) -> str | None:
    """The signed-in person's data token, as taken at the start of this request."""
    return _page_tokens(request)[0] if request.user.is_authenticated else None


def person_cached[T](request: HttpRequest, name: str, build: Callable[[], T]) -> T:
    """Something drawn from the signed-in person's own data alone, kept under their data token:
    the pages redrawn after a change read it once between them.

    The token is checked again in the same round trip: once it has gone (a change, this
    request's own included), the value is drawn afresh and not kept.
    """
    token = _person_token(request)
    if token is None:
        return build()
    token_key = _person_token_key(request.user.pk)
    key = f"{token_key}:{token}:{name}"
    found = cache.get_many([token_key, key])
    if found.get(token_key) != token:
        return build()
    if key in found:
        return found[key]
    value = build()
    cache.set(key, value, TOKEN_SECONDS)
    return value


def person_profile(request: HttpRequest) -> Any:
    """The signed-in person's profile (None before onboarding starts), kept under their token.

    A GET reads it once: the page cache reads it first and leaves it for the view.
    """
    from routines.models import Profile  # the settings module imports this one

    if request.method == "GET" and hasattr(request, _PROFILE_ATTRIBUTE):
        return getattr(request, _PROFILE_ATTRIBUTE)
    user_id = request.user.pk
    profile = person_cached(
        request, "profile", lambda: Profile.objects.filter(user_id=user_id).first()
    )
    setattr(request, _PROFILE_ATTRIBUTE, profile)
    return profile


def _onboarded(profile: Any) -> bool:
    return profile is not None and profile.onboarding_step == "done"


def _time_zone(profile: Any) -> str:
    return profile.time_zone if profile is not None else "UTC"


def cached_user(user_id: int, load: Callable[[int], Any]) -> Any:
    """The user `load` gives, kept with the person's data token it was read under; None (no
    such user) is not kept.

    The tokens go with the user to the page cache, which needs them next: the tokens and the
    user come in one round trip, before any of the person's data is read.
    """
    token_key, user_key = _person_token_key(user_id), f"pages:user:{user_id}"
    found = cache.get_many([token_key, LIBRARY_TOKEN_KEY, user_key])
    token, library = _tokens(token_key, LIBRARY_TOKEN_KEY, found=found)
    kept = found.get(user_key)
    if kept is not None and kept[0] == token:
        user = kept[1]
    else:
        user = load(user_id)
        if user is None:
            return None
        cache.set(user_key, (token, user), TOKEN_SECONDS)
    user.page_tokens = (token, library)
    return user


def library_token() -> str:
    """The library's current token, for fragments cached until the library changes."""
    (token,) = _tokens(LIBRARY_TOKEN_KEY)
    return token


# This process's copies of what library_cached keeps, by name: (library token, value).
_library_values: OrderedDict[str, tuple[str, Any]] = OrderedDict()
LIBRARY_VALUES_KEPT = 256


def library_cached[T](name: str, build: Callable[[], T]) -> T:
    """Something drawn from the exercise library alone, kept until the library changes.

    Kept in the cache for every process, and the most recent in this process too, so a request
    that needs it reads only the library's token. Values are shared: never change one.
    """
    token = library_token()  # before the library is read: see the module note
    kept = _library_values.get(name)
    if kept is not None and kept[0] == token:
        _library_values.move_to_end(name)
        return kept[1]
    key = f"library:{name}:{token}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TOKEN_SECONDS)
    _library_values[name] = (token, value)
    _library_values.move_to_end(name)
    while len(_library_values) > LIBRARY_VALUES_KEPT:
        _library_values.popitem(last=False)
    return value


def _message_count(request: HttpRequest) -> int:
    # len() looks without marking them read: they are shown by _fill_in.
    return len(get_messages(request))


def _page_key(request: HttpRequest, *, person: str, library: str) -> str:
    parts = [
        person,
        library,
        request.get_full_path(),
        "fragment" if wants_fragment(request) else "page",
    ]
    return "pages:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def placeholders(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is rendered for the cache, its per-request parts."""
    if not getattr(request, _PLACEHOLDER_FLAG, False):
        return {}
    values = {
        "csrf_token": CSRF_PLACEHOLDER,
        "csp_nonce": NONCE_PLACEHOLDER,
        "messages_placeholder": MESSAGES_PLACEHOLDER,
    }
    if drawing_shared_page(request):
        values["prompts_placeholder"] = PROMPTS_PLACEHOLDER
    return values


def drawing_shared_page(request: HttpRequest) -> bool:
    """A page for everyone is being drawn: nothing of the signed-in person's may go in it."""
    return getattr(request, _PLACEHOLDER_FLAG, False) and getattr(request, _SHARED_FLAG, False)


def _prompts(request: HttpRequest) -> bytes:
    """The person's prompts for this page, kept under their token like their own pages."""
    if not request.user.is_authenticated:
        return b""
    user_id, token = request.user.pk, _person_token(request)
    path = request.get_full_path()
    key = "pages:prompts:" + hashlib.sha256(f"{user_id}\n{token}\n{path}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None and cached.is_current():
        return cached.content
    time_zone = _time_zone(person_profile(request))
    day = _local_today(time_zone)
    flags = getattr(request, _PLACEHOLDER_FLAG, False), getattr(request, _SHARED_FLAG, False)
    setattr(request, _PLACEHOLDER_FLAG, True)  # the morning check's form: a CSRF placeholder
    setattr(request, _SHARED_FLAG, False)  # these are the person's own
    try:
        content = render_to_string("prompts.html", request=request).encode()
    finally:
        setattr(request, _PLACEHOLDER_FLAG, flags[0])
        setattr(request, _SHARED_FLAG, flags[1])
    cache.set(key, CachedPage(time_zone, day, content, {}), PAGE_SECONDS)
    return content


def _fill_in(request: HttpRequest, content: bytes) -> bytes:
    if PROMPTS_PLACEHOLDER.encode() in content:
        # First: the prompts hold a form, with its own CSRF placeholder.
        content = content.replace(PROMPTS_PLACEHOLDER.encode(), _prompts(request))
    if MESSAGES_PLACEHOLDER.encode() in content:
        messages = get_messages(request)
        # Shown once: rendering them marks them read.
        shown = render_to_string("messages.html", {"messages": messages}) if messages else ""
        content = content.replace(MESSAGES_PLACEHOLDER.encode(), shown.encode())
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    nonce = getattr(request, "_csp_nonce", None)
    if NONCE_PLACEHOLDER.encode() in content and nonce is not None:
        content = content.replace(NONCE_PLACEHOLDER.encode(), str(nonce).encode())
    return content


def _response(request: HttpRequest, content: bytes, headers: dict[str, str]) -> HttpResponse:
    response = HttpResponse(_fill_in(request, content))
    for name, value in headers.items():
        response.headers[name] = value
    return response


def cached_page(*, onboarded: bool, shared: bool = False) -> Callable[[View], View]:
    """Serve a GET page from the cache when nothing it shows has changed.

    `onboarded`: the page is only for people who finished onboarding; anyone else goes through
    to the view, which sends them on.
    `shared`: the page shows nothing of the person's but their prompts and their date, so one
    copy serves everyone signed in on that date, with their prompts filled in; a change to their
    data then redraws only the prompts.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method != "GET":
                return view(request, *args, **kwargs)
            user_id = request.user.pk if request.user.is_authenticated else None
            if user_id is not None:
                token, library = _page_tokens(request)
                person = f"{user_id}:{token}"
                if shared:
                    profile = person_profile(request)
                    if onboarded and not _onboarded(profile):
                        return view(request, *args, **kwargs)
                    person = f"signed in on {_local_today(_time_zone(profile)).isoformat()}"
            elif onboarded:
                return view(request, *args, **kwargs)  # on to the login page
            else:
                (library,) = _tokens(LIBRARY_TOKEN_KEY)
                person = "anonymous"
            key = _page_key(request, person=person, library=library)
            cached = cache.get(key)
            if cached is not None and cached.is_current():
                return _response(request, cached.content, cached.headers)
            if user_id is not None:
                profile = person_profile(request)
                if onboarded and not _onboarded(profile):
                    return view(request, *args, **kwargs)
                time_zone = _time_zone(profile)
            else:
                time_zone = settings.TIME_ZONE
            day = _local_today(time_zone)  # before the page is drawn
            messages_before = _message_count(request)  # left by the visit before, say
            setattr(request, _PLACEHOLDER_FLAG, True)
            setattr(request, _SHARED_FLAG, shared)
            response = view(request, *args, **kwargs)
            setattr(request, _PLACEHOLDER_FLAG, False)
            if response.streaming:
                return response
            added_message = _message_count(request) > messages_before  # about this very visit
            if response.status_code != 200 or response.cookies or added_message:
                # Not the same for every visit: sent once, as it is.
                response.content = _fill_in(request, response.content)
                return response
            page = CachedPage(time_zone, day, response.content, dict(response.headers))
            cache.set(key, page, PAGE_SECONDS)
            return _response(request, page.content, page.headers)

        return wrapper

    return decorator


def _watch(
    models: tuple[type[Model], ...], rows: Callable[..., None], links: Callable[..., None]
) -> None:
    for model in models:
        post_save.connect(rows, sender=model, weak=False)
        post_delete.connect(rows, sender=model, weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(links, sender=field.remote_field.through, weak=False)


def watch_people(*models: type[Model]) -> None:
    """Saving or deleting one of these (each has a `user`) changes that person's pages."""
    _watch(models, _person_row_changed, _person_links_changed)


def _person_row_changed(sender: type[Model], instance: Model, **kwargs: object) -> None:
    person_changed(instance.user_id)


def watch_accounts(model: type[Model]) -> None:
    """The user model itself: signing in, a new email address, an account deleted."""
    post_save.connect(_account_changed, sender=model, weak=False)
    post_delete.connect(_account_changed, sender=model, weak=False)


def _account_changed(sender: type[Model], instance: Model, **kwargs: object) -> None:
    person_changed(instance.pk)


def _person_links_changed(
    sender: type[Model],
    instance: Model,
    reverse: bool,
    model: type[Model],
    pk_set: set[int] | None,
    action: str,
    **kwargs: object,
) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        person_changed(instance.user_id)
        return
    # From the other side (an Equipment losing its profiles, say): everyone it touched.
    owners = model.objects.filter(pk__in=pk_set) if pk_set else model.objects.all()
    for user_id in owners.values_list("user_id", flat=True):
        person_changed(user_id)


def watch_library(*models: type[Model]) -> None:
    """Saving or deleting one of these, or their links, changes everyone's pages."""
    _watch(models, _library_row_changed, _library_row_changed)


def _library_row_changed(**kwargs: object) -> None:
    library_changed()
