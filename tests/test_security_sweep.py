"""Sweeps over every URL: other people's ids, CSRF, security headers, cookies, enumeration.

The sweeps read the URL patterns from the resolver, so a new page is checked the day it is
added; a pattern the sweep cannot fill fails with "teach the sweep about <name>".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import signing
from django.db import models
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from routines.figures import figure_version
from routines.models import (
    Exercise,
    FunctionalGoal,
    PlannedDay,
    PlannedExercise,
    Profile,
    Status,
)
from routines.reminders import unsubscribe_token
from routines.services import planned_exercise_swap, swap_candidates
from tests.conftest import PASSWORD, make_user
from tracking.models import AccessPage, CareAccess, CareAdvice, CareInvitation, SessionLog
from tracking.services import (
    hip_test_record,
    plan_adapt,
    result_record,
    session_start,
    task_rate,
)
from tracking.sharing import (
    access_view_record,
    care_note_write,
    invitation_accept,
    invitation_send,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# The URL walk
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for an unnamed pattern
    route: str  # the full pattern, e.g. "sessions/<int:pk>/"
    arguments: tuple[str, ...]
    callback: Callable[..., HttpResponse]

    @property
    def label(self) -> str:
        return self.name or self.route


def every_route() -> list[Route]:
    routes: list[Route] = []

    def walk(
        patterns: list[URLPattern | URLResolver],
        prefix: str,
        namespace: str,
        arguments: tuple[str, ...],
    ) -> None:
        for pattern in patterns:
            regex = pattern.pattern.regex
            unnamed = tuple(f"#{n}" for n in range(regex.groups - len(regex.groupindex)))
            found = (*arguments, *regex.groupindex, *unnamed)
            here = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, here, inner, found)
            else:
                name = namespace + pattern.name if pattern.name else ""
                routes.append(Route(name, here, found, pattern.callback))

    walk(get_resolver().url_patterns, "", "", ())
    return routes


# Routes with their own, separately tested security. Keep this list short.
SKIPPED_PREFIXES = {
    "accounts/": "django-allauth: its keys are tokens it issues and checks itself",
    "admin/": "Django admin: staff only, with per-model permissions",
}

ROUTES = every_route()
SWEPT = [route for route in ROUTES if not route.route.startswith(tuple(SKIPPED_PREFIXES))]


# ---------------------------------------------------------------------------------------------
# Two people with data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    user: User
    finished_log: SessionLog
    started_log: SessionLog
    swapped: PlannedExercise
    later: PlannedExercise
    goal: FunctionalGoal
    access: CareAccess  # a professional can see their progress
    waiting: CareInvitation  # and another invitation waits for an answer
    invitation_token: str


def grant_access(user: User, professional: User) -> tuple[CareAccess, str]:
    """The person invites the professional, who accepts; the token of the (now used) link."""
    now = timezone.now()
    invitation, token = invitation_send(
        user=user, email=professional.email, name="Sam", from_name="", now=now
    )
    return invitation_accept(invitation=invitation, professional=professional, now=now), token


def person_with_data(user: User) -> Person:
    """A finished session (with a swap and a hurt answer), a started one, a milestone, advice."""
    profile = user.profile
    today = profile.local_today()
    day = PlannedDay.objects.get(user=user, date=today)
    # A recovery day can use up every exercise of its kind: then swap a warm-up.
    swapped = next(
        planned
        for planned in sorted(day.exercises.all(), key=lambda item: item.part != "main")
        if swap_candidates(planned, profile)
    )
    assert planned_exercise_swap(planned=swapped, profile=profile)
    finished = session_start(user=user, planned_day=day, pain_before=3)
    result_record(result=finished.results.order_by("position").first(), status="hurt", sets_done=1)
    # Finished straight in the tables: adapting the plan would only make the sweep slower.
    now = timezone.now()
    SessionLog.objects.filter(pk=finished.pk).update(
        pain_after=4, effort=5, note="Tight.", finished_at=now
    )
    PlannedDay.objects.filter(pk=day.pk).update(completed_at=now)
    plan_adapt(user=user)  # once: the pain rules' stored decision is health data too
    hip_test_record(
        user=user,
        on=today,
        answers={
            "left_thigh": "above",
            "left_knee": "bent",
            "right_thigh": "flat",
            "right_knee": "bent",
        },
    )
    later_day = PlannedDay.objects.filter(user=user, date__gt=today).exclude(kind="rest").first()
    started = session_start(user=user, planned_day=later_day, pain_before=2)
    result_record(result=started.results.order_by("position").first(), status="done", sets_done=1)
    goal = FunctionalGoal.objects.get(user=user)
    task_rate(user=user, goal=goal, rating=7, on=today)
    CareAdvice.objects.create(user=user, dismissed_until=today)
    Profile.objects.filter(user=user).update(reminders_enabled=True)
    SessionLog.objects.filter(pk=finished.pk).update(note_shared=True)
    professional = make_user(f"physio-of-{user.username}@example.com", consented=False)
    access, _ = grant_access(user, professional)
    access_view_record(access=access, page=AccessPage.REPORT, now=timezone.now())
    care_note_write(access=access, note="Keep going.", now=timezone.now())
    waiting, token = invitation_send(
        user=user, email="trainer@example.com", name="", from_name="", now=timezone.now()
    )
    return Person(
        user=user,
        finished_log=finished,
        started_log=started,
        swapped=swapped,
        later=later_day.exercises.first(),
        goal=goal,
        access=access,
        waiting=waiting,
        invitation_token=token,
    )


@pytest.fixture
def me(onboarded_user: User) -> Person:
    return person_with_data(onboarded_user)


@pytest.fixture
def them(onboarded_other_user: User) -> Person:
    return person_with_data(onboarded_other_user)


def logs(person: Person) -> list[int]:
    return [person.started_log.pk, person.finished_log.pk]


def accesses(person: Person) -> list[int]:
    return [person.access.pk]


def results(person: Person) -> list[int]:
    return [
        person.started_log.results.order_by("position").first().pk,
        person.finished_log.results.order_by("position").first().pk,
    ]


def forged_tokens(person: Person) -> list[object]:
    """What someone could try in place of a token: ids, the address, tokens for other uses."""
    profile = Profile.objects.get(user=person.user)
    return [
        str(person.user.pk),
        person.user.email,
        profile.calendar_token,
        unsubscribe_token(person.user),
        signing.dumps(person.user.pk),
        person.invitation_token,
        person.waiting.token_hash,
        str(person.waiting.pk),
    ]


def tokens_for_another_use(route_name: str) -> Callable[[Person], list[object]]:
    own = {
        "routines:calendar": lambda person: Profile.objects.get(user=person.user).calendar_token,
        "routines:unsubscribe": lambda person: unsubscribe_token(person.user),
        "tracking:invitation": lambda person: person.invitation_token,
        "tracking:invitation_signup": lambda person: person.invitation_token,
    }

    def find(person: Person) -> list[object]:
        return [token for token in forged_tokens(person) if token != own[route_name](person)]

    return find


# How to find one person's values for each argument of each URL. Every value is tried, in
# every combination (so a log with the other log's result is tried too).
ID_FINDERS: dict[str, dict[str, Callable[[Person], list[object]]]] = {
    "routines:swap": {"pk": lambda person: [person.swapped.pk, person.later.pk]},
    "tracking:session": {"pk": logs},
    "tracking:session_do": {"pk": logs},
    "tracking:session_step": {"pk": logs, "number": lambda person: [1, 2]},
    "tracking:session_finish": {"pk": logs},
    "tracking:session_delete": {"pk": logs},
    "tracking:morning_check": {"pk": logs},
    "tracking:rate_goal": {"goal_pk": lambda person: [person.goal.pk]},
    "tracking:access_revoke": {"pk": accesses},
    "tracking:access_renew": {"pk": accesses},
    "tracking:care_note_hide": {"pk": accesses},
    "tracking:invitation_withdraw": {"pk": lambda person: [person.waiting.pk]},
    # A professional's pages of a client: another professional's client is not found.
    "tracking:client": {"pk": accesses},
    "tracking:client_pdf": {"pk": accesses},
    "tracking:client_sessions": {"pk": accesses},
    "tracking:client_note": {"pk": accesses},
    # The token is the key to these two: anything but the right token must fail.
    "routines:calendar": {"token": tokens_for_another_use("routines:calendar")},
    "routines:unsubscribe": {"token": tokens_for_another_use("routines:unsubscribe")},
    "tracking:invitation": {"token": tokens_for_another_use("tracking:invitation")},
    "tracking:invitation_signup": {"token": tokens_for_another_use("tracking:invitation_signup")},
}


def published_slug(person: Person) -> list[object]:
    return [Exercise.objects.filter(status=Status.PUBLISHED).values_list("slug", flat=True)[0]]


def figure_versions(person: Person) -> list[object]:
    exercise = Exercise.objects.filter(status=Status.PUBLISHED).exclude(poses={}).first()
    return [figure_version(exercise.figure_key)]


# Open to anyone, on purpose: nothing in them belongs to a person.
PUBLIC_ROUTES: dict[str, dict[str, Callable[[Person], list[object]]]] = {
    "routines:exercise": {"slug": published_slug},
    "routines:figure": {
        "slug": published_slug,
        "version": figure_versions,
        "variant": lambda person: ["moving", "stills", "end"],
    },
    "routines:exercise_media": {"name": lambda person: ["photo.jpg"]},
}


def urls_for(route: Route, person: Person, finders: dict[str, Any]) -> list[str]:
    if route.name and not route.arguments:
        return [reverse(route.name)]
    if route.name not in finders or set(finders[route.name]) != set(route.arguments):
        pytest.fail(f"teach the sweep about {route.label} (arguments {route.arguments})")
    argument_values = [finders[route.name][argument](person) for argument in route.arguments]
    return [
        reverse(route.name, kwargs=dict(zip(route.arguments, values, strict=True)))
        for values in itertools.product(*argument_values)
    ]


# ---------------------------------------------------------------------------------------------
# Snapshot of everything a person owns
# ---------------------------------------------------------------------------------------------

OWNED_APPS = ("routines", "tracking")
# Shared by everyone: the exercise library and its vocabularies.
SHARED_MODELS = {
    "routines.equipment",
    "routines.targetarea",
    "routines.functionaltask",
    "routines.exercise",
    "routines.libraryversion",
}


def owner_lookup(model: type[models.Model], seen: tuple[type[models.Model], ...] = ()) -> str:
    """The ORM path from a model to the person who owns its rows, or "" when no one does."""
    user_model = apps.get_model(django_settings.AUTH_USER_MODEL)
    for field in model._meta.concrete_fields:
        if field.name == "user" and field.related_model is user_model:
            return "user"
    for field in model._meta.concrete_fields:
        related = field.related_model
        if (
            (field.many_to_one or field.one_to_one)
            and related._meta.app_label in OWNED_APPS
            and related not in (*seen, model)
        ):
            inner = owner_lookup(related, (*seen, model))
            if inner:
                return f"{field.name}__{inner}"
    return ""


def owned_models() -> dict[str, tuple[type[models.Model], str]]:
    found = {}
    for app in OWNED_APPS:
        for model in apps.get_app_config(app).get_models():
            lookup = owner_lookup(model)
            if lookup:
                found[model._meta.label_lower] = (model, lookup)
    return found


def rows_owned_by(user: User) -> dict[str, list[dict[str, object]]]:
    """Every row, with its many-to-many links, of every model in routines and tracking."""
    snapshot: dict[str, list[dict[str, object]]] = {
        "auth.user": list(User.objects.filter(pk=user.pk).values()),
    }
    for label, (model, lookup) in owned_models().items():
        rows = model.objects.filter(**{lookup: user}).order_by("pk")
        values = list(rows.values())
        for field in model._meta.many_to_many:
            links = rows.values_list("pk", field.name)
            for row in values:
                row[field.name] = sorted(linked for pk, linked in links if pk == row["id"])
        snapshot[label] = values
    return snapshot


def test_every_model_of_routines_and_tracking_is_owned_by_someone_or_shared() -> None:
    every = {
        model._meta.label_lower
        for app in OWNED_APPS
        for model in apps.get_app_config(app).get_models()
    }
    owned = set(owned_models())
    assert every - owned == SHARED_MODELS, "a new model that nobody owns: teach the snapshot"
    assert {"routines.profile", "tracking.sessionlog", "tracking.exerciseresult"} <= owned


def test_the_snapshot_sees_each_persons_own_rows(me: Person, them: Person) -> None:
    mine, theirs = rows_owned_by(me.user), rows_owned_by(them.user)
    for label in ("tracking.sessionlog", "tracking.exerciseresult", "routines.plannedexercise"):
        assert mine[label] and theirs[label]
        assert not {row["id"] for row in mine[label]} & {row["id"] for row in theirs[label]}
    assert [row["user_id"] for row in theirs["routines.profile"]] == [them.user.pk]
    assert theirs["tracking.taskrating"] and theirs["tracking.milestone"]


# ---------------------------------------------------------------------------------------------
# 1. Other people's ids
# ---------------------------------------------------------------------------------------------


def test_the_sweep_skips_only_allauth_and_the_admin() -> None:
    assert len(SKIPPED_PREFIXES) <= 2
    skipped = [
        pattern
        for pattern in get_resolver().url_patterns
        if str(pattern.pattern).startswith(tuple(SKIPPED_PREFIXES))
    ]
    included = [pattern for pattern in skipped if isinstance(pattern, URLResolver)]
    assert len(included) == len(SKIPPED_PREFIXES), "only allauth and the admin live there"
    for pattern in included:
        module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
        assert module == "allauth.urls" or pattern.app_name == "admin", pattern
    # Beside them, only allauth's own views, subclassed for their words (hipflex/accounts.py).
    for pattern in skipped:
        if pattern not in included:
            assert pattern.callback.view_class.__module__ == "hipflex.accounts", pattern
    names = {route.name for route in SWEPT if route.arguments}
    assert {"routines:swap", "tracking:session", "tracking:session_step"} <= names


def test_the_sweep_lists_no_url_that_no_longer_exists() -> None:
    names = {route.name for route in SWEPT}
    assert set(ID_FINDERS) <= names
    assert set(PUBLIC_ROUTES) <= names
    assert not set(ID_FINDERS) & set(PUBLIC_ROUTES)


def own_plan_dates(person: Person) -> list[object]:
    days = PlannedDay.objects.filter(user=person.user).values_list("date", flat=True)
    return [day.isoformat() for day in days.order_by("date")[:3]]


# Keyed by a date of the person's own plan, not an id: another person's date opens one's own day
# of that date, or nothing (test_a_date_only_another_person_has_is_not_found).
OWN_CALENDAR_ROUTES: dict[str, dict[str, Callable[[Person], list[object]]]] = {
    "tracking:plan_day": {"day": own_plan_dates},
    "tracking:train_today": {"day": own_plan_dates},
}
ROUTES_WITH_IDS = [
    route
    for route in SWEPT
    if route.arguments and route.name not in PUBLIC_ROUTES | OWN_CALENDAR_ROUTES
]
# Every field any of our forms reads, with values that would change something if accepted.
PLAUSIBLE_POST = {
    "status": "hurt",
    "hurt_pain": "9",
    "sets_done": "1",
    "pain_before": "9",
    "pain_after": "9",
    "morning_pain": "9",
    "effort": "9",
    "note": "Someone else wrote this.",
    "rating": "10",
    "next": "/",
}


@pytest.mark.parametrize("route", ROUTES_WITH_IDS, ids=lambda route: route.label)
def test_another_persons_ids_in_any_url_are_not_found_and_change_nothing(
    client: Client, me: Person, them: Person, route: Route
) -> None:
    client.force_login(me.user)
    urls = urls_for(route, them, ID_FINDERS)
    data = PLAUSIBLE_POST | {f"result-{pk}-status": "hurt" for pk in results(them)}
    before = rows_owned_by(them.user)
    for url in urls:
        answered = []
        for method, headers in [("get", {}), ("post", {}), ("post", {"HX-Request": "true"})]:
            send = getattr(client, method)
            response = send(url, data if method == "post" else None, headers=headers)
            if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
                continue
            answered.append(method)
            assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN}, (
                f"{method.upper()} {url} answered {response.status_code}"
            )
        assert answered, f"{url} refused both GET and POST"
    assert rows_owned_by(them.user) == before


def test_a_date_only_another_person_has_is_not_found(
    client: Client, me: Person, them: Person
) -> None:
    client.force_login(me.user)
    far = PlannedDay.objects.filter(user=them.user).order_by("date").last()
    only_theirs = far.date + timedelta(days=400)
    PlannedDay.objects.filter(pk=far.pk).update(date=only_theirs)
    before = rows_owned_by(them.user)
    for day in (only_theirs.isoformat(), "2026-02-30", "not-a-date"):
        url = reverse("tracking:plan_day", args=[day])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
        url = reverse("tracking:train_today", args=[day])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND, url
    assert rows_owned_by(them.user) == before


def test_public_library_pages_show_published_exercises_to_anyone(client: Client) -> None:
    published = Exercise.objects.filter(status=Status.PUBLISHED).first()
    assert client.get(published.get_absolute_url()).status_code == HTTPStatus.OK
    published.status = Status.DRAFT
    published.save()
    assert client.get(published.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


# ---------------------------------------------------------------------------------------------
# 2. CSRF
# ---------------------------------------------------------------------------------------------

# Routes exempt from CSRF on purpose, each with the reason. Keep it to routes that act on a
# token in the URL, never on the session.
CSRF_EXEMPT: dict[str, str] = {
    "routines:unsubscribe": "mail clients unsubscribe with a one-click POST (RFC 8058); "
    "it reads no session, its signed token is the key",
}


def csrf_refused(response: HttpResponse) -> bool:
    return response.status_code == HTTPStatus.FORBIDDEN and b"CSRF" in response.content


def test_csrf_exempt_routes_are_exactly_the_documented_ones() -> None:
    exempt = {route.label for route in SWEPT if getattr(route.callback, "csrf_exempt", False)}
    assert exempt == set(CSRF_EXEMPT)


def test_every_post_without_the_csrf_token_is_refused(me: Person) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(me.user)
    finders = ID_FINDERS | PUBLIC_ROUTES | OWN_CALENDAR_ROUTES
    accepted = []
    for route in SWEPT:
        if route.label in CSRF_EXEMPT:
            continue
        for url in urls_for(route, me, finders):
            if not csrf_refused(client.post(url, PLAUSIBLE_POST)):
                accepted.append(url)
    accepted += [
        name
        for name in ["account_logout", "account_email", "account_change_password"]
        if not csrf_refused(client.post(reverse(name), {}))
    ]
    assert not accepted, f"accepted without a CSRF token: {accepted}"


def test_signing_up_logging_in_and_resetting_without_the_csrf_token_is_refused() -> None:
    make_user("known@example.com")
    client = Client(enforce_csrf_checks=True)
    forms = {
        "account_login": {"login": "known@example.com", "password": PASSWORD},
        "account_signup": {
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "health_data_consent": "on",
        },
        "account_reset_password": {"email": "known@example.com"},
    }
    for name, data in forms.items():
        assert csrf_refused(client.post(reverse(name), data)), name
    assert not User.objects.filter(email="new@example.com").exists()


def test_an_htmx_post_with_the_token_from_the_page_is_accepted(me: Person) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(me.user)
    page = client.get(reverse("tracking:progress"))
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)
    response = client.post(
        reverse("tracking:dismiss_advice"), headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code == HTTPStatus.OK


# ---------------------------------------------------------------------------------------------
# 2. Cookies and headers
# ---------------------------------------------------------------------------------------------


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_under_production_settings_the_session_and_csrf_cookies_are_locked_down(
    client: Client, user: User
) -> None:
    client.get(reverse("account_login"), secure=True)
    assert client.cookies[django_settings.CSRF_COOKIE_NAME]["secure"]
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == HTTPStatus.FOUND
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["secure"]
    assert session["samesite"] == "Lax"
    assert response.cookies[django_settings.CSRF_COOKIE_NAME]["secure"]


EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def header_problems(url: str, response: HttpResponse) -> list[str]:
    problems = [
        f"{url}: {header} is {response.get(header)!r}, not {value!r}"
        for header, value in EXPECTED_HEADERS.items()
        if response.get(header) != value
    ]
    policy = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in policy:
        problems.append(f"{url}: no strict Content-Security-Policy ({policy!r})")
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'"):
        if unsafe in policy:
            problems.append(f"{url}: the policy allows {unsafe}")
    html = response.get("Content-Type", "").startswith("text/html")
    if response.status_code == HTTPStatus.OK and html:
        nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", policy)
        if not nonce:
            problems.append(f"{url}: script-src has no nonce ({policy!r})")
            return problems
        for tag in re.findall(r"<script\b[^>]*>", response.text):
            if f'nonce="{nonce.group(1)}"' not in tag:
                problems.append(f"{url}: a script the policy blocks: {tag}")
        if re.search(r"<style\b|\sstyle=\"", response.text):
            problems.append(f"{url}: inline style the policy blocks")
    return problems


PAGES = sorted({route.name for route in ROUTES if route.name and not route.arguments})


def test_the_page_walk_finds_pages_of_every_part() -> None:
    assert {"home", "tracking:today", "tracking:progress", "account_login", "admin:index"} <= set(
        PAGES
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_page_sends_the_security_headers_and_a_nonce_based_policy(
    client: Client, onboarded_user: User, signed_in: bool
) -> None:
    if signed_in:
        client.force_login(onboarded_user)
    problems = []
    for name in PAGES:
        url = reverse(name)
        problems += header_problems(url, client.get(url))
    assert not problems, "\n".join(problems)


@override_settings(SECURE_HSTS_SECONDS=31536000)
@pytest.mark.parametrize("name", ["home", "account_login", "tracking:today"])
def test_pages_over_https_ask_browsers_to_stay_on_https(
    client_logged_in: Client, name: str
) -> None:
    response = client_logged_in.get(reverse(name), secure=True)
    max_age = re.search(r"max-age=(\d+)", response.get("Strict-Transport-Security", ""))
    assert max_age, response.headers
    assert int(max_age.group(1)) > 0
    assert "Strict-Transport-Security" not in client_logged_in.get(reverse(name))


# ---------------------------------------------------------------------------------------------
# 2. Which addresses have accounts stays secret
# ---------------------------------------------------------------------------------------------


def page_text(response: HttpResponse, address: str) -> str:
    """The page as a person sees it, with the address they typed and one-off tokens removed."""
    text = response.text.replace(address, "ADDRESS")
    text = re.sub(r'nonce="[^"]*"', "", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", text)


def test_signing_up_with_a_taken_address_shows_the_same_page_as_a_new_one() -> None:
    make_user("taken@example.com")
    pages = []
    for address in ("taken@example.com", "fresh@example.com"):
        data = {
            "email": address,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "health_data_consent": "on",
        }
        response = Client().post(reverse("account_signup"), data, follow=True)
        assert response.status_code == HTTPStatus.OK
        pages.append((response.redirect_chain, page_text(response, address)))
    assert pages[0] == pages[1]


def test_a_password_reset_for_an_unknown_address_shows_the_same_page() -> None:
    make_user("known@example.com")
    pages = []
    for address in ("known@example.com", "nobody@example.com"):
        response = Client().post(reverse("account_reset_password"), {"email": address}, follow=True)
        pages.append((response.redirect_chain, page_text(response, address)))
    assert pages[0] == pages[1]


def test_a_wrong_password_reads_the_same_for_known_and_unknown_addresses() -> None:
    make_user("known@example.com")
    pages = []
    for address in ("known@example.com", "nobody@example.com"):
        response = Client().post(
            reverse("account_login"), {"login": address, "password": "not-the-password"}
        )
        assert response.status_code == HTTPStatus.OK
        pages.append(page_text(response, address))
    assert pages[0] == pages[1]
