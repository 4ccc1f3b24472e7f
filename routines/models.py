from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from hipflex.addresses import address
from routines import figures, plan_engine, safety
from routines.easing import PlanAdaptation
from routines.media import VIDEO_TYPES, image_size_problem, video_problem


class Kind(models.TextChoices):
    WARMUP = "warmup", "Warm-up"
    MOBILITY = "mobility", "Mobility"
    STABILITY = "stability", "Stability"
    STRENGTH = "strength", "Strength"
    RECOVERY = "recovery", "Recovery"


class DoseMode(models.TextChoices):
    HOLD = "hold", "Hold (seconds)"
    REPS = "reps", "Repetitions"
    MINUTES = "minutes", "Minutes"


class LoadType(models.TextChoices):
    """What an exercise asks of the body beyond moving: an easier version never asks more."""

    BODYWEIGHT = "bodyweight", "Body weight, moving"
    HELD = "held", "Body weight, held still"
    LOADED = "loaded", "With a weight or band"
    BALLISTIC = "ballistic", "Fast, swung or thrown"

    @property
    def rank(self) -> int:
        return plan_engine.LOAD_RANK[self.value]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Equipment(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return self.name


class TargetArea(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FunctionalTask(models.Model):
    """An everyday task people rate 0-10 to see their progress (PSFS-style)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def published(self) -> ExerciseQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def for_equipment(self, slugs: list[str] | set[str]) -> ExerciseQuerySet:
        """Exercises that need nothing beyond the given equipment."""
        return self.exclude(equipment__in=Equipment.objects.exclude(slug__in=slugs))

    def needing_no_equipment(self) -> ExerciseQuerySet:
        return self.filter(equipment__isnull=True)

    def search(self, text: str) -> ExerciseQuerySet:
        query = models.Q()
        for word in text.split():
            query &= (
                models.Q(name__icontains=word)
                | models.Q(summary__icontains=word)
                | models.Q(instructions__icontains=word)
                | models.Q(cues__icontains=word)
            )
        return self.filter(query)


class Exercise(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    summary = models.CharField(max_length=140, help_text="One line people see in lists.")
    instructions = models.TextField(help_text="One step per line, in order.")
    cues = models.TextField(help_text="One short cue per line.")
    cautions = models.TextField(help_text="When to stop or adjust, one per line.")
    target_areas = models.ManyToManyField(TargetArea, related_name="exercises")
    equipment = models.ManyToManyField(
        Equipment,
        related_name="exercises",
        blank=True,
        help_text="Everything the exercise cannot be done without. None ticked: no equipment.",
    )
    level = models.PositiveSmallIntegerField(
        choices=[(1, "1 · gentle"), (2, "2 · moderate"), (3, "3 · challenging")], default=1
    )
    load = models.CharField(
        "load type",
        max_length=10,
        choices=LoadType.choices,
        default=LoadType.BODYWEIGHT,
        help_text="An easier version never carries more load, a harder one never less.",
    )
    dose_mode = models.CharField("dosage mode", max_length=8, choices=DoseMode.choices)
    dose_sets = models.PositiveSmallIntegerField("sets", default=2)
    dose_amount = models.PositiveSmallIntegerField(
        "amount", help_text="Seconds per hold, repetitions per set, or minutes in total."
    )
    per_side = models.BooleanField(default=False, help_text="The amount is done on each side.")
    dose_note = models.CharField(
        "tempo or breathing note", max_length=160, blank=True, help_text="e.g. 3 seconds down"
    )
    rest_seconds = models.PositiveSmallIntegerField(default=30)
    regression = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regression_of",
        help_text="An easier exercise to swap in when this one is too much.",
    )
    progression = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progression_of",
        help_text="A harder exercise to move on to.",
    )
    alternatives = models.ManyToManyField("self", blank=True, symmetrical=True)
    is_cooldown = models.BooleanField(
        "suits the cool-down",
        default=False,
        help_text="A calm breathing exercise the plan may use to close a session.",
    )
    image = models.ImageField(
        "photo",
        upload_to="exercises/",
        blank=True,
        validators=[image_size_problem],
        help_text="A photo of the move, JPEG or PNG up to 5 MB: shown in place of the figure.",
    )
    video = models.FileField(
        upload_to="exercises/",
        blank=True,
        validators=[video_problem],
        help_text="A short, silent clip of the move, MP4 or WebM up to 20 MB: shown in place "
        "of the figure and the photo.",
    )
    video_url = models.URLField("video URL", blank=True)
    poses = models.JSONField(
        "figure poses",
        default=dict,
        blank=True,
        help_text="The start and end positions the figure is drawn from (routines/figures.py "
        "explains the format). The preview above follows your changes.",
    )
    # Kept by save() from the poses: pages name the figure's address from it without reading
    # (and decoding) the poses, 0.1 ms an exercise.
    figure_key = models.CharField(max_length=16, blank=True, editable=False)
    figure_text = models.CharField(
        "what the figure shows",
        max_length=300,
        blank=True,
        help_text="Said to people who cannot see the picture, e.g. “Lying on your back, knees "
        "bent; the hips lift until shoulders, hips and knees make a line.”",
    )
    figure_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figure_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="exercise_level_1_to_3"
            ),
            models.CheckConstraint(
                condition=models.Q(dose_sets__gte=1, dose_sets__lte=6),
                name="exercise_sets_1_to_6",
            ),
            models.CheckConstraint(
                condition=models.Q(dose_amount__gte=1), name="exercise_amount_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(regression=models.F("id")), name="exercise_not_own_regression"
            ),
            models.CheckConstraint(
                condition=~models.Q(progression=models.F("id")),
                name="exercise_not_own_progression",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.figure_key = figures.poses_key(self.poses) if self.poses else ""
        self.__dict__.pop("figure", None)  # named afresh from the new key
        fields = kwargs.get("update_fields")
        if fields is not None and "poses" in fields:
            kwargs["update_fields"] = {*fields, "figure_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return address("routines:exercise", self.slug)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def instruction_steps(self) -> list[str]:
        return _lines(self.instructions)

    def cue_list(self) -> list[str]:
        return _lines(self.cues)

    def caution_list(self) -> list[str]:
        return _lines(self.cautions)

    @cached_property  # a page may show an exercise twice: a still and the figure
    def figure(self) -> ExerciseFigure | None:
        """The addresses of the figure drawn from the poses, and what it shows in words; None
        for an exercise with no poses yet."""
        if not self.figure_key:
            return None
        version = figures.figure_version(self.figure_key)

        def figure_url(variant: str) -> str:
            return address("routines:figure", self.slug, version, variant)

        return ExerciseFigure(
            moving=figure_url("moving"),
            stills=figure_url("stills"),
            still=figure_url("end"),
            alt=self.figure_alt(),
        )

    def figure_alt(self) -> str:
        """What the figure shows, for people who cannot see it: the trainer's words, else the
        first step and the step that says what moves."""
        if self.figure_text:
            return self.figure_text
        steps = self.instruction_steps()
        if not steps:
            return self.name
        moving = steps[min(2, len(steps) - 1)]
        return steps[0] if moving == steps[0] else f"Start: {steps[0]} Then: {moving}"

    @property
    def video_type(self) -> str:
        return VIDEO_TYPES.get(self.video.name.rsplit(".", 1)[-1].lower(), "") if self.video else ""

    def dosage_text(self) -> str:
        return dosage_text(
            self.dose_mode,
            self.dose_sets,
            self.dose_amount,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )

    def clean(self) -> None:
        errors: dict[str, str | ValidationError] = {}
        if self.pk and self.regression_id == self.pk:
            errors["regression"] = "An exercise cannot be its own regression."
        if self.pk and self.progression_id == self.pk:
            errors["progression"] = "An exercise cannot be its own progression."
        if (
            self.regression_id
            and self.regression_id == self.progression_id
            and "regression" not in errors
        ):
            errors["progression"] = "The easier and the harder exercise must differ."
        if self.pk and "progression" not in errors and self._chain_returns("progression"):
            errors["progression"] = (
                "This would make a loop: following the harder exercises leads back here."
            )
        if self.pk and "regression" not in errors and self._chain_returns("regression"):
            errors["regression"] = (
                "This would make a loop: following the easier exercises leads back here."
            )
        if self.dose_mode == DoseMode.MINUTES and self.dose_sets != 1:
            errors["dose_sets"] = "Exercises measured in minutes take a single set."
        for field, problem in self._chain_order_problems().items():
            errors.setdefault(field, problem)
        for field, problem in self._chain_link_problems().items():
            errors.setdefault(field, problem)
        pose_problems = figures.pose_problems(self.poses)
        if pose_problems:
            errors["poses"] = ValidationError(pose_problems)
        if errors:
            raise ValidationError(errors)

    def _chain_link_problems(self) -> dict[str, str]:
        """A chain runs both ways: the harder version's easier one is this exercise (or none
        yet: the admin links it back), and the reverse."""
        problems = {}
        for field, back, word in (
            ("progression", "regression", "easier"),
            ("regression", "progression", "harder"),
        ):
            other = getattr(self, field)
            if other is None:
                continue
            linked = getattr(other, f"{back}_id")
            if linked is not None and linked != self.pk:
                problems[field] = (
                    f"{other.name} already has {getattr(other, back).name} as its {word} "
                    f"version: a chain runs one way, so change that link on {other.name} first."
                )
        return problems

    def _chain_order_problems(self) -> dict[str, str]:
        """An easier version is no harder and carries no more load; a harder one the reverse."""
        problems = {}
        links = (("regression", "easier", 1), ("progression", "harder", -1))
        for field, word, direction in links:
            other = getattr(self, field)
            if other is None:
                continue
            if (self.level - other.level) * direction < 0:
                problems[field] = (
                    f"{other.name} cannot be the {word} version: it is level {other.level} "
                    f"and this exercise is level {self.level}."
                )
            elif (LoadType(self.load).rank - LoadType(other.load).rank) * direction < 0:
                problems[field] = (
                    f"{other.name} cannot be the {word} version: its load is "
                    f"“{other.get_load_display().lower()}” and this exercise's is "
                    f"“{self.get_load_display().lower()}”."
                )
        return problems

    def _chain_returns(self, field: str) -> bool:
        links = dict(Exercise.objects.exclude(pk=self.pk).values_list("pk", f"{field}_id"))
        current = getattr(self, f"{field}_id")
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = links.get(current)
        return False


@dataclass(frozen=True)
class ExerciseFigure:
    """Where an exercise's figure is served, in its three drawings, and its words."""

    moving: str  # start and end poses moving into each other
    stills: str  # the two poses side by side, still: for people who prefer less motion
    still: str  # the end pose alone, for lists
    alt: str


def library_problems(exercises: Iterable[Exercise]) -> list[str]:
    """What a physiotherapist would send back in the library: an exercise without cues or a
    caution, or a chain that does not link both ways. `exercises` come with their links."""
    problems = []
    for exercise in exercises:
        for field in ("summary", "instructions", "cues", "cautions"):
            if not getattr(exercise, field).strip():
                problems.append(f"{exercise.name} has no {field}.")
        harder, easier = exercise.progression, exercise.regression
        if harder is not None and harder.regression_id != exercise.pk:
            problems.append(
                f"{exercise.name} leads to {harder.name}, but {harder.name}'s easier version "
                f"is {harder.regression.name if harder.regression else 'not set'}."
            )
        if easier is not None and easier.progression_id != exercise.pk:
            problems.append(
                f"{exercise.name} comes after {easier.name}, but {easier.name}'s harder "
                f"version is {easier.progression.name if easier.progression else 'not set'}."
            )
    return problems


def dosage_text(mode: str, sets: int, amount: int, *, per_side: bool, rest_seconds: int = 0) -> str:
    """A dose as people say it: "2 × 8 each side, rest 30 s", "30 s hold", "5 min"."""
    side = " each side" if per_side else ""
    if mode == DoseMode.MINUTES:
        return f"{amount} min{side}"
    one = f"{amount} s hold" if mode == DoseMode.HOLD else f"{amount} reps"
    if sets == 1:
        return f"{one}{side}"
    each = f"{amount} s hold" if mode == DoseMode.HOLD else f"{amount}"
    rest = f", rest {rest_seconds} s" if rest_seconds else ""
    return f"{sets} × {each}{side}{rest}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LibraryVersion(models.Model):
    """One row whose random token the database itself changes with every write to the
    library's tables (routines.library_version), however the write is made: bulk updates and
    raw SQL included. What is kept of the library in the cache is kept under this token."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Library version {self.token}"

    @classmethod
    def current(cls) -> str | None:
        """The token, or None (keep nothing) if the row was lost: it is made again."""
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            cls.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
        return token


class Experience(models.TextChoices):
    NEW = "new", "New to exercise"
    SOME = "some", "Some experience"
    REGULAR = "regular", "I exercise regularly"


class SessionLength(models.IntegerChoices):
    SHORT = 15, "About 15 minutes"
    MEDIUM = 25, "About 25 minutes"
    LONG = 40, "About 40 minutes"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Profile(models.Model):
    """What a person told Hipflex about themselves: health data, never shown to staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    health_data_consent_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)
    # Safety screen: the keys of the red flags answered yes (see routines.safety).
    safety_answered_at = models.DateTimeField(null=True, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    clinician_cleared_at = models.DateTimeField(null=True, blank=True)
    # The in-person assessment the person confirmed for their red flags (routines.safety).
    assessed_on = models.DateField(null=True, blank=True)
    assessed_by = models.CharField(max_length=120, blank=True)
    # Training profile.
    training_days = models.JSONField(default=list, blank=True)  # weekdays, 0 = Monday
    session_minutes = models.PositiveSmallIntegerField(
        choices=SessionLength.choices, null=True, blank=True
    )
    equipment = models.ManyToManyField(Equipment, blank=True, related_name="+")
    experience = models.CharField(max_length=10, choices=Experience.choices, blank=True)
    usual_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    onboarded_at = models.DateTimeField(null=True, blank=True)
    # Reminders and the calendar feed.
    reminders_enabled = models.BooleanField(default=False)
    reminder_time = models.TimeField(default=time(8, 0))
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usual_pain__isnull=True) | models.Q(usual_pain__lte=10),
                name="profile_usual_pain_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile {self.pk}"

    @classmethod
    def of(cls, user: AbstractBaseUser) -> Profile | None:
        """The person's profile, or None before the safety screen. Signed-in users come
        with theirs already read (hipflex/backends.py)."""
        try:
            return user.profile
        except cls.DoesNotExist:
            return None

    @property
    def needs_gentle_start(self) -> bool:
        """Whether the plan starts gently (routines.plan_engine)."""
        return (self.usual_pain or 0) >= plan_engine.GENTLE_START_PAIN

    @property
    def needs_clearance(self) -> bool:
        return bool(self.red_flags) and self.clinician_cleared_at is None

    @property
    def red_flag_urgency(self) -> str | None:
        """How urgent the red flags answered yes are (routines.safety); None without any."""
        return safety.urgency(self.red_flags)

    @property
    def onboarding_step(self) -> str:
        """The next onboarding step to answer, or "done"."""
        if self.safety_answered_at is None:
            return "safety"
        if self.needs_clearance:
            return "clearance"
        if self.profile_completed_at is None:
            return "profile"
        if self.onboarded_at is None:
            return "goals"
        return "done"

    def local_today(self) -> date:
        return timezone.now().astimezone(ZoneInfo(self.time_zone)).date()

    def start_of(self, day: date) -> datetime:
        """Midnight of `day` where the person lives."""
        return datetime.combine(day, time(), tzinfo=ZoneInfo(self.time_zone))


class FunctionalGoal(models.Model):
    """An everyday task a person wants to get easier, with its 0-10 rating at the start."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="functional_goals"
    )
    task = models.ForeignKey(FunctionalTask, null=True, blank=True, on_delete=models.PROTECT)
    custom_name = models.CharField(max_length=100, blank=True)
    baseline = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(baseline__lte=10), name="goal_baseline_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(task__isnull=False) | ~models.Q(custom_name=""),
                name="goal_has_a_task_or_a_name",
            ),
            models.UniqueConstraint(fields=["user", "task"], name="one_goal_per_task"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.task.name if self.task_id else self.custom_name


class ReviewChoice(models.TextChoices):
    PROGRESS = "progress", "Progress: a step harder"
    REPEAT = "repeat", "Repeat: the same level again"
    EASE = "ease", "Ease: a step easier"


REVIEW_STEP_CHANGE = {ReviewChoice.PROGRESS: 1, ReviewChoice.REPEAT: 0, ReviewChoice.EASE: -1}


class ProgramBlock(models.Model):
    """Four weeks of a person's program, with the emphasis and progression step used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_blocks"
    )
    number = models.PositiveSmallIntegerField()
    emphasis = models.CharField(max_length=12, choices=Kind.choices)
    step = models.SmallIntegerField(default=0)
    # A review took a step easier into this block: its doses never grow (routines.plan_engine).
    eased = models.BooleanField(default=False)
    starts_on = models.DateField()  # always a Monday
    created_at = models.DateTimeField(auto_now_add=True)
    # The end-of-block review: what the person chose for the next block, and when.
    review_choice = models.CharField(max_length=10, choices=ReviewChoice.choices, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The rule's answer for the next block as the logs so far earn it (tracking.review): the
    # next block is planned with it until the review is answered. Blank: nothing logged yet.
    earned_choice = models.CharField(max_length=10, choices=ReviewChoice.choices, blank=True)
    # The heaviest load the block may plan (routines.plan_engine): someone new to exercise
    # earns weights, then swings, one block at a time (tracking.review.earned_load).
    max_load = models.CharField(max_length=12, choices=LoadType.choices, default=LoadType.BALLISTIC)
    earned_load = models.CharField(max_length=12, choices=LoadType.choices, blank=True)
    # Why the block after this one is planned as it is (the rule's reason, or the review's), and
    # why this block is: shown on /plan/ beside its weeks.
    earned_reason = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "number"], name="one_block_number_per_user")
        ]

    def __str__(self) -> str:
        return f"Block {self.number}"

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(weeks=4, days=-1)

    @property
    def next_load(self) -> str:
        """The heaviest load the next block may plan: what this block earned, never less."""
        return max(self.max_load, self.earned_load or self.max_load, key=plan_engine.LOAD_RANK.get)

    @property
    def next_choice(self) -> str:
        """What the next block is planned with: the review's answer, else the rule's."""
        return self.review_choice or self.earned_choice or ReviewChoice.REPEAT


class AdaptationState(models.Model):
    """What the pain rules last decided from a person's logs (routines.easing.PlanAdaptation):
    every plan build starts from it, so an easing outlives blocks and rebuilds."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adaptation_state"
    )
    decision = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Adaptation state"

    @classmethod
    def of(cls, user: AbstractBaseUser | int) -> PlanAdaptation:
        state = cls.objects.filter(user=user).first()
        return PlanAdaptation.from_json(state.decision) if state else PlanAdaptation()


class DayKind(models.TextChoices):
    MOBILITY = "mobility", "Mobility"
    STABILITY = "stability", "Stability"
    STRENGTH = "strength", "Strength"
    RECOVERY = "recovery", "Recovery"
    REST = "rest", "Rest"


MOVE_WITHIN_DAYS = 6  # "train anyway": a session this far from a rest day may take its place


class PlannedDayQuerySet(models.QuerySet["PlannedDay"]):
    def for_user(self, user: object) -> PlannedDayQuerySet:
        return self.filter(user=user)

    def between(self, first: date, last: date) -> PlannedDayQuerySet:
        return self.filter(date__range=(first, last))


class PlannedDay(models.Model):
    # Indexed by one_planned_day_per_date (user, date) below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="planned_days",
        db_index=False,
    )
    block = models.ForeignKey(ProgramBlock, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    week_number = models.PositiveSmallIntegerField()  # 1..4 within the block
    kind = models.CharField(max_length=10, choices=DayKind.choices)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Why this day differs from the plan as first built, e.g. eased after a pain flare: shown
    # in full, however many exercises it names.
    note = models.TextField(blank=True)

    objects = PlannedDayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_planned_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    @property
    def is_training(self) -> bool:
        return self.kind != DayKind.REST

    def can_move_to(self, rest_day: PlannedDay) -> bool:
        """Whether this session may trade places with `rest_day`, today's rest: one not done,
        missed or to come within a week, of the same block (whose pattern it keeps)."""
        return (
            self.is_training
            and self.completed_at is None
            and not rest_day.is_training
            and rest_day.completed_at is None
            and self.block_id == rest_day.block_id
            and 0 < abs((self.date - rest_day.date).days) <= MOVE_WITHIN_DAYS
        )

    def status(self, today: date) -> str:
        if not self.is_training:
            return "rest"
        if self.completed_at:
            return "done"
        if self.date == today:
            return "today"
        return "upcoming" if self.date > today else "missed"


class Part(models.TextChoices):
    WARMUP = "warmup", "Warm-up"
    MAIN = "main", "Main"
    COOLDOWN = "cooldown", "Cool-down"


# The fields that say what a prescribed dose is, in order.
DOSE_FIELDS = (
    "exercise_id",
    "part",
    "position",
    "mode",
    "sets",
    "amount",
    "per_side",
    "rest_seconds",
)


class PrescribedDose(models.Model):
    """An exercise at a position in a session with its dosage, frozen when it was set."""

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    part = models.CharField(max_length=10, choices=Part.choices)
    position = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=8, choices=DoseMode.choices)
    sets = models.PositiveSmallIntegerField()
    amount = models.PositiveSmallIntegerField()
    per_side = models.BooleanField(default=False)
    rest_seconds = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def dosage_text(self) -> str:
        return dosage_text(
            self.mode,
            self.sets,
            self.amount,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )

    def seconds(self) -> int:
        """About how long the exercise takes, its rests and setting up included."""
        return plan_engine.dose_seconds(
            self.mode,
            self.sets,
            self.amount,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )


def session_minutes(doses: Iterable[PrescribedDose]) -> int:
    """A session's length as people say it: to the nearest five minutes, five at least."""
    seconds = sum(dose.seconds() for dose in doses)
    return max(5, 5 * round(seconds / 300))


class PlannedExercise(PrescribedDose):
    """One exercise prescribed for a day."""

    # Indexed by one_exercise_per_position (day, position) below.
    day = models.ForeignKey(
        PlannedDay, on_delete=models.CASCADE, related_name="exercises", db_index=False
    )
    swapped = models.BooleanField(default=False)

    class Meta(PrescribedDose.Meta):
        # Two requests replanning one day at once can never leave it with every exercise twice.
        constraints = [
            models.UniqueConstraint(fields=["day", "position"], name="one_exercise_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.get_part_display()})"


class Reminder(models.Model):
    """One reminder email for one person's training day: at most one a day, by constraint."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.date}"
