from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


def test_a_visitor_filters_searches_and_opens_an_exercise_on_a_phone(page: Page) -> None:
    page.goto("/library/")
    results = page.locator("#results")
    expect(results.get_by_text("Dead bug")).to_be_visible()

    page.get_by_label("Kind").select_option("strength")
    expect(results.get_by_text("Hip thrust")).to_be_visible()
    expect(results.get_by_text("Dead bug")).to_have_count(0)
    expect(page).to_have_url("/library/?q=&kind=strength&equipment=&target=", ignore_case=True)

    page.get_by_label("Kind").select_option("")
    page.get_by_label("Search").fill("lunge")
    expect(results.get_by_text("Chair-assisted lunge")).to_be_visible()
    expect(results.get_by_text("Hip thrust")).to_have_count(0)

    results.get_by_role("link", name="Chair-assisted lunge").click()
    expect(page.get_by_role("heading", level=1, name="Chair-assisted lunge")).to_be_visible()
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()
    page.get_by_role("link", name="Harder: Dynamic lunge with pause").click()
    expect(page.get_by_role("heading", level=1, name="Dynamic lunge with pause")).to_be_visible()
