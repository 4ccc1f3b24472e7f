from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from hipflex.addresses import address
from routines.models import Exercise, FunctionalGoal, PlannedDay, PrescribedDose
from tracking import hip_test

MAX_NOTE = 2000


class SessionKind(models.TextChoices):
    MOBILITY = "mobility", "Mobility"
    STABILITY = "stability", "Stability"
    STRENGTH = "strength", "Strength"
    RECOVERY = "recovery", "Recovery"


def _pain_range(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__lte": 10}),
        name=f"sessionlog_{field}_0_to_10",
    )


class SessionLogQuerySet(models.QuerySet["SessionLog"]):
    def for_user(self, user: object) -> SessionLogQuerySet:
        return self.filter(user=user)

    def finished(self) -> SessionLogQuerySet:
        return self.filter(finished_at__isnull=False)


class SessionLog(models.Model):
    """One session a person did, with pain before, after and the next morning. Health data."""

    # Indexed by sessionlog_user_date below: no index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_logs",
        db_index=False,
    )
    planned_day = models.ForeignKey(
        PlannedDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs"
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=SessionKind.choices)
    pain_before = models.PositiveSmallIntegerField("pain before")
    pain_after = models.PositiveSmallIntegerField("pain after", null=True, blank=True)
    effort = models.PositiveSmallIntegerField("effort (RPE)", null=True, blank=True)
    note = models.TextField(blank=True, max_length=MAX_NOTE)
    morning_pain = models.PositiveSmallIntegerField("next-morning pain", null=True, blank=True)
    # The highest rating of an exercise that pinched or hurt during the session (kept by
    # tracking.services with the results' own ratings): a pain rating like the others.
    pain_during = models.PositiveSmallIntegerField("pain during", null=True, blank=True)
    morning_answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-started_at"]
        indexes = [models.Index(fields=["user", "-date"], name="sessionlog_user_date")]
        constraints = [
            _pain_range("pain_before"),
            _pain_range("pain_after"),
            _pain_range("morning_pain"),
            _pain_range("pain_during"),
            models.CheckConstraint(
                condition=models.Q(effort__isnull=True) | models.Q(effort__gte=1, effort__lte=10),
                name="sessionlog_effort_1_to_10",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_NOTE), name="sessionlog_note_length"
            ),
            models.UniqueConstraint(
                fields=["planned_day"],
                condition=models.Q(planned_day__isnull=False),
                name="one_log_per_planned_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} session on {self.date}"

    def get_absolute_url(self) -> str:
        return address("tracking:session", self.pk)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class ResultStatus(models.TextChoices):
    PENDING = "pending", "Not answered"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    HURT = "hurt", "Pinched or hurt"


class ExerciseResult(PrescribedDose):
    """How one exercise of a logged session went (with the dose it was done at)."""

    # Indexed by one_result_per_position (log, position) below.
    log = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    status = models.CharField(
        max_length=8, choices=ResultStatus.choices, default=ResultStatus.PENDING
    )
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)
    # When it pinched or hurt: how much (0-10), and the easier version done for the rest.
    hurt_pain = models.PositiveSmallIntegerField("how much it hurt", null=True, blank=True)
    easier = models.ForeignKey(
        Exercise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="easier version done instead",
    )

    class Meta(PrescribedDose.Meta):
        constraints = [
            models.UniqueConstraint(fields=["log", "position"], name="one_result_per_position"),
            models.CheckConstraint(
                condition=models.Q(hurt_pain__isnull=True) | models.Q(hurt_pain__lte=10),
                name="exerciseresult_hurt_pain_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.get_status_display()})"

    @property
    def is_answered(self) -> bool:
        return self.status != ResultStatus.PENDING


class TaskRating(models.Model):
    """A 0-10 rating of how easy an everyday task is, on a given day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_ratings"
    )
    goal = models.ForeignKey(FunctionalGoal, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField()
    rated_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rated_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__lte=10), name="taskrating_rating_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/10 on {self.rated_on}"


class Milestone(models.Model):
    """A task that got meaningfully easier: 2+ points over its baseline, or 8 and above."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    goal = models.OneToOneField(FunctionalGoal, on_delete=models.CASCADE, related_name="milestone")
    rating = models.PositiveSmallIntegerField()
    reached_on = models.DateField()
    celebrated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reached_on"]

    def __str__(self) -> str:
        return f"Milestone on {self.reached_on}"


class ThighPosition(models.TextChoices):
    FLAT = "flat", "It rests flat on the bed"
    ABOVE = "above", "It lifts a little above the bed"
    FAR_ABOVE = "far_above", "It lifts well above the bed"


class KneeAngle(models.TextChoices):
    BENT = "bent", "It bends to about a right angle"
    STRAIGHTER = "straighter", "It stays straighter than a right angle"


class HipExtensionTest(models.Model):
    """One hip extension self-test (tracking.hip_test): where each thigh rests, and its knee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hip_tests"
    )
    tested_on = models.DateField()
    left_thigh = models.CharField("left thigh", max_length=10, choices=ThighPosition.choices)
    left_knee = models.CharField("left knee", max_length=10, choices=KneeAngle.choices)
    right_thigh = models.CharField("right thigh", max_length=10, choices=ThighPosition.choices)
    right_knee = models.CharField("right knee", max_length=10, choices=KneeAngle.choices)
    # The first retest to gain a category on the first test: a milestone, celebrated once.
    milestone = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tested_on", "created_at"]
        indexes = [models.Index(fields=["user", "tested_on"], name="hip_test_by_user_date")]

    def __str__(self) -> str:
        return f"Hip extension self-test on {self.tested_on}"

    def result(self) -> hip_test.HipTestResult:
        return hip_test.HipTestResult(
            hip_test.SideResult(self.left_thigh, self.left_knee),
            hip_test.SideResult(self.right_thigh, self.right_knee),
        )


class CareAdvice(models.Model):
    """When a person dismissed the 'see a professional' card, so it stays away for a while."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_advice"
    )
    dismissed_until = models.DateField()

    def __str__(self) -> str:
        return f"Dismissed until {self.dismissed_until}"

    @classmethod
    def hidden_until(cls, user: AbstractBaseUser) -> date | None:
        """Until when the person hid the card, if ever. Signed-in users come with it already
        read (hipflex/backends.py)."""
        try:
            return user.care_advice.dismissed_until
        except cls.DoesNotExist:
            return None
