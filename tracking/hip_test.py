"""The hip extension self-test (a modified Thomas test a person can do at home): what each
answer means and when a retest shows a change.

Pure Python over plain data, like the adaptation rules. Lying on the edge of a firm bed with one
knee hugged to the chest, the other thigh rests flat on the bed (the front of the hip is long
enough), lifts a little above it, or lifts well above it; and that knee bends to about a right
angle or stays straighter (the front of the thigh is tight too). Each side is its own result.
A change is a whole category on either measure of either side: thigh from well above to a
little above, or a little above to flat; knee from straighter to bent.
"""

from __future__ import annotations

from dataclasses import dataclass

THIGH_SCORE = {"far_above": 0, "above": 1, "flat": 2}
KNEE_SCORE = {"straighter": 0, "bent": 1}
SIDES = ("left", "right")
THIGH_WORDS = {"flat": "thigh flat", "above": "thigh a little up", "far_above": "thigh well up"}
KNEE_WORDS = {"bent": "knee bent", "straighter": "knee straighter"}


@dataclass(frozen=True)
class SideResult:
    thigh: str  # "flat" | "above" | "far_above"
    knee: str  # "bent" | "straighter"

    def __post_init__(self) -> None:
        if self.thigh not in THIGH_SCORE or self.knee not in KNEE_SCORE:
            raise ValueError(f"not a self-test answer: {self.thigh!r}, {self.knee!r}")

    @property
    def words(self) -> str:
        return f"{THIGH_WORDS[self.thigh]}, {KNEE_WORDS[self.knee]}"


@dataclass(frozen=True)
class HipTestResult:
    left: SideResult
    right: SideResult

    def side(self, name: str) -> SideResult:
        return self.left if name == "left" else self.right


def improved_sides(baseline: HipTestResult, latest: HipTestResult) -> tuple[str, ...]:
    """The sides that gained a whole category on either measure since the baseline."""
    return _changed_sides(latest, baseline)


def worse_sides(baseline: HipTestResult, latest: HipTestResult) -> tuple[str, ...]:
    """The sides that lost a whole category on either measure since the baseline."""
    return _changed_sides(baseline, latest)


def _changed_sides(higher: HipTestResult, lower: HipTestResult) -> tuple[str, ...]:
    """The sides where `higher` scores above `lower` on the thigh or the knee."""
    return tuple(
        side
        for side in SIDES
        if THIGH_SCORE[higher.side(side).thigh] > THIGH_SCORE[lower.side(side).thigh]
        or KNEE_SCORE[higher.side(side).knee] > KNEE_SCORE[lower.side(side).knee]
    )
