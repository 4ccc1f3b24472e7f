"""The red-flag screen asked before a plan starts (and again from settings), by urgency.

Two levels (NICE NG59; ../shared/domain/DOMAIN.md). Emergency: signs that nerves at the base of
the spine may be under pressure; the person is told to get emergency care today, and the plan
stays paused until they confirm an in-person assessment (its date and who assessed them), with
no one-tick clearance. See a clinician first: the others; the plan waits until the person
confirms a clinician assessed them and cleared them to exercise. Any yes, at any time, pauses
the plan, reminders and the calendar's sessions until then. Keys are stored on the profile,
so never rename one.
"""

from __future__ import annotations

from collections.abc import Iterable

EMERGENCY = "emergency"
SEE_A_CLINICIAN = "clinician"

RED_FLAGS: list[tuple[str, str, str]] = [
    (
        "saddle_numbness",
        "Do you have numbness or tingling in your groin, genitals or the inner thighs?",
        EMERGENCY,
    ),
    (
        "bladder_bowel",
        "Have you had new trouble controlling or emptying your bladder or bowels?",
        EMERGENCY,
    ),
    (
        "leg_weakness",
        "Is one or both of your legs getting weaker, or do you trip more often?",
        EMERGENCY,
    ),
    (
        "fever",
        "Do you have a fever, or feel generally unwell, along with your back pain?",
        SEE_A_CLINICIAN,
    ),
    (
        "cancer_weight_loss",
        "Have you lost weight without trying, or have you ever been treated for cancer?",
        SEE_A_CLINICIAN,
    ),
    (
        "trauma",
        "Did your pain start after a fall, accident or other hard knock?",
        SEE_A_CLINICIAN,
    ),
    (
        "night_pain",
        "Do you have severe pain at night that does not ease when you rest or change position?",
        SEE_A_CLINICIAN,
    ),
]

RED_FLAG_KEYS = [key for key, _, _ in RED_FLAGS]
# Each sign in a few plain words, for the person to tell whoever assesses them.
SIGNS = {
    "saddle_numbness": "numbness or tingling in your groin, genitals or inner thighs",
    "bladder_bowel": "new trouble controlling or emptying your bladder or bowels",
    "leg_weakness": "one or both legs getting weaker, or tripping more often",
    "fever": "a fever, or feeling generally unwell, with your back pain",
    "cancer_weight_loss": "weight lost without trying, or past treatment for cancer",
    "trauma": "pain that started after a fall, accident or hard knock",
    "night_pain": "severe pain at night that rest does not ease",
}
EMERGENCY_FLAGS = frozenset(key for key, _, level in RED_FLAGS if level == EMERGENCY)


def urgency(flags: Iterable[str]) -> str | None:
    """The most urgent level among the flags answered yes; None without any."""
    flags = set(flags)
    if flags & EMERGENCY_FLAGS:
        return EMERGENCY
    return SEE_A_CLINICIAN if flags else None
