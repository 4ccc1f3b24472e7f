"""How many SQL queries each page may run, whatever the length of a person's history.

The one table of them: tests/test_query_budgets.py holds every request to its figure, for a
person with one day of history and for one with a year of it, and `make bench` prints each
beside what it counts. A change that adds a query changes a figure here, in review. A figure is
a ceiling: a form posted when the plan needs no change writes less. Every page is drawn afresh
on every visit.
"""

from __future__ import annotations

QUERY_BUDGETS: dict[str, int] = {
    "GET /today/": 11,
    "GET /plan/": 7,
    "GET /progress/": 12,
    "GET /sessions/": 6,
    "GET /library/": 9,
    "GET /milestones/": 7,
    "GET /sessions/new/": 4,
    "GET /sessions/<id>/": 7,
    "POST /sessions/new/": 21,
    "POST /sessions/<id>/morning/": 20,
}
