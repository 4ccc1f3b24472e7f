"""Remembered addresses follow the script prefix and the URL patterns in force."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from hipflex.addresses import address


def test_an_address_is_djangos_reverse() -> None:
    assert address("tracking:today") == reverse("tracking:today") == "/today/"
    assert address("routines:exercise", "dead-bug") == "/library/dead-bug/"
    assert address("tracking:session", 12) == "/sessions/12/"


def test_a_site_served_under_a_prefix_gets_its_own_addresses() -> None:
    assert address("tracking:today") == "/today/"
    set_script_prefix("/hipflex/")
    try:
        assert address("tracking:today") == "/hipflex/today/"
    finally:
        clear_script_prefix()
    assert address("tracking:today") == "/today/"


def test_other_url_patterns_are_not_served_remembered_addresses() -> None:
    assert address("healthz") == "/healthz"
    with override_settings(ROOT_URLCONF="bench.hello_urls"):
        assert address("hello") == "/"
        with pytest.raises(NoReverseMatch):
            address("tracking:today")
