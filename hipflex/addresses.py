"""Django's reverse(), remembered.

An address depends only on the URL patterns, the script prefix, the name and the arguments,
so each is worked out once per process: a list page names an address per row, and each
reverse() costs 10-30 µs of Python here (an exercise's slug converter the most).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def address(name: str, *args: object) -> str:
    """reverse(name, args=args), for the patterns and prefix in force now."""
    return _address(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


@lru_cache(maxsize=4096)  # bounded: sessions' ids are many, each address is short
def _address(urlconf: str, prefix: str, name: str, args: tuple[object, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)
