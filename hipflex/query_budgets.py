"""How many SQL queries each page may run, whatever the length of a person's history.

The one table of them: tests/test_query_budgets.py holds every request to its figure, for a
person with one day of history and for one with a year of it, and `make bench` prints each
beside what it counts. A change that adds a query changes a figure here, in review. A figure is
a ceiling: a form posted when the plan needs no change writes less.

`rendered` is a page drawn afresh: the first visit, or the first after a change to what it shows.
`cached` is a visit the page cache answers (see hipflex.pagecache): no query at all, as the
signed-in person's user row is cached too (hipflex/auth.py). Forms that are posted have only
`rendered`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueryBudget:
    rendered: int
    cached: int | None = None


QUERY_BUDGETS: dict[str, QueryBudget] = {
    "GET /today/": QueryBudget(rendered=12, cached=0),
    "GET /plan/": QueryBudget(rendered=7, cached=0),
    "GET /progress/": QueryBudget(rendered=12, cached=0),
    "GET /sessions/": QueryBudget(rendered=6, cached=0),
    "GET /library/": QueryBudget(rendered=9, cached=0),
    "GET /milestones/": QueryBudget(rendered=7),
    "GET /sessions/new/": QueryBudget(rendered=4, cached=0),
    "GET /sessions/<id>/": QueryBudget(rendered=7),
    "POST /sessions/new/": QueryBudget(rendered=20),
    "POST /sessions/<id>/morning/": QueryBudget(rendered=20),
}
