"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict


def posted_data(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to, or None on GET.

    An empty POST is still a submission: binding it gives missing answers their messages.
    """
    return request.POST if request.method == "POST" else None


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for a fragment (a boosted link or form wants the whole page)."""
    return bool(request.htmx) and not request.htmx.boosted
