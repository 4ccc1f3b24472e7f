"""How many SQL queries each page may run, whatever the length of a person's history.

The one table of them: tests/test_query_budgets.py holds every request to its figure, for a
person with one day of history and for one with a year of it, and `make bench` prints each
beside what it counts. A change that adds a query changes a figure here, in review. A figure is
a ceiling: a form posted when the plan needs no change writes less. Every page is drawn afresh
on every visit.
"""

from __future__ import annotations

QUERY_BUDGETS: dict[str, int] = {
    # A training day reads its exercises and what they need laid out, and the notes of the
    # professionals the person shares with (8); one more while the first session after a flare
    # has been missed (has today been eased yet?).
    "GET /today/": 9,
    "GET /plan/": 4,
    "GET /progress/": 6,  # the hip extension self-test's card: one query of a few rows
    "GET /sessions/": 4,
    "GET /library/": 8,
    "GET /milestones/": 5,
    # The report reads each of its parts once: the plan's days and the logs over the period,
    # the tasks and their ratings, the hip self-tests, this week's exercises.
    "GET /progress/report/": 8,
    "GET /progress/report/pdf/": 8,
    # A professional's view of a client: the access (with the person and their profile), the
    # report as above (with the notes the person shared), and the record of the look.
    "GET /clients/<id>/": 9,
    "GET /clients/<id>/sessions/": 5,
    "GET /sessions/new/": 2,
    "GET /sessions/<id>/": 5,
    # The guided session, one exercise a page.
    "GET /sessions/<id>/do/<n>/": 3,
    "POST /sessions/<id>/do/<n>/": 4,
    "GET /sessions/<id>/do/finish/": 3,
    # A log adapts the plan: the pain rules' decision, then the rule's answer for the next
    # block from the blocks and their last two weeks (two queries), then the days to come,
    # with the library's alternatives when an exercise that hurt comes back (one query).
    "POST /sessions/new/": 23,
    "POST /sessions/<id>/morning/": 23,
    # How much an exercise hurt counts in the pain rules at once, as a log does.
    "POST /sessions/<id>/do/<n>/ (how much it hurt)": 23,
    "POST /sessions/<id>/do/finish/": 23,
}
