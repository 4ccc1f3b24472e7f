"""Remembered addresses follow the script prefix and the URL patterns in force."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    clear_script_prefix,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django.urls.converters import IntConverter

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


def test_every_address_of_a_row_id_is_djangos_reverse() -> None:
    """Addresses of ids come from one template per name: for every URL pattern of the site
    that takes only ids, each id gives the address reverse() gives."""
    names = []
    for pattern, namespace in _named_patterns(get_resolver().url_patterns, ""):
        converters = pattern.pattern.converters
        if converters and all(isinstance(c, IntConverter) for c in converters.values()):
            names.append((f"{namespace}{pattern.name}", len(converters)))
    assert ("tracking:session", 1) in names and ("routines:swap", 1) in names
    for name, count in names:
        for ids in ((0,) * count, (7, 12, 3, 9)[:count], (123456789,) * count):
            assert address(name, *ids) == reverse(name, args=ids), name
    set_script_prefix("/hipflex/")
    try:
        assert address("tracking:session", 5) == "/hipflex/sessions/5/"
    finally:
        clear_script_prefix()


def _named_patterns(patterns: list, namespace: str) -> list:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((pattern, namespace))
    return found
