"""The guided session's rules: which step comes next, what its timer counts, how hurt is met.

Pure Python over plain data, like the pain rules (tracking.adaptation), so the views stay thin
and the browser's script only counts (static/js/guided-session.js):

- One exercise per step, numbered from 1 in the session's order; the finish is its own last
  step. Answering moves to the next exercise not yet answered after this one, then to any left
  before it, then to the finish.
- A timer's phases are worked out here, words included: a hold counts each set (each side,
  with a few seconds to switch) and the rests between sets; repetitions wait for "set done",
  then count the rest; minutes count down once (each side in turn). Repetitions without a
  second set or a rest have nothing to count.
- Breathing exercises pace the breath: box breathing four counts in, hold, out and hold; the
  other breathing exercises four in and six out, as their doses say. Other exercises keep
  their own breathing cue (never hold the breath in a plank), so no pacer.
- An exercise that pinched or hurt asks how much (0-10). Up to 5, acceptable during exercise
  in the pain monitoring model: the rest of the set may go on with an easier version. Above 5,
  too much: the exercise stops for today and the session moves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

HURT_STOPS_ABOVE = 5  # tracking.adaptation.FLARE_ABOVE: more is too much during exercise
SWITCH_SECONDS = 5  # to change sides, or to get ready again when a set has no rest

BOX_BREATHING = (("Breathe in", 4), ("Hold", 4), ("Breathe out", 4), ("Hold", 4))
SLOW_BREATHING = (("Breathe in", 4), ("Breathe out", 6))
# By the library's slugs: the exercises whose whole point is the breath.
BREATH_PACING = {
    "box-breathing": BOX_BREATHING,
    "diaphragmatic-breathing": SLOW_BREATHING,
    "crocodile-breathing": SLOW_BREATHING,
    "legs-on-chair-rest": SLOW_BREATHING,
}


def next_unanswered(answered: Sequence[bool], after: int | None = None) -> int | None:
    """The index of the next exercise not answered after index `after` (from the start when
    None), else the first one left before it; None when every exercise is answered."""
    start = 0 if after is None else after + 1
    order = [*range(start, len(answered)), *range(0, min(start, len(answered)))]
    return next((index for index in order if not answered[index]), None)


def hurt_stops_exercise(pain: int) -> bool:
    return pain > HURT_STOPS_ABOVE


NAMED_UNANSWERED = 3  # the finish names this many of the exercises not answered, then counts


def unanswered_sentence(names: Sequence[str]) -> str:
    """What finishing now does with the exercises not answered ("" when there are none)."""
    if not names:
        return ""
    shown = list(names[:NAMED_UNANSWERED])
    if len(names) > len(shown):
        shown.append(f"{len(names) - len(shown)} more")
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    count = "1 exercise is" if len(names) == 1 else f"{len(names)} exercises are"
    return (
        f"{count} not answered yet: {listed}. If you finish now, your log keeps "
        f"{'it' if len(names) == 1 else 'them'} as not answered."
    )


@dataclass(frozen=True)
class TimerPhase:
    kind: str  # "hold" | "minutes" (counted), "work" (waits for "set done"), "rest" | "switch"
    seconds: int  # 0 for "work"
    title: str  # the word inside the timer, under the count: "Hold", "Rest", "reps"
    detail: str  # the line under the timer: "Set 1 of 2 · left side"
    say: str  # what the live region announces when the phase begins
    count: str = ""  # what a "work" phase shows in place of a countdown: "8"


def timer_phases(
    mode: str, sets: int, amount: int, *, per_side: bool, rest_seconds: int
) -> list[TimerPhase]:
    """The countdowns of one prescribed exercise, in order ([] when nothing needs counting)."""
    if mode == "reps":
        return _rep_phases(sets, amount, per_side=per_side, rest_seconds=rest_seconds)
    if mode == "minutes":
        sets, amount, rest_seconds = 1, amount * 60, 0
    kind, title = ("minutes", "Keep going") if mode == "minutes" else ("hold", "Hold")
    sides = ("left", "right") if per_side else ("",)
    phases: list[TimerPhase] = []
    for number in range(1, sets + 1):
        for index, side in enumerate(sides):
            if index:
                phases.append(
                    TimerPhase("switch", SWITCH_SECONDS, "Switch sides", "", "Switch sides.")
                )
            where = _where(number, sets, side)
            said = f": {_where(number, sets, side, ', ').lower()}" if where else ""
            phases.append(
                TimerPhase(kind, amount, title, where, f"{title} for {_spoken(amount)}{said}.")
            )
        if number < sets:
            phases.append(_between_sets(number + 1, sets, sides[0], rest_seconds))
    return phases


def _rep_phases(sets: int, amount: int, *, per_side: bool, rest_seconds: int) -> list[TimerPhase]:
    """Repetitions count themselves: each set waits for "set done", then its rest counts."""
    if sets < 2 or not rest_seconds:
        return []
    each = " each side" if per_side else ""
    phases: list[TimerPhase] = []
    for number in range(1, sets + 1):
        where = f"Set {number} of {sets}"
        say = f"{where}: {amount} reps{each}. Press Set done when it is done."
        phases.append(TimerPhase("work", 0, f"reps{each}", where, say, str(amount)))
        if number < sets:
            phases.append(_between_sets(number + 1, sets, "", rest_seconds))
    return phases


def _between_sets(upcoming: int, sets: int, side: str, rest_seconds: int) -> TimerPhase:
    after, said = _where(upcoming, sets, side).lower(), _where(upcoming, sets, side, ", ").lower()
    if rest_seconds:
        say = f"Rest for {_spoken(rest_seconds)}. Next: {said}."
        return TimerPhase("rest", rest_seconds, "Rest", f"Next: {after}", say)
    return TimerPhase(
        "switch", SWITCH_SECONDS, "Get ready", f"Next: {after}", f"Get ready for {said}."
    )


def timer_data(phases: Sequence[TimerPhase]) -> list[dict[str, object]]:
    """The phases as the page hands them to the script (a data attribute of JSON)."""
    return [asdict(phase) for phase in phases]


def breath_pacing(slug: str) -> list[list[object]]:
    """The breath's phases for an exercise ([] when it paces no breath): [word, seconds]."""
    return [[word, seconds] for word, seconds in BREATH_PACING.get(slug, ())]


def _where(number: int, sets: int, side: str, separator: str = " · ") -> str:
    parts = [f"Set {number} of {sets}"] if sets > 1 else []
    if side:
        parts.append(f"{side} side")
    text = separator.join(parts)
    return text[:1].upper() + text[1:]


def _spoken(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append("1 minute" if minutes == 1 else f"{minutes} minutes")
    if rest or not minutes:
        parts.append("1 second" if rest == 1 else f"{rest} seconds")
    return " ".join(parts)
