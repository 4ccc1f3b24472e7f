"""Django's reverse(), remembered.

An address depends only on the URL patterns, the script prefix, the name and the arguments,
so each is worked out once per process: a list page names an address per row, and each
reverse() costs 10-30 µs of Python here (an exercise's slug converter the most).

Rows' ids are many (a session's, a planned exercise's), so an address whose arguments are all
ids is remembered once per name as a template: reverse() with a stand-in id, whose digits are
then replaced by the row's.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Stand-ins for ids: digits no URL pattern of ours holds, one per argument.
_STAND_INS = tuple(9_182_736_450 + position for position in range(4))


def address(name: str, *args: object) -> str:
    """reverse(name, args=args), for the patterns and prefix in force now."""
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    if args and len(args) <= len(_STAND_INS) and all(_is_id(arg) for arg in args):
        return _id_template(urlconf, prefix, name, len(args)).format(*args)
    return _address(urlconf, prefix, name, args)


def _is_id(value: object) -> bool:
    return type(value) is int and value >= 0


@lru_cache(maxsize=4096)  # bounded: exercises' slugs are many, each address is short
def _address(urlconf: str, prefix: str, name: str, args: tuple[object, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


@lru_cache(maxsize=512)
def _id_template(urlconf: str, prefix: str, name: str, count: int) -> str:
    template = _address(urlconf, prefix, name, _STAND_INS[:count])
    template = template.replace("{", "{{").replace("}", "}}")
    for position, stand_in in enumerate(_STAND_INS[:count]):
        template = template.replace(str(stand_in), f"{{{position}}}", 1)
    return template
