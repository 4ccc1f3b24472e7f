"""The red-flag screen asked before a plan starts (and again from settings).

Any yes means a clinician should look first; the plan waits until the person confirms they
have been cleared. Keys are stored on the profile, so never rename one.
"""

from __future__ import annotations

RED_FLAGS: list[tuple[str, str]] = [
    (
        "saddle_numbness",
        "Do you have numbness or tingling in your groin, genitals or the inner thighs?",
    ),
    (
        "bladder_bowel",
        "Have you had new trouble controlling or emptying your bladder or bowels?",
    ),
    ("leg_weakness", "Is one or both of your legs getting weaker, or do you trip more often?"),
    ("fever", "Do you have a fever, or feel generally unwell, along with your back pain?"),
    (
        "cancer_weight_loss",
        "Have you lost weight without trying, or have you ever been treated for cancer?",
    ),
    ("trauma", "Did your pain start after a fall, accident or other hard knock?"),
    (
        "night_pain",
        "Do you have severe pain at night that does not ease when you rest or change position?",
    ),
]

RED_FLAG_KEYS = [key for key, _ in RED_FLAGS]
