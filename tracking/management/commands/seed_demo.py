"""Fill the database with onboarded demo people, their programs and months of logged sessions.

Built for volume (10,000 people with half a year each, tens of millions of rows):

- rows are plain tuples, written with COPY on PostgreSQL (multi-row INSERTs elsewhere), a
  batch of people per transaction;
- primary keys are drawn client-side (from the tables' own sequences on PostgreSQL), so
  children point at their parents without a round trip;
- each distinct training profile's blocks come from the plan engine once and are shared by
  everyone with that profile;
- on PostgreSQL two batches are written at once: checking the foreign keys of the new rows
  costs the database more than storing them, and that work spreads over two cores (a
  superuser may skip the checks with --disable-triggers, as pg_restore can).

Every person has their own random.Random seeded from (--seed, their number), so the same
seed gives the same people whatever was seeded before or alongside them. People of the seed
who exist already are kept, so a second run (or one after an interrupted run) only adds the
missing ones.
"""

from __future__ import annotations

import os
import random
import time as clock
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from routines import plan_engine
from routines.models import (
    Equipment,
    FunctionalGoal,
    FunctionalTask,
    PlannedDay,
    PlannedExercise,
    Profile,
    ProgramBlock,
)
from routines.services import library_options, monday_of
from tracking.models import ExerciseResult, Milestone, ResultStatus, SessionLog, TaskRating
from tracking.services import MILESTONE_GAIN, MILESTONE_RATING

DEFAULT_PASSWORD = "hipflex-demo-password"
USERS_PER_BATCH = 200
MAX_DAYS = 3650
PLAN_WEEKS_AHEAD = 4
REVIEWED_AFTER_DAYS = 2  # demo people answer each block's review two days after it ends
TIME_ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Australia/Sydney",
)
# A few common weekly patterns rather than every combination: each (pattern, length,
# experience, kit) is one engine profile whose blocks are computed once, so a short list keeps
# the engine's share of the run to seconds however many people are seeded.
TRAINING_WEEKS = (
    (0, 2, 4),
    (1, 3, 5),
    (0, 3, 5),
    (1, 4, 6),
    (0, 1, 3, 4),
    (0, 2, 4, 6),
    (1, 3, 5, 6),
    (0, 1, 2, 3, 4),
    (0, 1, 3, 4, 5),
    (0, 1, 2, 3, 4, 5),
)
EQUIPMENT_KITS = (
    ("mat",),
    ("mat", "strap"),
    ("mat", "band", "foam-roller"),
    ("mat", "chair", "kettlebell", "step"),
)
ATTENDANCE = (0.65, 0.85)  # share of past training days logged, drawn per person: ~75%
HURT_CHANCE = 0.02
SKIP_CHANCE = 0.08
MORNING_ANSWERED = 0.9
RATING_SKIPPED = 0.1
DONE, SKIPPED, HURT = ResultStatus.DONE.value, ResultStatus.SKIPPED.value, ResultStatus.HURT.value

Row = tuple[Any, ...]


# --- Writing rows -------------------------------------------------------------------------


@dataclass
class Table:
    """Rows for one model's table, as tuples in `columns` order (attnames, e.g. "user_id").

    Concrete fields left out of `columns` get their Django default (called per row when it is
    callable), so a field someone adds to these models later does not break the command.
    """

    model: type[models.Model]
    columns: tuple[str, ...]
    fields: list[models.Field] = field(init=False)
    extras: list[Callable[[], Any]] = field(init=False)

    def __post_init__(self) -> None:
        by_attname = {f.attname: f for f in self.model._meta.concrete_fields}
        self.fields = [by_attname[name] for name in self.columns]
        self.extras = []
        for extra in by_attname.values():
            if extra.attname not in self.columns and not extra.primary_key:
                self.fields.append(extra)
                self.extras.append(_default_for(extra))

    def sql_names(self) -> tuple[str, str]:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        return quote(self.model._meta.db_table), columns

    def complete(self, rows: Iterable[Row]) -> Iterable[Row]:
        if not self.extras:
            return rows
        extras = self.extras
        return (row + tuple(make() for make in extras) for row in rows)


def _default_for(extra: models.Field) -> Callable[[], Any]:
    if extra.has_default() and callable(extra.default):
        return extra.get_default
    if extra.has_default() or extra.null or extra.empty_strings_allowed:
        value = extra.get_default()  # the default, else None or "" as the ORM would write
        return lambda: value
    model = extra.model.__name__
    raise CommandError(f"seed_demo does not know what to put in {model}.{extra.name}.")


class CopyWriter:
    """PostgreSQL with psycopg 3: COPY streams rows at a fraction of the cost of INSERTs."""

    def __init__(self, *, disable_triggers: bool = False) -> None:
        self.disable_triggers = disable_triggers

    def begin(self) -> None:
        if self.disable_triggers:
            # Foreign-key checks are triggers and cost as much as storing the rows; every key
            # written here was drawn from its table's sequence in this same transaction. As
            # pg_restore --disable-triggers, this needs a superuser; it ends with the transaction.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")

    # Types psycopg writes as PostgreSQL reads them; others (JSON) are prepared by the field.
    PLAIN_TYPES = frozenset(
        {
            "BigIntegerField",
            "BooleanField",
            "CharField",
            "DateField",
            "DateTimeField",
            "EmailField",
            "ForeignKey",
            "IntegerField",
            "OneToOneField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "SlugField",
            "SmallIntegerField",
            "TextField",
            "TimeField",
        }
    )

    def write(self, table: Table, rows: Iterable[Row]) -> None:
        name, columns = table.sql_names()
        rows = table.complete(rows)
        prepared = [
            (index, f)
            for index, f in enumerate(table.fields)
            if f.get_internal_type() not in self.PLAIN_TYPES
        ]
        if prepared:
            rows = (_prepare(row, prepared) for row in rows)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def write_text(self, table: Table, lines: Iterable[str]) -> None:
        """Rows already in COPY's text format: ten times cheaper than write_row."""
        name, columns = table.sql_names()
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy,
        ):
            for line in lines:
                copy.write(line)


def _prepare(row: Row, prepared: list[tuple[int, models.Field]]) -> Row:
    values = list(row)
    for index, f in prepared:
        values[index] = f.get_db_prep_save(values[index], connection)
    return tuple(values)


class InsertWriter:
    """Any other database: INSERTs of 2,000 rows at a time, each value prepared by its field."""

    CHUNK = 2000

    def begin(self) -> None:
        pass

    def write(self, table: Table, rows: Iterable[Row]) -> None:
        name, columns = table.sql_names()
        marks = ", ".join(["%s"] * len(table.fields))
        sql = f"INSERT INTO {name} ({columns}) VALUES ({marks})"
        fields = table.fields
        chunk: list[Row] = []
        with connection.cursor() as cursor:
            for row in table.complete(rows):
                chunk.append(
                    tuple(
                        f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)
                    )
                )
                if len(chunk) == self.CHUNK:
                    cursor.executemany(sql, chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)


def row_writer(*, disable_triggers: bool) -> CopyWriter | InsertWriter:
    if connection.vendor == "postgresql":
        # Imported here: the module needs a PostgreSQL driver, which SQLite setups may lack.
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        if is_psycopg3:
            writer = CopyWriter(disable_triggers=disable_triggers)
            if disable_triggers and connection.in_atomic_block:
                # SET LOCAL would outlive our batches and reach the caller's own writes.
                raise CommandError("--disable-triggers cannot run inside a transaction.")
            if disable_triggers:
                try:
                    with transaction.atomic():
                        writer.begin()
                except DatabaseError:
                    raise CommandError("--disable-triggers needs a PostgreSQL superuser.") from None
            return writer
    if disable_triggers:
        raise CommandError("--disable-triggers works on PostgreSQL (with psycopg 3) only.")
    return InsertWriter()


class IdPool:
    """Primary keys handed out before the rows are written, so children can refer to them."""

    CHUNK = 5000

    def __init__(self) -> None:
        self.free: dict[type[models.Model], Iterator[int]] = {}
        self.next_key: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        try:
            return next(self.free[model])
        except (KeyError, StopIteration):
            self.free[model] = iter(self._reserve(model))
            return next(self.free[model])

    def _reserve(self, model: type[models.Model]) -> Iterable[int]:
        if connection.vendor == "postgresql":
            # From the table's own sequence: safe while other writers insert rows too. The
            # sequence is looked up once (MATERIALIZED), not once per key.
            with connection.cursor() as cursor:
                cursor.execute(
                    "WITH s AS MATERIALIZED"
                    " (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq)"
                    " SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
                    [model._meta.db_table, model._meta.pk.column, self.CHUNK],
                )
                return [pk for (pk,) in cursor.fetchall()]
        # Elsewhere batches are written one at a time: continue after the largest key.
        first = self.next_key.get(model)
        if first is None:
            first = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.next_key[model] = first + self.CHUNK
        return range(first, first + self.CHUNK)


# --- Plans shared between people ------------------------------------------------------------


@dataclass(frozen=True)
class DayTemplate:
    kind: str
    # (exercise_id, part, position, mode, sets, amount, per_side, rest_seconds) per exercise.
    doses: tuple[Row, ...]
    dose_lines: tuple[str, ...]  # the same in COPY's text format
    all_done: tuple[Row, ...]  # (status, sets_done) of each exercise when all were done


def copy_text(values: Row) -> str:
    # Integers, booleans and choice values: nothing that COPY would need escaped.
    return "\t".join("t" if v is True else "f" if v is False else str(v) for v in values)


def day_template(day_plan: plan_engine.DayPlan) -> DayTemplate:
    doses = tuple(
        (p.exercise_id, p.part, position, p.mode, p.sets, p.amount, p.per_side, p.rest_seconds)
        for position, p in enumerate(day_plan.prescriptions)
    )
    return DayTemplate(
        kind=day_plan.kind,
        doses=doses,
        dose_lines=tuple(copy_text(dose) for dose in doses),
        all_done=tuple((DONE, dose[4]) for dose in doses),
    )


@dataclass(frozen=True)
class BlockTemplate:
    emphasis: str
    days: tuple[DayTemplate, ...]  # 28 days from the Monday the block starts on


def block_template(plan: plan_engine.BlockPlan) -> BlockTemplate:
    days = tuple(day_template(day_plan) for week in plan.weeks for day_plan in week.days)
    return BlockTemplate(plan.emphasis, days)


# --- Drawing people -------------------------------------------------------------------------

TABLES = {
    "user": Table(
        User,
        ("id", "password", "last_login", "is_superuser", "username", "first_name")
        + ("last_name", "email", "is_staff", "is_active", "date_joined"),
    ),
    "email": Table(EmailAddress, ("user_id", "email", "verified", "primary")),
    "profile": Table(
        Profile,
        ("id", "user_id", "health_data_consent_at", "privacy_notice_version")
        + ("safety_answered_at", "red_flags", "clinician_cleared_at", "training_days")
        + ("session_minutes", "experience", "usual_pain", "time_zone")
        + ("profile_completed_at", "onboarded_at"),
    ),
    "profile_equipment": Table(Profile.equipment.through, ("profile_id", "equipment_id")),
    # created_at fields are auto_now_add, which only the ORM fills in: they are written here.
    "goal": Table(
        FunctionalGoal, ("id", "user_id", "task_id", "custom_name", "baseline", "created_at")
    ),
    "block": Table(
        ProgramBlock,
        ("id", "user_id", "number", "emphasis", "step", "starts_on", "created_at")
        + ("review_choice", "reviewed_at"),
    ),
    "day": Table(
        PlannedDay,
        ("id", "user_id", "block_id", "date", "week_number", "kind", "completed_at", "note"),
    ),
    "planned_exercise": Table(
        PlannedExercise,
        ("day_id", "exercise_id", "part", "position", "mode", "sets", "amount", "per_side")
        + ("rest_seconds", "swapped"),
    ),
    "log": Table(
        SessionLog,
        ("id", "user_id", "planned_day_id", "date", "kind", "pain_before", "pain_after")
        + ("effort", "note", "morning_pain", "morning_answered_at", "started_at", "finished_at"),
    ),
    "result": Table(
        ExerciseResult,
        ("log_id", "exercise_id", "part", "position", "mode", "sets", "amount", "per_side")
        + ("rest_seconds", "status", "sets_done"),
    ),
    "rating": Table(TaskRating, ("user_id", "goal_id", "rating", "rated_on", "created_at")),
    "milestone": Table(Milestone, ("user_id", "goal_id", "rating", "reached_on", "celebrated_at")),
}


@dataclass
class Batch:
    """The rows of a few hundred people, written together in one transaction."""

    ids: IdPool = field(default_factory=IdPool)
    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})
    # The two biggest tables are expanded from the shared templates only while being written.
    training_days: list[tuple[int, DayTemplate]] = field(default_factory=list)
    logged_days: list[tuple[int, DayTemplate, tuple[Row, ...]]] = field(default_factory=list)

    def planned_exercises(self) -> Iterator[Row]:
        for day_id, template in self.training_days:
            for dose in template.doses:
                yield (day_id, *dose, False)

    def planned_exercise_lines(self) -> Iterator[str]:
        for day_id, template in self.training_days:
            yield "".join(f"{day_id}\t{line}\tf\n" for line in template.dose_lines)

    def results(self) -> Iterator[Row]:
        for log_id, template, outcomes in self.logged_days:
            for dose, outcome in zip(template.doses, outcomes, strict=True):
                yield (log_id, *dose, *outcome)

    def result_lines(self) -> Iterator[str]:
        for log_id, template, outcomes in self.logged_days:
            yield "".join(
                f"{log_id}\t{line}\t{status}\t{sets_done}\n"
                for line, (status, sets_done) in zip(template.dose_lines, outcomes, strict=True)
            )

    def write(self, writer: CopyWriter | InsertWriter) -> None:
        expanded = {
            "planned_exercise": (self.planned_exercises, self.planned_exercise_lines),
            "result": (self.results, self.result_lines),
        }
        # Parents before children: foreign keys are deferred on PostgreSQL, not everywhere.
        for name, table in TABLES.items():
            if name in expanded:
                rows, lines = expanded[name]
                # Most of the rows are here: COPY takes them as text when no field was added.
                if isinstance(writer, CopyWriter) and not table.extras:
                    writer.write_text(table, lines())
                else:
                    writer.write(table, rows())
            elif self.rows[name]:
                writer.write(table, self.rows[name])


@dataclass
class Person:
    """One demo person while their rows are drawn."""

    rng: random.Random
    zone: ZoneInfo
    today: date
    start: date  # the first day of their history
    user_id: int
    onboarded_at: datetime

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(UTC)


@dataclass(frozen=True)
class Course:
    """A value moving in a straight line over the history: pain down, task ratings up."""

    first: float
    last: float
    days: int

    def at(self, day: int) -> float:
        return self.first + (self.last - self.first) * day / max(self.days, 1)


def clamp_rating(value: float) -> int:
    return min(10, max(0, round(value)))


SEEDED_MODELS: tuple[type[models.Model], ...] = (
    User,
    EmailAddress,
    Profile,
    FunctionalGoal,
    ProgramBlock,
    PlannedDay,
    PlannedExercise,
    SessionLog,
    ExerciseResult,
    TaskRating,
    Milestone,
)


def analyze_seeded_tables() -> None:
    """Fresh planner statistics after a bulk load, as after pg_restore.

    Without them PostgreSQL guesses table sizes and can choose to scan a whole table where an
    index would read a few rows (the adaptation's query of hurt results, for one).
    """
    tables = [model._meta.db_table for model in SEEDED_MODELS]
    tables.append(Profile.equipment.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def demo_username(seed: int, number: int) -> str:
    return f"demo-{seed}-{number}"


def outcome(roll: float, sets: int) -> Row:
    """(status, sets_done) of one exercise: mostly done, some skipped, rarely hurt."""
    if roll < HURT_CHANCE:
        return (HURT, sets // 2)
    if roll < HURT_CHANCE + SKIP_CHANCE:
        return (SKIPPED, 0)
    return (DONE, sets)


def outcomes_of(rng: random.Random, day: DayTemplate) -> tuple[Row, ...]:
    rolls = [rng.random() for _ in day.doses]
    if min(rolls, default=1.0) >= HURT_CHANCE + SKIP_CHANCE:
        return day.all_done  # the usual session: nothing to build
    return tuple(outcome(roll, sets) for roll, (_, sets) in zip(rolls, day.all_done, strict=True))


def milestone_reached(baseline: int, rating: int) -> bool:
    # The rule of tracking.services.task_rate.
    return rating - baseline >= MILESTONE_GAIN or (
        rating >= MILESTONE_RATING and baseline < MILESTONE_RATING
    )


class DemoPeople:
    """Draws demo people into batches; what they share is prepared once."""

    def __init__(self, *, seed: int, days: int, password: str, now: datetime) -> None:
        self.seed = seed
        self.days = days
        self.now = now
        self.password_hash = make_password(password)  # slow on purpose, so only once
        self.library = library_options()
        self.task_ids = list(FunctionalTask.objects.order_by("pk").values_list("pk", flat=True))
        self.equipment_ids = dict(Equipment.objects.values_list("slug", "pk"))
        self.kits = [kit for kit in EQUIPMENT_KITS if set(kit) <= self.equipment_ids.keys()]
        if not (self.library and self.task_ids and self.kits):
            raise CommandError(
                "The exercise library, tasks or equipment are missing: run `manage.py migrate`."
            )
        self.today = {zone: now.astimezone(ZoneInfo(zone)).date() for zone in TIME_ZONES}
        self.blocks: dict[tuple[plan_engine.Profile, int], BlockTemplate] = {}

    def block(self, profile: plan_engine.Profile, number: int) -> BlockTemplate:
        key = (profile, number)
        if key not in self.blocks:
            # Each block keeps the first one's step, as program_extend does: the demo people
            # never answer a review, and only a review earns a step up.
            plan = plan_engine.build_block(profile, self.library, number, 0)
            self.blocks[key] = block_template(plan)
        return self.blocks[key]

    def add(self, batch: Batch, number: int) -> None:
        rng = random.Random(f"hipflex-demo:{self.seed}:{number}")
        zone = rng.choice(TIME_ZONES)
        today = self.today[zone]
        person = Person(
            rng=rng,
            zone=ZoneInfo(zone),
            today=today,
            start=today - timedelta(days=self.days),
            user_id=batch.ids.take(User),
            onboarded_at=self.now,
        )
        signed_up = person.at(person.start, rng.randint(7, 20), rng.randint(0, 59))
        person.onboarded_at = min(signed_up, self.now)
        profile, usual_pain = self._profile(batch, person, zone)
        pain = Course(usual_pain + rng.uniform(-0.5, 1.0), rng.uniform(1.0, 3.0), self.days)
        last_seen = self._program(batch, person, profile, pain)
        self._goals(batch, person)
        username = demo_username(self.seed, number)
        email = f"{username}@example.com"
        batch.rows["user"].append(
            (person.user_id, self.password_hash, last_seen, False, username, "Demo", str(number))
            + (email, False, True, person.onboarded_at - timedelta(minutes=15))
        )
        batch.rows["email"].append((person.user_id, email, True, True))

    def _profile(self, batch: Batch, person: Person, zone: str) -> tuple[plan_engine.Profile, int]:
        rng = person.rng
        weekdays = rng.choice(TRAINING_WEEKS)
        minutes = rng.choice(plan_engine.SESSION_LENGTHS)
        experience = rng.choice(plan_engine.EXPERIENCES)
        kit = rng.choice(self.kits)
        usual_pain = rng.randint(4, 7)
        profile_id = batch.ids.take(Profile)
        consent_at = person.onboarded_at - timedelta(minutes=10)
        answered_at = consent_at + timedelta(minutes=2)  # all red flags no: no clearance
        completed_at = answered_at + timedelta(minutes=5)
        batch.rows["profile"].append(
            (profile_id, person.user_id, consent_at, settings.PRIVACY_NOTICE_VERSION, answered_at)
            + ([], None, list(weekdays), minutes, experience, usual_pain, zone, completed_at)
            + (person.onboarded_at,)
        )
        batch.rows["profile_equipment"].extend(
            (profile_id, self.equipment_ids[slug]) for slug in kit
        )
        # The engine seed is the demo seed, not the user id as in services.engine_profile:
        # everyone who gave the same answers shares the same blocks, computed once.
        engine_profile = plan_engine.Profile(
            weekdays=weekdays,
            session_minutes=minutes,
            experience=experience,
            equipment=frozenset(kit),
            seed=self.seed,
        )
        return engine_profile, usual_pain

    def _program(
        self, batch: Batch, person: Person, profile: plan_engine.Profile, pain: Course
    ) -> datetime:
        """Blocks from the first day to 4 weeks ahead, past days logged; the last visit."""
        rng, rows, ids = person.rng, batch.rows, batch.ids
        attendance = rng.uniform(*ATTENDANCE)
        last_seen = person.onboarded_at
        until = person.today + timedelta(weeks=PLAN_WEEKS_AHEAD)
        number, starts_on = 1, monday_of(person.start)
        while starts_on <= until:
            template = self.block(profile, number)
            block_id = ids.take(ProgramBlock)
            created_at = person.onboarded_at
            if number > 1:
                created_at = min(person.at(starts_on, 6), self.now)
            # Reviews answered "repeat" a few days after each block, but the one just ended.
            ends_on = starts_on + timedelta(weeks=plan_engine.WEEKS_PER_BLOCK, days=-1)
            reviewed_on = ends_on + timedelta(days=REVIEWED_AFTER_DAYS)
            review = (
                ("repeat", person.at(reviewed_on, 19)) if reviewed_on < person.today else ("", None)
            )
            rows["block"].append(
                (block_id, person.user_id, number, template.emphasis, 0, starts_on)
                + (created_at, *review)
            )
            for offset, day in enumerate(template.days):
                day_date = starts_on + timedelta(days=offset)
                if day_date < person.start:
                    continue  # onboarding stores the first block from that day on
                day_id = ids.take(PlannedDay)
                finished_at = None
                if day.kind != "rest":
                    batch.training_days.append((day_id, day))
                    if day_date < person.today and rng.random() < attendance:
                        level = pain.at((day_date - person.start).days)
                        finished_at = self._log(batch, person, day_id, day_date, day, level)
                        last_seen = max(last_seen, finished_at)
                rows["day"].append(
                    (day_id, person.user_id, block_id, day_date, offset // 7 + 1, day.kind)
                    + (finished_at, "")
                )
            number += 1
            starts_on += timedelta(weeks=plan_engine.WEEKS_PER_BLOCK)
        return last_seen

    def _log(
        self,
        batch: Batch,
        person: Person,
        day_id: int,
        day_date: date,
        day: DayTemplate,
        pain: float,
    ) -> datetime:
        rng = person.rng
        log_id = batch.ids.take(SessionLog)
        started_at = person.at(day_date, rng.randint(6, 20), rng.randint(0, 59))
        started_at = max(started_at, person.onboarded_at + timedelta(minutes=5))
        finished_at = started_at + timedelta(minutes=rng.randint(12, 45))
        pain_before = clamp_rating(pain + rng.gauss(0, 1))
        pain_after = clamp_rating(pain - 0.5 + rng.gauss(0, 1))
        morning_pain: int | None = clamp_rating(pain - 0.3 + rng.gauss(0, 1))
        next_day = day_date + timedelta(days=1)
        morning_at: datetime | None = person.at(next_day, rng.randint(6, 9), rng.randint(0, 59))
        if rng.random() >= MORNING_ANSWERED or morning_at > self.now:
            morning_pain = morning_at = None
        batch.rows["log"].append(
            (log_id, person.user_id, day_id, day_date, day.kind, pain_before, pain_after)
            + (rng.randint(3, 8), "", morning_pain, morning_at, started_at, finished_at)
        )
        batch.logged_days.append((log_id, day, outcomes_of(rng, day)))
        return finished_at

    def _goals(self, batch: Batch, person: Person) -> None:
        """1-3 tasks rated at onboarding, re-rated about weekly, getting easier."""
        rng, rows = person.rng, batch.rows
        for task_id in rng.sample(self.task_ids, rng.randint(1, min(3, len(self.task_ids)))):
            goal_id = batch.ids.take(FunctionalGoal)
            baseline = rng.randint(2, 6)
            rows["goal"].append(
                (goal_id, person.user_id, task_id, "", baseline, person.onboarded_at)
            )
            # Some tasks get much easier, some barely: not every goal reaches a milestone.
            ease = Course(baseline, baseline + rng.uniform(0.0, 4.0), self.days)
            milestone = False
            rated_on = person.start + timedelta(days=7)
            while rated_on < person.today:
                rating = clamp_rating(ease.at((rated_on - person.start).days) + rng.gauss(0, 0.5))
                rated_at = min(person.at(rated_on, 19, rng.randint(0, 59)), self.now)
                if rng.random() >= RATING_SKIPPED:
                    rows["rating"].append((person.user_id, goal_id, rating, rated_on, rated_at))
                    if not milestone and milestone_reached(baseline, rating):
                        rows["milestone"].append(
                            (person.user_id, goal_id, rating, rated_on, rated_at)
                        )
                        milestone = True
                rated_on += timedelta(days=rng.randint(6, 8))


def existing_demo_people(seed: int) -> set[str]:
    """Usernames (and email local parts) of this seed's demo people already stored."""
    prefix = demo_username(seed, 0).removesuffix("0")
    taken = set(User.objects.filter(username__startswith=prefix).values_list("username", flat=True))
    emails = EmailAddress.objects.filter(email__istartswith=prefix).values_list("email", flat=True)
    taken.update(email.lower().removesuffix("@example.com") for email in emails)
    return taken


def default_jobs() -> int:
    # Other threads cannot join a transaction the caller holds (as in tests): then one job.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return min(2, os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Create onboarded demo people with a program and days of logged history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, required=True, help="How many demo people.")
        parser.add_argument("--days", type=int, required=True, help="Days of history before today.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="The password of every demo person (default: %(default)s).",
        )
        parser.add_argument(
            "--disable-triggers",
            action="store_true",
            help="PostgreSQL superusers: skip trigger and foreign-key checks while loading, "
            "as pg_restore --disable-triggers does (about twice as fast).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            help="Batches written at once (default: 2 on PostgreSQL, 1 elsewhere).",
        )

    def handle(
        self,
        *args: Any,
        users: int,
        days: int,
        seed: int,
        password: str,
        jobs: int | None,
        disable_triggers: bool,
        **options: Any,
    ) -> None:
        if users < 1:
            raise CommandError(f"--users must be at least 1, not {users}.")
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 0 and {MAX_DAYS}, not {days}.")
        if not password:
            raise CommandError("--password must not be empty.")
        jobs = default_jobs() if jobs is None else jobs
        if jobs < 1 or (jobs > 1 and default_jobs() == 1):
            raise CommandError("--jobs above 1 needs PostgreSQL and no surrounding transaction.")
        writer = row_writer(disable_triggers=disable_triggers)
        started = clock.perf_counter()
        # Demo people of this seed who exist are left as they are and only the missing ones
        # are added, so running the command twice is safe (and the second run is quick).
        taken = existing_demo_people(seed)
        wanted = [n for n in range(1, users + 1) if demo_username(seed, n) not in taken]
        if len(wanted) < users:
            self.stdout.write(f"{users - len(wanted):,} demo people of seed {seed} exist: kept.")
        if not wanted:
            return
        people = DemoPeople(seed=seed, days=days, password=password, now=timezone.now())
        batches = [
            wanted[first : first + USERS_PER_BATCH]
            for first in range(0, len(wanted), USERS_PER_BATCH)
        ]
        seeded = 0
        for batch_size in self._run(people, batches, jobs, writer):
            seeded += batch_size
            elapsed = clock.perf_counter() - started
            self.stdout.write(f"  {seeded:,}/{len(wanted):,} people, {elapsed:.1f} s")
        if connection.vendor == "postgresql":
            analyze_seeded_tables()
            elapsed = clock.perf_counter() - started
            self.stdout.write(f"  table statistics refreshed, {elapsed:.1f} s")
        elapsed = clock.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(wanted):,} users with {days} days of history in {elapsed:.1f} s"
            )
        )

    def _run(
        self,
        people: DemoPeople,
        batches: list[list[int]],
        jobs: int,
        writer: CopyWriter | InsertWriter,
    ) -> Iterator[int]:
        """Write the batches; yields each batch's size once it is committed."""
        if jobs == 1:
            for numbers in batches:
                seed_batch(people, numbers, writer)
                yield len(numbers)
            return
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(seed_batch_in_thread, people, n, writer) for n in batches]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()  # after a failure: start no more batches


def seed_batch(people: DemoPeople, numbers: list[int], writer: CopyWriter | InsertWriter) -> int:
    with transaction.atomic():
        writer.begin()
        batch = Batch()
        for number in numbers:
            people.add(batch, number)
        batch.write(writer)
    return len(numbers)


def seed_batch_in_thread(
    people: DemoPeople, numbers: list[int], writer: CopyWriter | InsertWriter
) -> int:
    try:
        return seed_batch(people, numbers, writer)
    finally:
        connection.close()  # the thread's own connection; the pool may reuse the thread
