"""Pain-aware adaptation: session logs in, easing decisions and an assessment card out.

The decisions go to the plan as a routines.easing.PlanAdaptation, which every plan build
applies (that module says how a session is eased and a hurting exercise replaced).

Pure Python over plain data (no Django, no ORM, no I/O), like the plan engine, so every rule
can be table-tested. How the module reads the pain monitoring model of the domain notes:

- A session's pain is the highest of its before, during and after ratings; a log's pain is the
  highest of those and next-morning. Ratings are 0-10. "During" is how much an exercise that
  pinched or hurt hurt, asked at once in the guided session: the pain monitoring model rates
  pain during exercise (3-5 acceptable, above 5 too much), so it counts like the others.
- Flare: session pain above 5, or next-morning pain 2 or more above the user's usual level.
- Comfortable: not a flare, at least one rating given, and every rating given (before, during,
  after, morning) at most max(2, usual pain): the safe zone, or, for someone who lives with
  more pain, no worse than usual. Without the second part a person whose usual pain is 4
  could never earn their way back from an easing.
- Acceptable: everything else, including a log with no ratings at all (it shows no comfort).
- Each kind (mobility, stability, strength, recovery) keeps its own state, replayed in date
  order. A flare eases the kind and restarts the comfortable count (a newer flare replaces the
  reason). Two comfortable sessions in a row lift the easing. An acceptable session keeps the
  state but restarts the count, because "in a row" means consecutive sessions of that kind.
  The lift message shows until the next session of that kind is logged.
- The first session after a flare is eased, whatever its kind, as long as nothing has been
  logged since the flare.
- An exercise marked as pinching or hurting keeps its latest mark and counts the comfortable
  sessions since; two bring it back at an easier level (routines.easing says how), two more
  and the mark is forgotten: the exercise is back in the plan as usual. Marks older than the
  caller's window are forgotten too.
- Assessment: judged on the last two weeks (today and the 13 days before), so the card goes
  away by itself once pain settles. It shows for three logs with pain 7 or more in that window;
  or pain rising over it (4+ logs, at least one in each week, a positive least-squares slope,
  the last week's median at least 1 point above the first week's and out of the safe zone,
  so one flare among calm sessions is not a rise);
  or 42+ days after a functional-task baseline with no task 2+ points better. A dismissed card
  stays hidden while today is before `dismissed_until`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from routines.easing import COMFORTABLE_TO_LIFT, HurtMark, KindState, PlanAdaptation, weekday_name

KINDS = ("mobility", "stability", "strength", "recovery")

FLARE = "flare"
COMFORTABLE = "comfortable"
ACCEPTABLE = "acceptable"

MAX_PAIN = 10
SAFE_PAIN = 2  # 0-2 is the safe zone of the pain monitoring model
FLARE_ABOVE = 5  # session pain above this is too much
MORNING_RISE = 2  # next-morning pain this far above usual means the session did not settle

WINDOW_DAYS = 14
PERSISTENT_PAIN = 7
PERSISTENT_LOGS = 3
RISING_MIN_LOGS = 4
RISING_MIN_GAIN = 1
NO_GAIN_DAYS = 42
MEANINGFUL_TASK_GAIN = 2  # PSFS: a change of 2 points is a real change

EASED = "Eased:"  # how the note of an eased session starts
LIFTED_REASON = "Back to your usual plan after two comfortable sessions."
EASED_FOOTER = "Two comfortable sessions in a row bring back your usual plan."
NEXT_SESSION_FOOTER = "The first session after a flare is a gentler one, whatever its kind."
ASSESSMENT_ADVICE = (
    "A physical therapist or qualified trainer can take a look and help adjust your plan."
)


@dataclass(frozen=True)
class SessionOutcome:
    """One logged session, as plain data."""

    date: date
    kind: str  # "mobility" | "stability" | "strength" | "recovery"
    pain_before: int | None
    pain_after: int | None
    morning_pain: int | None  # None until the next-morning check is answered
    hurt_exercise_ids: frozenset[int] = frozenset()
    pain_during: int | None = None  # the highest rating of an exercise that hurt

    def __post_init__(self) -> None:
        # A wrong log would otherwise surface as a quietly wrong easing decision.
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        for rating in self.ratings:
            _check_rating(rating)

    @property
    def ratings(self) -> tuple[int, ...]:
        given = (self.pain_before, self.pain_during, self.pain_after, self.morning_pain)
        return tuple(rating for rating in given if rating is not None)

    @property
    def session_pain(self) -> int | None:
        during = (self.pain_before, self.pain_during, self.pain_after)
        return max((rating for rating in during if rating is not None), default=None)

    @property
    def log_pain(self) -> int | None:
        return max(self.ratings, default=None)


@dataclass(frozen=True)
class Recommendation:
    reason: str  # short, calm, plain, for the user


@dataclass(frozen=True)
class TaskProgress:
    baseline: int
    latest: int
    baseline_date: date

    def __post_init__(self) -> None:
        _check_rating(self.baseline)
        _check_rating(self.latest)


def _check_rating(rating: int) -> None:
    if not 0 <= rating <= MAX_PAIN:
        raise ValueError(f"ratings run from 0 to {MAX_PAIN}, not {rating}")


# Sessions: flare, comfortable, acceptable, and the state of each kind.


def classify(outcome: SessionOutcome, usual_pain: int) -> str:
    _check_rating(usual_pain)
    session = outcome.session_pain
    morning = outcome.morning_pain
    if session is not None and session > FLARE_ABOVE:
        return FLARE
    if morning is not None and morning - usual_pain >= MORNING_RISE:
        return FLARE
    ceiling = max(SAFE_PAIN, usual_pain)
    if outcome.ratings and max(outcome.ratings) <= ceiling:
        return COMFORTABLE
    return ACCEPTABLE


def kind_states(outcomes: Sequence[SessionOutcome], usual_pain: int) -> dict[str, KindState]:
    states = {kind: KindState(kind, eased=False, reason="", comfortable_streak=0) for kind in KINDS}
    # sorted() is stable: sessions of one day keep the order they were logged in.
    for outcome in sorted(outcomes, key=lambda outcome: outcome.date):
        states[outcome.kind] = _after_session(states[outcome.kind], outcome, usual_pain)
    return states


def _after_session(state: KindState, outcome: SessionOutcome, usual_pain: int) -> KindState:
    verdict = classify(outcome, usual_pain)
    if verdict == FLARE:
        reason = flare_reason(outcome, usual_pain)
        return replace(state, eased=True, reason=reason, comfortable_streak=0)
    # An easing's reason stays while the easing lasts; the lift message shows only until the
    # next session of the kind.
    reason = state.reason if state.eased else ""
    if verdict == ACCEPTABLE:
        return replace(state, reason=reason, comfortable_streak=0)
    streak = state.comfortable_streak + 1
    if state.eased and streak >= COMFORTABLE_TO_LIFT:
        return replace(state, eased=False, reason=LIFTED_REASON, comfortable_streak=streak)
    return replace(state, reason=reason, comfortable_streak=streak)


def pending_flare(outcomes: Sequence[SessionOutcome], usual_pain: int) -> str:
    """Why the very next session is eased whatever its kind: the last session logged was a
    flare. "" otherwise."""
    if not outcomes:
        return ""
    last = sorted(outcomes, key=lambda outcome: outcome.date)[-1]
    if classify(last, usual_pain) != FLARE:
        return ""
    return f"{EASED} {_flare_cause(last, usual_pain)} {NEXT_SESSION_FOOTER}"


def missed_first_session(
    outcomes: Sequence[SessionOutcome], usual_pain: int, today: date, todays_note: str
) -> bool:
    """The first session after a flare was planned on an earlier day and not done: today's,
    not yet started, is the first after the flare now, yet its note shows no easing."""
    return (
        bool(pending_flare(outcomes, usual_pain))
        and all(outcome.date < today for outcome in outcomes)
        and not todays_note.startswith(EASED)
    )


def flare_reason(outcome: SessionOutcome, usual_pain: int) -> str:
    return f"{EASED} {_flare_cause(outcome, usual_pain)} {EASED_FOOTER}"


def _flare_cause(outcome: SessionOutcome, usual_pain: int) -> str:
    day = weekday_name(outcome.date)
    session = outcome.session_pain
    morning = outcome.morning_pain
    # Session pain first: it is the one the user felt during the exercise.
    if session is not None and session > FLARE_ABOVE:
        if session not in (outcome.pain_before, outcome.pain_after):
            return f"an exercise hurt at {session}/10 on {day}."
        return f"{day}'s pain was {session}/10."
    if morning is not None:
        rise = morning - usual_pain
        return f"the morning after {day}'s session your pain was {morning}/10, {rise} above usual."
    raise ValueError("this session was not a flare")


def hurt_marks(outcomes: Sequence[SessionOutcome], usual_pain: int) -> dict[int, HurtMark]:
    """Every exercise marked as pinching or hurting: its latest mark, and how many comfortable
    sessions came after it."""
    latest: dict[int, date] = {}
    for outcome in outcomes:
        for exercise_id in outcome.hurt_exercise_ids:
            latest[exercise_id] = max(outcome.date, latest.get(exercise_id, outcome.date))
    comfortable = [
        outcome.date for outcome in outcomes if classify(outcome, usual_pain) == COMFORTABLE
    ]
    marks = {
        exercise_id: HurtMark(on, sum(1 for day in comfortable if day > on))
        for exercise_id, on in latest.items()
    }
    # Back at an easier level for two more comfortable sessions, then back to the plan.
    return {
        exercise_id: mark
        for exercise_id, mark in marks.items()
        if mark.comfortable_since < 2 * COMFORTABLE_TO_LIFT
    }


def plan_adaptation(outcomes: Sequence[SessionOutcome], usual_pain: int) -> PlanAdaptation:
    """Everything the logs decide about the sessions to come, for the plan to apply."""
    ordered = sorted(outcomes, key=lambda outcome: outcome.date)
    after_flare = pending_flare(ordered, usual_pain)
    return PlanAdaptation(
        kinds=kind_states(ordered, usual_pain),
        after_flare=after_flare,
        flare_on=ordered[-1].date if after_flare else None,
        hurt=hurt_marks(ordered, usual_pain),
    )


# The assessment card.


def professional_recommendation(
    outcomes: Sequence[SessionOutcome],
    tasks: Sequence[TaskProgress],
    today: date,
    dismissed_until: date | None = None,
) -> Recommendation | None:
    if dismissed_until is not None and today < dismissed_until:
        return None
    recent = _recent_pain(outcomes, today)
    reason = (
        _persistent_pain_reason(recent)
        or _rising_pain_reason(recent)
        or _no_task_gain_reason(tasks, today)
    )
    return Recommendation(f"{reason} {ASSESSMENT_ADVICE}") if reason else None


def _recent_pain(outcomes: Sequence[SessionOutcome], today: date) -> list[tuple[int, int]]:
    """(days ago, highest rating) of each rated log of the last two weeks; later logs ignored."""
    recent: list[tuple[int, int]] = []
    for outcome in outcomes:
        days_ago = (today - outcome.date).days
        if outcome.log_pain is not None and 0 <= days_ago < WINDOW_DAYS:
            recent.append((days_ago, outcome.log_pain))
    return recent


def _persistent_pain_reason(recent: Sequence[tuple[int, int]]) -> str:
    high = sum(1 for _, pain in recent if pain >= PERSISTENT_PAIN)
    if high < PERSISTENT_LOGS:
        return ""
    return f"Your pain reached {PERSISTENT_PAIN}/10 or more on {high} logs in the last two weeks."


def _rising_pain_reason(recent: Sequence[tuple[int, int]]) -> str:
    half = WINDOW_DAYS // 2
    first_week = [pain for days_ago, pain in recent if days_ago >= half]
    last_week = [pain for days_ago, pain in recent if days_ago < half]
    if len(recent) < RISING_MIN_LOGS or not first_week or not last_week:
        return ""
    # The sign of the least-squares slope of pain over time, kept in integers.
    n = len(recent)
    days = [WINDOW_DAYS - days_ago for days_ago, _ in recent]
    pains = [pain for _, pain in recent]
    slope_sign = n * sum(d * p for d, p in zip(days, pains, strict=True)) - sum(days) * sum(pains)
    before = _median(first_week)
    now = _median(last_week)
    # The slope tells a trend from one bad day in the middle; the weekly medians ask that the
    # rise is big enough to matter, lands outside the safe zone, and is not one flare among
    # calm sessions (a flare eases the plan; pain that keeps rising is what needs a look).
    if slope_sign <= 0 or now - before < RISING_MIN_GAIN or now <= SAFE_PAIN:
        return ""
    return (
        f"Your pain has been rising over the last two weeks, from about {_about(before)}/10 "
        f"to about {_about(now)}/10."
    )


def _median(values: Sequence[int]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def _about(value: Fraction) -> int:
    # Half up, unlike round(), which would show 2.5 as 2.
    return int(value + Fraction(1, 2))


def _no_task_gain_reason(tasks: Sequence[TaskProgress], today: date) -> str:
    if not tasks:
        return ""
    days_since_first = max((today - task.baseline_date).days for task in tasks)
    if days_since_first < NO_GAIN_DAYS:
        return ""
    if any(task.latest - task.baseline >= MEANINGFUL_TASK_GAIN for task in tasks):
        return ""
    return (
        f"It has been {days_since_first // 7} weeks since you first rated your everyday tasks, "
        f"and none has improved by {MEANINGFUL_TASK_GAIN} points yet."
    )
