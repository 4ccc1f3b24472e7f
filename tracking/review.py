"""The end-of-block review: what the four weeks looked like and what to suggest next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean

from tracking import adaptation

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


@dataclass(frozen=True)
class BlockEnd:
    """What earns the next block its step, read over the block's last two weeks (and the days
    since it ended, for flares and soreness)."""

    planned: int  # training days planned in the block's last two weeks
    done: int
    flare_on: date | None  # the latest flare, if any
    flare_pain: int | None  # its highest rating
    hurt: bool  # an exercise was marked as pinching or hurting
    settled: bool  # the last two next-morning ratings at or below usual (or safe)


def block_end(
    done: Sequence[bool], outcomes: Sequence[adaptation.SessionOutcome], usual_pain: int
) -> BlockEnd:
    """`done`: whether each training day of the block's last two weeks was done; `outcomes`:
    the logs from the first of those days on, oldest first."""
    flares = [log for log in outcomes if adaptation.classify(log, usual_pain) == adaptation.FLARE]
    mornings = [log.morning_pain for log in outcomes if log.morning_pain is not None]
    return BlockEnd(
        planned=len(done),
        done=sum(done),
        flare_on=flares[-1].date if flares else None,
        flare_pain=flares[-1].log_pain if flares else None,
        hurt=any(log.hurt_exercise_ids for log in outcomes),
        # At or below usual, or in the safe zone for someone whose usual pain is lower.
        settled=len(mornings) >= 2
        and all(pain <= max(adaptation.SAFE_PAIN, usual_pain) for pain in mornings[-2:]),
    )


LOADED_SESSIONS_TOLERATED = 2  # weighted sessions a block needs before swings join


def earned_load(
    max_load: str,
    experience: str,
    block_outcomes: Sequence[adaptation.SessionOutcome],
    loaded_dates: set[date],
    usual_pain: int,
) -> str:
    """The heaviest load the next block may plan. Someone new to exercise earns weights with a
    block whose strength sessions (at the easy levels their blocks start at) went without a
    flare, and swings with a block whose weighted hinges (loaded_dates) did: at least two
    sessions, none a flare, and no strength session a flare either. Nobody loses what was
    earned (a flare eases the sessions instead); anyone else may plan everything from the
    start."""
    if experience != "new" or max_load == "ballistic":
        return "ballistic"
    strength = [outcome for outcome in block_outcomes if outcome.kind == "strength"]
    calm = bool(strength) and not any(_flared(outcome, usual_pain) for outcome in strength)
    if max_load in ("bodyweight", "held"):
        return "loaded" if calm else max_load
    loaded = [outcome for outcome in block_outcomes if outcome.date in loaded_dates]
    tolerated = len(loaded) >= LOADED_SESSIONS_TOLERATED and not any(
        _flared(outcome, usual_pain) for outcome in loaded
    )
    return "ballistic" if calm and tolerated else "loaded"


def _flared(outcome: adaptation.SessionOutcome, usual_pain: int) -> bool:
    return adaptation.classify(outcome, usual_pain) == adaptation.FLARE


CHOICE_ORDER = ("ease", "repeat", "progress")  # a smaller step comes first


def earned_choice(end: BlockEnd) -> str:
    """Progression is earned: two thirds of the sessions done, no flare, nothing sore, and calm
    mornings. A flare eases (pain above 5 during or after a session is one, so "pain after
    above 5 on most sessions" is one too); anything else repeats."""
    if end.flare_on is not None:
        return "ease"
    if end.planned and 3 * end.done >= 2 * end.planned and not end.hurt and end.settled:
        return "progress"
    return "repeat"


def allowed_choices(suggestion: str) -> tuple[str, ...]:
    """The person may take a smaller step than the suggestion, never a bigger one."""
    return CHOICE_ORDER[: CHOICE_ORDER.index(suggestion) + 1]


def earned_reason(end: BlockEnd, choice: str, usual_pain: int) -> str:
    if choice == "ease" and end.flare_on is not None:
        return (
            f"Your pain reached {end.flare_pain}/10 on {end.flare_on:%A} {end.flare_on.day} "
            f"{end.flare_on:%B}: a gentler next block gives your back time to settle."
        )
    if choice == "progress":
        return (
            f"You did {end.done} of {end.planned} sessions in the last two weeks, with no flare "
            "and nothing sore, and your mornings settled: you are ready for a step up."
        )
    missing = []
    if not end.planned or 3 * end.done < 2 * end.planned:
        missing.append(
            f"two thirds of the sessions of the last two weeks (you did {end.done} of "
            f"{end.planned})"
        )
    if end.hurt:
        missing.append("no exercise that pinched or hurt")
    if not end.settled:
        missing.append(f"two mornings in a row at or below your usual {usual_pain}/10")
    return f"A step up comes with {_joined(missing)}. The same level again lets that happen."


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _step_from(choice: str, number: int) -> str:
    return {
        "progress": f"A step up from block {number}",
        "repeat": f"The same level as block {number}",
        "ease": f"A step easier than block {number}",
    }[choice]


def planned_because(number: int, end: BlockEnd, choice: str, usual_pain: int) -> str:
    """Why the block after block `number` takes the rule's answer, for /plan/. No counts: it
    is stored, and rewritten only when what it says changes, not with every log."""
    step = _step_from(choice, number)
    if choice == "ease" and end.flare_on is not None:
        return f"{step}. {earned_reason(end, choice, usual_pain)}"
    if choice == "progress":
        return (
            f"{step}: two thirds or more of the sessions of its last two weeks done, with no "
            "flare, nothing sore and calm mornings."
        )
    missing = []
    if not end.planned or 3 * end.done < 2 * end.planned:
        missing.append("two thirds of the sessions of a block's last two weeks")
    if end.hurt:
        missing.append("no exercise that pinched or hurt")
    if not end.settled:
        missing.append(f"two mornings in a row at or below your usual {usual_pain}/10")
    return f"{step}. A step up comes with {_joined(missing)}."


def chosen_because(number: int, choice: str, *, skipped: bool) -> str:
    """Why the block after block `number` takes the review's answer, for /plan/."""
    if skipped:
        return (
            f"{_step_from(choice, number)}, the step your last two weeks earned: the review "
            "was not answered within a week."
        )
    return f"{_step_from(choice, number)}, as you chose in its review."
