"""The report printed from the browser: the print stylesheet lays out the same single A4 page
as the PDF."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.conftest import BROWSER_TEST
from tests.test_accessibility import sign_in_as
from tests.tracking.test_report import REPORT, everything_included, pdf_text, the_fullest

pytestmark = BROWSER_TEST


@pytest.mark.parametrize(("weeks", "period"), [(12, "12"), (60, "all")])
def test_printing_the_fullest_report_from_the_browser_gives_one_a4_page(
    page: Page, live_server: Any, user: User, weeks: int, period: str
) -> None:
    the_fullest(user, weeks)
    sign_in_as(page, user, live_server)
    page.goto(f"{REPORT}?{urlencode(everything_included(user, weeks=period), doseq=True)}")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) == 1
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    words = pdf_text(printed)
    assert "Hipflex progress report" in words
    assert "Log out" not in words  # the sheet alone: no menu, no form
    assert "Show the report" not in words
