from __future__ import annotations

from datetime import date
from zoneinfo import available_timezones

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from hipflex.forms import scale_field
from routines.models import (
    Equipment,
    Experience,
    FunctionalGoal,
    FunctionalTask,
    Profile,
    SessionLength,
)
from routines.plan_engine import MAX_TRAINING_DAYS, MIN_TRAINING_DAYS
from routines.safety import RED_FLAG_KEYS, RED_FLAGS

HEALTH_CONSENT_LABEL = (
    "I agree that Hipflex stores my pain ratings and exercise logs to plan my sessions."
)


class SignupForm(AllauthSignupForm):
    health_data_consent = forms.BooleanField(
        required=True,
        label=HEALTH_CONSENT_LABEL,
        error_messages={
            "required": "Hipflex needs your consent to store pain and exercise logs. "
            "Without it we cannot plan or adapt your sessions."
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        # Consent reads best as the last thing a person confirms before signing up.
        self.fields["health_data_consent"] = self.fields.pop("health_data_consent")
        self.fields["health_data_consent"].help_text = format_html(
            'Read <a href="{}">what we store and why</a>. You can export or delete it any time.',
            reverse("privacy"),
        )

    @transaction.atomic
    def save(self, request: HttpRequest) -> AbstractBaseUser:
        user = super().save(request)
        Profile.objects.create(
            user=user,
            health_data_consent_at=timezone.now(),
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        )
        return user


WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
MAX_GOALS = 5
CUSTOM_GOAL_SLOTS = 2


class SafetyForm(forms.Form):
    """One yes/no question per red flag; every question needs an answer."""

    def __init__(self, *args: object, needs_consent: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for key, question, _ in RED_FLAGS:
            self.fields[key] = forms.TypedChoiceField(
                label=question,
                choices=[("no", "No"), ("yes", "Yes")],
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )
        if needs_consent:
            self.fields["health_data_consent"] = forms.BooleanField(
                label=HEALTH_CONSENT_LABEL,
                error_messages={"required": "Hipflex needs your consent to store pain logs."},
            )

    def red_flags(self) -> list[str]:
        return [key for key in RED_FLAG_KEYS if self.cleaned_data[key] == "yes"]


class ClearanceForm(forms.Form):
    """The assessment that lifts the pause of a red flag (routines.safety): when it was, and,
    after an emergency sign, who assessed the person in person. One tick is never enough."""

    assessed_on = forms.DateField(
        label="When were you assessed?",
        # A date input shows only an ISO date: any other format leaves it blank.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of your assessment.",
            "invalid": "Enter a date like 2026-11-24.",
        },
    )
    assessed_by = forms.CharField(
        label="Who assessed you?",
        help_text="For example: the emergency department at your local hospital, or your GP.",
        max_length=120,
        required=False,
    )
    cleared = forms.BooleanField(
        label="A clinician has checked my symptoms and cleared me to exercise.",
        error_messages={"required": "Tick this only once a clinician has cleared you."},
    )

    def __init__(
        self, *args: object, emergency: bool, reported_on: date, today: date, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reported_on, self.today = reported_on, today
        self.fields["assessed_on"].widget.attrs.update(
            {"min": reported_on.isoformat(), "max": today.isoformat()}
        )
        if emergency:
            self.fields["assessed_by"].required = True
            self.fields["assessed_by"].error_messages["required"] = (
                "Say who assessed you in person, so you can find it again."
            )
            self.fields[
                "cleared"
            ].label = "I was assessed in person, and told I can exercise again."
            self.fields["cleared"].error_messages["required"] = (
                "Tick this only once you have been assessed in person."
            )

    def clean_assessed_on(self) -> date:
        day = self.cleaned_data["assessed_on"]
        if day > self.today:
            raise forms.ValidationError("That date is in the future: come back after it.")
        if day < self.reported_on:
            told = self.reported_on
            raise forms.ValidationError(
                f"That is before you told Hipflex about these signs ({told.day} {told:%B} "
                f"{told.year}): the assessment needs to be of them."
            )
        return day

    def clean_assessed_by(self) -> str:
        return self.cleaned_data["assessed_by"].strip()


class TrainingProfileForm(forms.ModelForm):
    training_days = forms.TypedMultipleChoiceField(
        label="Which days can you train?",
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick 3 to 6 days. The others are rest days.",
        error_messages={"required": "Pick at least 3 days to train."},
    )
    session_minutes = forms.TypedChoiceField(
        label="How long can a session be?",
        choices=SessionLength.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a session length."},
    )
    equipment = forms.ModelMultipleChoiceField(
        label="What equipment do you have?",
        queryset=Equipment.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if you have none: every plan works without equipment.",
    )
    experience = forms.ChoiceField(
        label="How much do you exercise?",
        choices=Experience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the answer closest to you."},
    )
    usual_pain = scale_field(
        "On a usual day, how much does your back hurt? (0 = no pain, 10 = worst imaginable)",
        0,
        messages={
            "required": "Rate your usual pain from 0 to 10.",
            "invalid_choice": "Pain is rated from 0 to 10.",
        },
    )
    time_zone = forms.ChoiceField(
        label="Your time zone",
        help_text="Your plan's days follow this zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )

    class Meta:
        model = Profile
        fields = [
            "training_days",
            "session_minutes",
            "equipment",
            "experience",
            "usual_pain",
            "time_zone",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["time_zone"].widget.attrs.update({"data-browser-time-zone": "true"})

    @transaction.atomic
    def save(self, commit: bool = True) -> Profile:
        """The profile and its equipment, saved together or not at all."""
        return super().save(commit)

    def clean_training_days(self) -> list[int]:
        days = sorted(set(self.cleaned_data["training_days"]))
        if len(days) < MIN_TRAINING_DAYS:
            raise forms.ValidationError(
                f"Pick at least {MIN_TRAINING_DAYS} days: fewer is too little to make progress."
            )
        if len(days) > MAX_TRAINING_DAYS:
            raise forms.ValidationError(
                "Keep at least one rest day a week: pick 3 to 6 days, not all 7."
            )
        return days

    # Everything the plan engine reads (usual pain sets a gentle start).
    PLAN_FIELDS = ("training_days", "session_minutes", "equipment", "experience", "usual_pain")

    def changes_plan(self) -> bool:
        return any(name in self.changed_data for name in self.PLAN_FIELDS)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def goal_rating_field(label: str, initial: int | None) -> forms.TypedChoiceField:
    field = scale_field(
        label, 0, required=False, clearable=True, messages={"invalid_choice": "Rate from 0 to 10."}
    )
    field.initial = initial
    return field


class GoalsForm(forms.Form):
    """Pick up to five everyday tasks (from the list or your own) and rate each 0-10 now.

    A rating picks its task, ticked or not: nothing given is dropped silently."""

    def __init__(
        self,
        *args: object,
        tasks: list[FunctionalTask],
        current: list[FunctionalGoal] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        current = current or []
        chosen = {goal.task_id: goal.baseline for goal in current if goal.task_id}
        custom = [goal for goal in current if not goal.task_id]
        for task in tasks:
            self.fields[f"task_{task.pk}"] = forms.BooleanField(
                label=task.name, required=False, initial=task.pk in chosen
            )
            self.fields[f"rating_{task.pk}"] = goal_rating_field(
                f"How easy is {task.name.lower()} now?", chosen.get(task.pk)
            )
        for slot in range(1, CUSTOM_GOAL_SLOTS + 1):
            goal = custom[slot - 1] if len(custom) >= slot else None
            self.fields[f"custom_{slot}_name"] = forms.CharField(
                label="Your own task" if slot == 1 else "Another task of your own",
                max_length=100,
                required=False,
                initial=goal.custom_name if goal else "",
            )
            self.fields[f"custom_{slot}_rating"] = goal_rating_field(
                "How easy is your own task now?"
                if slot == 1
                else "How easy is your other task now?",
                goal.baseline if goal else None,
            )

    def task_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, FunctionalTask]]:
        return [(self[f"task_{t.pk}"], self[f"rating_{t.pk}"], t) for t in self.tasks]

    def custom_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"custom_{slot}_name"], self[f"custom_{slot}_rating"])
            for slot in range(1, CUSTOM_GOAL_SLOTS + 1)
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        self.ratings: list[tuple[FunctionalTask | None, str, int]] = []
        for task in self.tasks:
            if data.get(f"task_{task.pk}") or data.get(f"rating_{task.pk}") is not None:
                self._add_rating(task, "", f"rating_{task.pk}")
        for slot in range(1, CUSTOM_GOAL_SLOTS + 1):
            name = (data.get(f"custom_{slot}_name") or "").strip()
            if name:
                self._add_rating(None, name, f"custom_{slot}_rating")
            elif data.get(f"custom_{slot}_rating") is not None:
                self.add_error(f"custom_{slot}_name", "Name this task, or clear its rating.")
        if not self.ratings and not self.errors:
            raise forms.ValidationError(
                "Pick at least one task, or write your own, so you can see your progress."
            )
        if len(self.ratings) > MAX_GOALS:
            raise forms.ValidationError(
                f"Pick at most {MAX_GOALS} tasks: you have {len(self.ratings)}, and a task "
                "with a rating counts as picked. Untick the others and clear their ratings."
            )
        return data

    def _add_rating(self, task: FunctionalTask | None, name: str, field: str) -> None:
        rating = self.cleaned_data.get(field)
        if rating is None:
            if field not in self.errors:
                self.add_error(field, "Rate this task from 0 to 10.")
            return
        self.ratings.append((task, name, rating))


class ReminderForm(forms.ModelForm):
    reminders_enabled = forms.BooleanField(label="Email me on training days", required=False)
    reminder_time = forms.TimeField(
        label="At what time?",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Your local time. The calendar feed uses it too.",
        error_messages={
            "required": "Choose a time, like 07:30.",
            "invalid": "Enter a time like 07:30.",
        },
    )

    class Meta:
        model = Profile
        fields = ["reminders_enabled", "reminder_time"]


class OnboardingReminderForm(ReminderForm):
    """The reminder offer at the end of onboarding: on unless the person unticks it, at the
    profile's time unless they choose another."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"reminders_enabled": True})
        super().__init__(*args, **kwargs)
        self.fields["reminder_time"].required = False

    def clean_reminder_time(self) -> object:
        return self.cleaned_data.get("reminder_time") or self.instance.reminder_time
