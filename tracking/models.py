from __future__ import annotations

from datetime import date, datetime

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
    # Whether the professionals the person gives access to may read the note (tracking.sharing).
    note_shared = models.BooleanField(
        "Share this note with the professionals I give access to", default=False
    )
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


MAX_CARE_NOTE = 300


class CareInvitation(models.Model):
    """A person's invitation to a professional to see their progress (tracking.sharing): the
    consent they gave, word for word, and the link's one use. The link's token is kept only as
    a hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_invitations"
    )
    email = models.EmailField("their email address")
    name = models.CharField("their name", max_length=80, blank=True)
    # How the professional knows the person: their list of clients shows it.
    from_name = models.CharField("your name, as they know you", max_length=80, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    consent_wording = models.TextField()
    consented_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-consented_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.consented_at:%Y-%m-%d}"

    @property
    def shown_name(self) -> str:
        return self.name or self.email

    @property
    def person_name(self) -> str:
        return self.from_name or self.user.email

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and now < self.expires_at


class CareAccessQuerySet(models.QuerySet["CareAccess"]):
    def active(self, now: datetime) -> CareAccessQuerySet:
        """Neither revoked nor lapsed, with the professional's account still there."""
        return self.filter(ended_at__isnull=True, professional__isnull=False, expires_at__gt=now)


class AccessEnd(models.TextChoices):
    REVOKED = "revoked", "You revoked it"
    ACCOUNT_DELETED = "deleted", "Their account was deleted"


class CareAccess(models.Model):
    """A person's grant to one professional: what they consented to, until when, and the short
    note the professional leaves for them. Health data flows out only through an active one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_accesses"
    )
    # Kept when the professional deletes their account: the person still sees who looked.
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clients",
    )
    # The latest invitation it came from (a new one renews it): its consent, word for word.
    invitation = models.OneToOneField(CareInvitation, on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=8, choices=AccessEnd.choices, blank=True)
    note = models.TextField("your note for them", blank=True, max_length=MAX_CARE_NOTE)
    note_written_at = models.DateTimeField(null=True, blank=True)
    note_hidden = models.BooleanField(default=False)

    objects = CareAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "professional"],
                condition=models.Q(ended_at__isnull=True, professional__isnull=False),
                name="one_open_access_per_professional",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_CARE_NOTE),
                name="careaccess_note_length",
            ),
        ]

    def __str__(self) -> str:
        return f"Access granted {self.granted_at:%Y-%m-%d}"

    def is_active(self, now: datetime) -> bool:
        return self.ended_at is None and self.professional_id is not None and now < self.expires_at

    @property
    def person_name(self) -> str:
        """How the professional knows the person (read with `user` and `invitation`)."""
        return self.invitation.from_name or self.user.email


class AccessPage(models.TextChoices):
    REPORT = "report", "the report"
    PDF = "pdf", "the report as a PDF"
    SESSIONS = "sessions", "the session list"


class CareAccessView(models.Model):
    """One time a professional opened a page of the person's: the person sees every one."""

    access = models.ForeignKey(CareAccess, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField()
    page = models.CharField(max_length=8, choices=AccessPage.choices)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["access", "-viewed_at"], name="careaccessview_by_time")]

    def __str__(self) -> str:
        return f"Viewed {self.viewed_at:%Y-%m-%d %H:%M}"
