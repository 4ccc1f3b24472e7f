from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse


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
    image = models.ImageField(upload_to="exercises/", blank=True)
    video_url = models.URLField("video URL", blank=True)
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

    def get_absolute_url(self) -> str:
        return reverse("routines:exercise", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def instruction_steps(self) -> list[str]:
        return _lines(self.instructions)

    def cue_list(self) -> list[str]:
        return _lines(self.cues)

    def caution_list(self) -> list[str]:
        return _lines(self.cautions)

    def dosage_text(self) -> str:
        side = " each side" if self.per_side else ""
        if self.dose_mode == DoseMode.MINUTES:
            return f"{self.dose_amount} min{side}"
        unit = "s hold" if self.dose_mode == DoseMode.HOLD else " reps"
        rounds = "round" if self.dose_mode == DoseMode.HOLD else "set"
        plural = "" if self.dose_sets == 1 else "s"
        return f"{self.dose_sets} {rounds}{plural} × {self.dose_amount}{unit}{side}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
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
        if errors:
            raise ValidationError(errors)

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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Profile(models.Model):
    """What a person told Hipflex about themselves; health data, never shown to staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    health_data_consent_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"Profile {self.pk}"
