"""Templates: nothing meant for their readers ever reaches a page."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_template_comment_closes_on_its_own_line() -> None:
    # Django's {# ... #} ends at the end of its line: one left open shows its text on the page.
    open_comments = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_comments == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["tracking:today", "routines:plan", "tracking:progress", "tracking:sessions"]
)
def test_a_signed_in_page_shows_no_template_comment(
    client_logged_in: Client, onboarded_user: User, name: str
) -> None:
    response = client_logged_in.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert "{#" not in response.text
    assert "{% comment" not in response.text
