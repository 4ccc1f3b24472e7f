"""The end-of-block review: what the four weeks looked like and what to suggest next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean

PROGRESS_ADHERENCE = 70  # percent of planned sessions done
RISING = 1.0  # points of pain, second half of the block against the first


@dataclass(frozen=True)
class BlockSummary:
    done: int
    planned: int
    first_half_pain: float | None
    second_half_pain: float | None

    @property
    def adherence(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0

    @property
    def pain_change(self) -> float | None:
        if self.first_half_pain is None or self.second_half_pain is None:
            return None
        return round(self.second_half_pain - self.first_half_pain, 1)

    @property
    def pain_rose(self) -> bool:
        return self.pain_change is not None and self.pain_change >= RISING


def summarise(
    days: list[tuple[date, str, bool]],
    pains: list[tuple[date, int]],
    starts_on: date,
    ends_on: date,
) -> BlockSummary:
    """`days`: (date, kind, done) of the block; `pains`: (date, the log's highest pain)."""
    training = [done for day, kind, done in days if kind != "rest"]
    middle = starts_on + (ends_on - starts_on) / 2
    first = [pain for day, pain in pains if starts_on <= day <= middle]
    second = [pain for day, pain in pains if middle < day <= ends_on]
    return BlockSummary(
        done=sum(training),
        planned=len(training),
        first_half_pain=round(float(mean(first)), 1) if first else None,
        second_half_pain=round(float(mean(second)), 1) if second else None,
    )


def suggested_choice(summary: BlockSummary) -> str:
    """Progress when most sessions happened and pain is not rising; ease when it rose."""
    if summary.pain_rose:
        return "ease"
    if summary.adherence >= PROGRESS_ADHERENCE:
        return "progress"
    return "repeat"


def reason(summary: BlockSummary, choice: str) -> str:
    if choice == "ease":
        return (
            f"Your pain rose by {summary.pain_change:.1f} points over the block, so a gentler "
            "next block is the kind choice."
        )
    if choice == "progress":
        return (
            f"You did {summary.adherence}% of your sessions and your pain is steady or easing: "
            "you are ready for a step up."
        )
    return (
        f"You did {summary.adherence}% of your sessions. Repeating the level lets the habit "
        "settle before the next step."
    )
