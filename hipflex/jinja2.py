"""The Jinja2 environment of Hipflex's busiest pages (templates/jinja2/).

Django's template engine costs about a quarter of a millisecond per row of a list here; Jinja2
compiles templates to Python and draws the same rows several times faster. Pages rendered
with Django's engine share the same layout through {% layout %} (routines/templatetags).
"""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django_htmx.jinja import htmx_script
from jinja2 import Environment

from hipflex.addresses import address
from routines.models import Profile
from tracking.prompts import morning_prompt


def user_follows_plan(user: object) -> bool:
    """Whether the person has started a plan of their own (a profile, read with the user):
    someone who joined through an invitation to see a client's progress has none."""
    return Profile.of(user) is not None


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update(
        static=static,
        url=address,
        htmx_script=htmx_script,
        morning_prompt=morning_prompt,
        user_follows_plan=user_follows_plan,
    )
    # The same output as Django's date filter ("l j F" is "Monday 30 November").
    env.filters["date"] = date_format
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
