"""The Jinja2 environment of Hipflex's busiest pages (templates/jinja2/).

Django's template engine costs about a quarter of a millisecond per row of a list here; Jinja2
compiles templates to Python and draws the same rows several times faster. Pages rendered
with Django's engine share the same layout through {% layout %} (routines/templatetags).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django_htmx.jinja import htmx_script
from jinja2 import Environment
from jinja2.runtime import Macro
from markupsafe import Markup

from hipflex.addresses import address
from routines.models import Profile
from routines.services import TODAY_EXERCISE_FIELDS
from tracking.prompts import morning_prompt

_static_urls: dict[str, str] = {}


def static_url(path: str) -> str:
    """Django's static(), remembered for the process: a file's address is fixed while the
    process runs (production reads the manifest of hashed names once), and the layout asks
    for four on every page at 30-40 µs each."""
    url = _static_urls.get(path)
    if url is None:
        url = _static_urls[path] = static(path)
    return url


DRAWN_AT_MOST = 2000  # drawings remembered; a library of a few hundred exercises fits
_drawn: dict[tuple[object, ...], Markup] = {}


def drawn_once(macro: Macro, exercise: object, *, remember: bool = True) -> Markup:
    """What `macro` draws of a library exercise alone, drawn once a process for the values it
    shows: the same for everyone, so /today/ draws its thirteen how-tos and pictures from
    memory (4,989 -> 4,694 Python calls a page). An exercise changed in any way, even by a
    bulk update, is a new key, so never an old drawing; while templates are edited
    (auto_reload, in development: `remember` False) every drawing is fresh. The macro may
    read only the fields /today/ reads (TODAY_EXERCISE_FIELDS), the key's values."""
    if not remember:
        return macro(exercise)
    key = (macro.name, *(str(getattr(exercise, name)) for name in TODAY_EXERCISE_FIELDS))
    drawing = _drawn.get(key)
    if drawing is None:
        if len(_drawn) >= DRAWN_AT_MOST:
            _drawn.clear()
        drawing = _drawn[key] = macro(exercise)
    return drawing


@receiver(setting_changed)
def _forget_drawings(setting: str, **kwargs: Any) -> None:
    """Addresses and drawings change with these settings (tests change them)."""
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT", "MEDIA_URL", "ROOT_URLCONF"}:
        _static_urls.clear()
        _drawn.clear()


def user_follows_plan(user: object) -> bool:
    """Whether the person has started a plan of their own (a profile, read with the user):
    someone who joined through an invitation to see a client's progress has none."""
    return Profile.of(user) is not None


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Django's date format characters that the pages use, for a date or a datetime.
DATE_PARTS: dict[str, Callable[[date], str]] = {
    "l": lambda day: DAY_NAMES[day.weekday()],
    "D": lambda day: DAY_NAMES[day.weekday()][:3],
    "j": lambda day: str(day.day),
    "F": lambda day: MONTH_NAMES[day.month - 1],
    "M": lambda day: MONTH_NAMES[day.month - 1][:3],
    "Y": lambda day: str(day.year),
}


def date_filter(value: date, format_string: str) -> str:
    """Django's date filter ("l j F" is "Monday 30 November"). The formats the pages use are
    written here: Django's formatter costs about 25 µs a date, and a list shows twenty."""
    if "\\" in format_string or any(
        part.isalpha() and part not in DATE_PARTS for part in format_string
    ):
        return date_format(value, format_string)
    return "".join(
        DATE_PARTS[part](value) if part in DATE_PARTS else part for part in format_string
    )


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update(
        static=static_url,
        drawn_once=partial(drawn_once, remember=not env.auto_reload),
        url=address,
        htmx_script=htmx_script,
        morning_prompt=morning_prompt,
        user_follows_plan=user_follows_plan,
    )
    env.filters["date"] = date_filter
    return env


def page(request: HttpRequest) -> dict[str, object]:
    """What every Jinja2 page's layout reads, as Django's context processors give it.

    Every page has a form (signing out, at least), so the CSRF token is drawn once here: the
    backend's own lazy one draws a freshly masked token at each of a page's forms.
    """
    token = get_token(request)
    return {
        "user": request.user,
        "messages": get_messages(request),
        "csp_nonce": get_nonce(request),
        "csrf_token": token,
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
        ),
    }
