"""The figure of a move on a phone: it moves, it has words, and it holds still for people who
prefer less motion (issue 16)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from routines.models import Exercise
from tests.conftest import BROWSER_TEST, PHONE, snapshot

pytestmark = BROWSER_TEST


def shown_file(image: Locator) -> str:
    return image.evaluate("image => image.complete && image.naturalWidth && image.currentSrc")


def test_the_exercise_page_shows_the_move_and_holds_it_still_when_asked(page: Page) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    page.goto(bridge.get_absolute_url())
    figure = page.get_by_role("img", name=bridge.figure_text)
    expect(figure).to_be_visible()
    assert shown_file(figure).endswith(bridge.figure.moving)
    box = figure.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the figure is on the first screen"
    assert box["width"] >= 0.8 * PHONE["width"]
    first = figure.screenshot()
    page.wait_for_timeout(900)
    assert figure.screenshot() != first, "the figure moves"
    snapshot(page, "exercise-figure-moving")

    page.emulate_media(reduced_motion="reduce")
    page.reload()
    figure = page.get_by_role("img", name=bridge.figure_text)
    expect(figure).to_be_visible()
    assert shown_file(figure).endswith(bridge.figure.stills)
    first = figure.screenshot()
    page.wait_for_timeout(900)
    assert figure.screenshot() == first, "the stills hold still"
    snapshot(page, "exercise-figure-stills")


def test_the_library_shows_a_still_of_each_move_beside_its_name(page: Page) -> None:
    page.goto("/library/")
    results = page.locator("#results")
    link = results.get_by_role("link", name="Bird-dog")
    thumb = link.locator("img.exercise-thumb")
    expect(thumb).to_be_visible()
    assert shown_file(thumb).endswith(Exercise.objects.get(slug="bird-dog").figure.still)
    snapshot(page, "library-figures")
