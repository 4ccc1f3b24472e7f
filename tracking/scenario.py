"""A scenario for `manage.py simulate`: one imaginary person, read and checked as plain data.

Pure Python (no ORM): the library's slugs come in as sets, so a bad scenario is refused, with
one line saying what is wrong, before anything touches the database. The JSON it reads:

- `profile` (required): `training_days` (mon..sun, 3 to 6), `session_minutes` (15, 25, 40),
  `experience` (new, some, regular), `usual_pain` (0-10), optional `equipment` (slugs) and
  `red_flags` (the safety screen's keys answered yes).
- `start` (an ISO date, default today) and `weeks` (default 4): the run is the days
  [start, start + 7 * weeks).
- `goals`: up to five `{"task": slug, "rating": 0-10}`; at each review every task is re-rated
  as it was last rated (the scenario does not say otherwise).
- `default_session` and `sessions` (by date): what the person does on a training day, each
  date's answers laid over the default: `done`, `pain_before`, `pain_after`, `morning_pain`
  (answered the next morning; null leaves it unanswered) and, on a date only, `hurt` (slugs
  marked as pinching or hurting). Without a default, every training day is done with pain at
  the person's usual level, 2 at most: a comfortable session.
- `reviews`: by block number ("2" is the review at the end of block 2), or `default`:
  suggested (the rule's answer), progress, repeat, ease, or skip (never answered).
- `changes` (by date), made as in settings: `profile` (any of its training fields),
  `red_flags` (the whole new answer to the safety screen), `cleared: true` (a clinician
  cleared the person).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from routines.forms import MAX_GOALS
from routines.plan_engine import (
    EXPERIENCES,
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    SESSION_LENGTHS,
    WEEKS_PER_BLOCK,
)
from routines.safety import RED_FLAG_KEYS

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REVIEW_ANSWERS = ("suggested", "progress", "repeat", "ease", "skip")
DEFAULT_WEEKS = WEEKS_PER_BLOCK
MAX_WEEKS = 104
MAX_PAIN = 10
COMFORTABLE_PAIN = 2  # the top of the safe zone: the default session stays at or below it

TOP_KEYS = (
    "start",
    "weeks",
    "profile",
    "goals",
    "default_session",
    "sessions",
    "reviews",
    "changes",
)
PROFILE_KEYS = ("training_days", "session_minutes", "equipment", "experience", "usual_pain")
REQUIRED_PROFILE_KEYS = ("training_days", "session_minutes", "experience", "usual_pain")
SESSION_KEYS = ("done", "pain_before", "pain_after", "morning_pain", "hurt")
CHANGE_KEYS = ("profile", "red_flags", "cleared")


class ScenarioError(ValueError):
    """A scenario that cannot run, with one line saying why."""


@dataclass(frozen=True)
class Library:
    """The slugs a scenario may name."""

    exercises: frozenset[str]
    tasks: frozenset[str]
    equipment: frozenset[str]


@dataclass(frozen=True)
class TrainingProfile:
    """The training part of the profile, as the onboarding and settings form asks for it."""

    training_days: tuple[int, ...]  # 0 = Monday
    session_minutes: int
    equipment: tuple[str, ...]
    experience: str
    usual_pain: int


@dataclass(frozen=True)
class SessionPlan:
    """What the person does on a training day."""

    done: bool
    pain_before: int
    pain_after: int
    morning_pain: int | None
    hurt: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """What the person changes in settings on one day."""

    profile: Mapping[str, object] = field(default_factory=dict)  # TrainingProfile fields
    red_flags: tuple[str, ...] | None = None
    cleared: bool = False


@dataclass(frozen=True)
class Scenario:
    start: date
    weeks: int
    profile: TrainingProfile
    red_flags: tuple[str, ...]
    goals: tuple[tuple[str, int], ...]  # (task slug, rating)
    default_session: SessionPlan
    sessions: Mapping[date, SessionPlan]  # only the dates the scenario names, default laid under
    default_review: str
    reviews: Mapping[int, str]
    changes: Mapping[date, Change]

    @property
    def last_day(self) -> date:
        return self.start + timedelta(days=7 * self.weeks - 1)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(7 * self.weeks)]

    def session_on(self, day: date) -> SessionPlan:
        return self.sessions.get(day, self.default_session)

    def review_of(self, block_number: int) -> str:
        return self.reviews.get(block_number, self.default_review)


def scenario_json(text: str) -> dict[str, object]:
    """The JSON object in `text`, before anything in it is checked (nor the database read)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    if not isinstance(raw, dict):
        raise ScenarioError("a scenario is a JSON object, with at least a profile")
    return raw


def scenario_from_json(raw: dict[str, object], library: Library, today: date) -> Scenario:
    """The scenario `raw` (from scenario_json) describes; `today` is the start when it names
    none."""
    _known_keys(raw, TOP_KEYS, "the scenario")
    if "profile" not in raw:
        raise ScenarioError("profile is missing: a scenario needs at least the person's profile")
    start = _date(raw.get("start", today.isoformat()), "start")
    weeks = raw.get("weeks", DEFAULT_WEEKS)
    if not _is_int(weeks) or not 1 <= weeks <= MAX_WEEKS:
        raise ScenarioError(f"weeks: a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
    profile, red_flags = _profile(raw["profile"], library)
    run = _Run(start, start + timedelta(days=7 * weeks - 1))
    usual = min(profile.usual_pain, COMFORTABLE_PAIN)
    builtin = SessionPlan(done=True, pain_before=usual, pain_after=usual, morning_pain=usual)
    default_session = _session(
        raw.get("default_session", {}), builtin, library, "default_session", dated=False
    )
    sessions = {
        run.date(key, "sessions"): _session(
            value, default_session, library, f"sessions.{key}", dated=True
        )
        for key, value in _object(raw.get("sessions", {}), "sessions").items()
    }
    default_review, reviews = _reviews(raw.get("reviews", {}), run)
    return Scenario(
        start=start,
        weeks=weeks,
        profile=profile,
        red_flags=red_flags,
        goals=_goals(raw.get("goals", []), library),
        default_session=default_session,
        sessions=sessions,
        default_review=default_review,
        reviews=reviews,
        changes={
            run.date(key, "changes"): _change(value, library, f"changes.{key}")
            for key, value in _object(raw.get("changes", {}), "changes").items()
        },
    )


@dataclass(frozen=True)
class _Run:
    first: date
    last: date

    def date(self, text: object, where: str) -> date:
        day = _date(text, f"{where}.{text}")
        if not self.first <= day <= self.last:
            raise ScenarioError(
                f"{where}.{text}: {day} is outside the run ({self.first} to {self.last})"
            )
        return day

    def review_day(self, block_number: int) -> date:
        """The first day of the block after `block_number`: when its review comes up."""
        monday = self.first - timedelta(days=self.first.weekday())
        return monday + timedelta(weeks=WEEKS_PER_BLOCK * block_number)


def _profile(raw: object, library: Library) -> tuple[TrainingProfile, tuple[str, ...]]:
    raw = _object(raw, "profile")
    _known_keys(raw, (*PROFILE_KEYS, "red_flags"), "profile")
    missing = [key for key in REQUIRED_PROFILE_KEYS if key not in raw]
    if missing:
        raise ScenarioError(f"profile: {', '.join(missing)} missing")
    values = _profile_fields(raw, library, "profile")
    values.setdefault("equipment", ())
    return TrainingProfile(**values), _red_flags(raw.get("red_flags", []), "profile.red_flags")


def _profile_fields(raw: Mapping[str, object], library: Library, where: str) -> dict[str, object]:
    checks = {
        "training_days": _training_days,
        "session_minutes": _session_minutes,
        "equipment": lambda value, at: _slugs(value, library.equipment, at, "equipment"),
        "experience": _experience,
        "usual_pain": _pain,
    }
    return {key: checks[key](raw[key], f"{where}.{key}") for key in PROFILE_KEYS if key in raw}


def _training_days(value: object, where: str) -> tuple[int, ...]:
    names = _list(value, where)
    for name in names:
        if name not in WEEKDAY_KEYS:
            raise ScenarioError(f"{where}: {name!r} is not a weekday ({', '.join(WEEKDAY_KEYS)})")
    days = tuple(sorted({WEEKDAY_KEYS.index(name) for name in names}))
    if not MIN_TRAINING_DAYS <= len(days) <= MAX_TRAINING_DAYS:
        raise ScenarioError(
            f"{where}: choose {MIN_TRAINING_DAYS} to {MAX_TRAINING_DAYS} days, not {len(days)}"
        )
    return days


def _session_minutes(value: object, where: str) -> int:
    if not _is_int(value) or value not in SESSION_LENGTHS:
        lengths = ", ".join(str(minutes) for minutes in SESSION_LENGTHS)
        raise ScenarioError(f"{where}: one of {lengths} minutes, not {value!r}")
    return value


def _experience(value: object, where: str) -> str:
    if value not in EXPERIENCES:
        raise ScenarioError(f"{where}: one of {', '.join(EXPERIENCES)}, not {value!r}")
    return value


def _red_flags(value: object, where: str) -> tuple[str, ...]:
    keys = _list(value, where)
    for key in keys:
        if key not in RED_FLAG_KEYS:
            raise ScenarioError(f"{where}: {key!r} is not a red flag ({', '.join(RED_FLAG_KEYS)})")
    return tuple(key for key in RED_FLAG_KEYS if key in keys)


def _goals(value: object, library: Library) -> tuple[tuple[str, int], ...]:
    goals = []
    for number, raw in enumerate(_list(value, "goals"), start=1):
        where = f"goals[{number}]"
        raw = _object(raw, where)
        _known_keys(raw, ("task", "rating"), where)
        if "task" not in raw or "rating" not in raw:
            raise ScenarioError(f"{where}: a goal needs a task and a rating")
        (task,) = _slugs([raw["task"]], library.tasks, f"{where}.task", "task")
        goals.append((task, _pain(raw["rating"], f"{where}.rating")))
    tasks = [task for task, _ in goals]
    if len(set(tasks)) < len(tasks):
        raise ScenarioError("goals: each task can be chosen once")
    if len(goals) > MAX_GOALS:
        raise ScenarioError(f"goals: at most {MAX_GOALS}, not {len(goals)}")
    return tuple(goals)


def _session(
    raw: object, under: SessionPlan, library: Library, where: str, *, dated: bool
) -> SessionPlan:
    raw = _object(raw, where)
    _known_keys(raw, SESSION_KEYS if dated else SESSION_KEYS[:-1], where)
    values: dict[str, object] = {}
    if "done" in raw:
        if not isinstance(raw["done"], bool):
            raise ScenarioError(f"{where}.done: true or false, not {raw['done']!r}")
        values["done"] = raw["done"]
    for key in ("pain_before", "pain_after"):
        if key in raw:
            values[key] = _pain(raw[key], f"{where}.{key}")
    if "morning_pain" in raw:
        morning = raw["morning_pain"]  # null: the morning check is left unanswered
        if morning is not None:
            morning = _pain(morning, f"{where}.morning_pain")
        values["morning_pain"] = morning
    if "hurt" in raw:
        values["hurt"] = _slugs(raw["hurt"], library.exercises, f"{where}.hurt", "exercise")
    return replace(under, **values)


def _reviews(value: object, run: _Run) -> tuple[str, dict[int, str]]:
    raw = _object(value, "reviews")
    answers: dict[int, str] = {}
    for key, answer in raw.items():
        if answer not in REVIEW_ANSWERS:
            raise ScenarioError(
                f"reviews.{key}: one of {', '.join(REVIEW_ANSWERS)}, not {answer!r}"
            )
        if key == "default":
            continue
        if not key.isdigit() or int(key) < 1:
            raise ScenarioError(f"reviews.{key}: a block number (1, 2, ...) or default")
        due = run.review_day(int(key))
        if due > run.last:
            raise ScenarioError(
                f"reviews.{key}: block {key}'s review comes up on {due}, after the run's last "
                f"day ({run.last})"
            )
        answers[int(key)] = answer
    return raw.get("default", "suggested"), answers


def _change(value: object, library: Library, where: str) -> Change:
    raw = _object(value, where)
    _known_keys(raw, CHANGE_KEYS, where)
    if not raw:
        raise ScenarioError(f"{where}: empty; change the profile, red_flags or cleared")
    profile: dict[str, object] = {}
    if "profile" in raw:
        changed = _object(raw["profile"], f"{where}.profile")
        _known_keys(changed, PROFILE_KEYS, f"{where}.profile")
        profile = _profile_fields(changed, library, f"{where}.profile")
    red_flags = None
    if "red_flags" in raw:
        red_flags = _red_flags(raw["red_flags"], f"{where}.red_flags")
    if "cleared" in raw and raw["cleared"] is not True:
        raise ScenarioError(f"{where}.cleared: only true (a clinician cleared the person)")
    return Change(profile=profile, red_flags=red_flags, cleared="cleared" in raw)


def profile_changed(profile: TrainingProfile, change: Change) -> TrainingProfile:
    return replace(profile, **change.profile)


# Small readers, each naming where in the scenario the wrong value is.


def _known_keys(raw: Mapping[str, object], known: tuple[str, ...], where: str) -> None:
    unknown = [key for key in raw if key not in known]
    if unknown:
        raise ScenarioError(f"{where}: unknown key {unknown[0]!r} (it may have {', '.join(known)})")


def _object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: a JSON object, not {json.dumps(value)}")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise ScenarioError(f"{where}: a JSON list, not {json.dumps(value)}")
    return value


def _date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: not a date like 2027-01-04: {value!r}") from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pain(value: object, where: str) -> int:
    if not _is_int(value) or not 0 <= value <= MAX_PAIN:
        raise ScenarioError(f"{where}: pain is rated 0 to {MAX_PAIN}, not {value!r}")
    return value


def _slugs(value: object, known: frozenset[str], where: str, what: str) -> tuple[str, ...]:
    slugs = _list(value, where)
    for slug in slugs:
        if slug not in known:
            raise ScenarioError(f"{where}: no {what} {slug!r} in the library")
    return tuple(dict.fromkeys(slugs))
