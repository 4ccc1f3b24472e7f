from __future__ import annotations

from datetime import date, timedelta

from allauth.account import forms as account_forms
from django import forms

from hipflex.forms import scale_field
from routines.models import FunctionalGoal, ReviewChoice
from tracking import report_choices as report
from tracking import sharing
from tracking.models import (
    MAX_CARE_NOTE,
    MAX_NOTE,
    CareInvitation,
    HipExtensionTest,
    ResultStatus,
    SessionKind,
    SessionLog,
)

BACKDATE_DAYS = 14


def pain_field(label: str, *, required: bool = True) -> forms.TypedChoiceField:
    return scale_field(
        label,
        0,
        required=required,
        messages={
            "required": "Rate your pain from 0 (none) to 10 (worst imaginable).",
            "invalid_choice": "Pain is rated from 0 to 10.",
        },
    )


def effort_field() -> forms.TypedChoiceField:
    return scale_field(
        "How hard did it feel? (1 = very easy, 10 = as hard as possible)",
        1,
        messages={
            "required": "Rate the effort from 1 to 10.",
            "invalid_choice": "Effort is rated from 1 to 10.",
        },
    )


def note_field() -> forms.CharField:
    return forms.CharField(
        label="Anything to remember? (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Keep the note under {MAX_NOTE:,} characters (it has %(show_value)d).",
        },
    )


class StartForm(forms.Form):
    pain_before = pain_field("How is your back right now? (0 = no pain, 10 = worst imaginable)")


class MorningForm(forms.Form):
    morning_pain = pain_field("How is your back this morning?")


EASIER = "easier"  # an answer: the easier version was done for the rest of the set
ANSWER_CHOICES = [
    (ResultStatus.DONE, "Done"),
    (ResultStatus.SKIPPED, "Skip it"),
    (ResultStatus.HURT, "It pinched or hurt"),
]


class AnswerForm(forms.Form):
    """How one exercise of the guided session went: one tap on a button."""

    status = forms.ChoiceField(
        choices=[*ANSWER_CHOICES, (EASIER, "Done with the easier version")],
        error_messages={
            "required": "Choose done, skip it, or it pinched or hurt.",
            "invalid_choice": "Choose done, skipped, or pinched or hurt.",
        },
    )


class HurtForm(forms.Form):
    hurt_pain = scale_field(
        "How much did it hurt? (0 = no pain, 10 = worst imaginable)",
        0,
        messages={
            "required": "Tap how much it hurt, from 0 (no pain) to 10 (worst imaginable).",
            "invalid_choice": "How much it hurt is rated from 0 to 10.",
        },
    )


class FinishForm(forms.Form):
    """The session's closing ratings (each exercise's answer is saved on its own step)."""

    pain_after = pain_field("How is your back now, after the session?")
    effort = effort_field()
    note = note_field()


class ManualLogForm(forms.Form):
    date = forms.DateField(
        label="When was it?",
        # A date input shows only an ISO date: any other format leaves it blank.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date.", "invalid": "Enter a date like 2026-11-24."},
    )
    kind = forms.ChoiceField(label="What kind of session?", choices=SessionKind.choices)
    pain_before = pain_field("Pain before (0-10)")
    pain_after = pain_field("Pain after (0-10)")
    effort = effort_field()
    note = note_field()

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs.update(
            {"max": today.isoformat(), "min": (today - timedelta(days=BACKDATE_DAYS)).isoformat()}
        )

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError("That date is in the future: log a session once done.")
        if day < self.today - timedelta(days=BACKDATE_DAYS):
            raise forms.ValidationError(
                f"Sessions can be logged up to {BACKDATE_DAYS} days back, "
                "so your pain trend stays accurate."
            )
        return day


class LogEditForm(forms.ModelForm):
    pain_before = pain_field("Pain before (0-10)")
    pain_after = pain_field("Pain after (0-10)", required=False)
    morning_pain = pain_field("Next-morning pain (0-10)", required=False)
    effort = effort_field()
    note = note_field()

    class Meta:
        model = SessionLog
        fields = ["pain_before", "pain_after", "morning_pain", "effort", "note", "note_shared"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effort"].required = False


class RatingForm(forms.Form):
    rating = scale_field(
        "How easy is it today? (0 = can't do it, 10 = no trouble)",
        0,
        messages={"required": "Rate it from 0 to 10.", "invalid_choice": "Rate it from 0 to 10."},
    )


class DeleteAccountForm(forms.Form):
    """The password was asked for just before (allauth's reauthentication)."""

    confirm = forms.BooleanField(
        label="I understand this deletes my account and all my health data for good.",
        error_messages={"required": "Tick this to confirm."},
    )


class BlockReviewForm(forms.Form):
    choice = forms.ChoiceField(
        label="How should the next block go?",
        choices=ReviewChoice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the next block should go.",
            "invalid_choice": "The next block can take the suggested step or a smaller one, "
            "not a bigger one.",
        },
    )

    def __init__(
        self,
        *args: object,
        goals: list[FunctionalGoal],
        choices: tuple[str, ...],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            (value, label) for value, label in ReviewChoice.choices if value in choices
        ]
        self.goals = goals
        for goal in goals:
            self.fields[f"goal-{goal.pk}"] = scale_field(
                f"{goal.name}: how easy is it now? (0 = can't, 10 = no trouble)",
                0,
                messages={
                    "required": "Rate this task from 0 to 10.",
                    "invalid_choice": "Rate it from 0 to 10.",
                },
            )

    def ratings(self) -> list[tuple[FunctionalGoal, int]]:
        return [(goal, self.cleaned_data[f"goal-{goal.pk}"]) for goal in self.goals]


HIP_TEST_FIELDS = ("left_thigh", "left_knee", "right_thigh", "right_knee")


class HipTestForm(forms.ModelForm):
    """The hip extension self-test's four answers. `required=False` makes the whole test
    optional (at a review): all four or none."""

    class Meta:
        model = HipExtensionTest
        fields = HIP_TEST_FIELDS
        labels = {
            "left_thigh": "Left leg hanging: where does the thigh rest?",
            "left_knee": "Left leg hanging: what does the knee do?",
            "right_thigh": "Right leg hanging: where does the thigh rest?",
            "right_knee": "Right leg hanging: what does the knee do?",
        }
        widgets = dict.fromkeys(HIP_TEST_FIELDS, forms.RadioSelect)

    def __init__(self, *args: object, required: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = required
            field.choices = [choice for choice in field.choices if choice[0]]
            field.error_messages["required"] = (
                "Choose what you saw."
                if required
                else "Answer all four, or leave the whole self-test for another day."
            )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        given = [name for name in HIP_TEST_FIELDS if cleaned.get(name)]
        if given and len(given) < len(HIP_TEST_FIELDS):
            for name in HIP_TEST_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, "Answer all four, or leave the whole self-test for another day."
                    )
        return cleaned

    def answers(self) -> dict[str, str] | None:
        """The four answers, or None when the optional test was left out."""
        if not all(self.cleaned_data.get(name) for name in HIP_TEST_FIELDS):
            return None
        return {name: self.cleaned_data[name] for name in HIP_TEST_FIELDS}


PERIOD_CHOICES = [
    *((str(weeks), f"The last {weeks} weeks") for weeks in report.PERIOD_WEEKS),
    (report.SINCE_START, "Since the start"),
]


class NoteChoiceField(forms.Field):
    """The ids of the notes to include: whole numbers, each once."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Choose notes from the list."}

    def to_python(self, value: object) -> frozenset[int]:
        if not value:
            return frozenset()
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return frozenset(int(item) for item in values)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReportForm(forms.Form):
    """What goes on the report: the period, the safety answers, the notes. Sent by GET, so
    the page's address (and the PDF's) says what is on it; a wrong value falls back to the
    default with a message by its field."""

    weeks = forms.ChoiceField(
        label="Period",
        choices=PERIOD_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose one of the periods listed. Showing 12 weeks."},
    )
    safety = forms.BooleanField(
        label="Include my answers to the safety questions, and when they were cleared",
        required=False,
    )
    note = NoteChoiceField(label="Notes to include", required=False)

    def clean_note(self) -> frozenset[int]:
        chosen = self.cleaned_data["note"]
        if len(chosen) > report.MAX_NOTES:
            raise forms.ValidationError(
                f"Choose up to {report.MAX_NOTES} notes: one page holds no more. None is included."
            )
        return chosen

    def choice(self) -> tuple[int | None, bool, frozenset[int]]:
        """The period's weeks (None: since the start), whether to include the safety
        answers, the notes chosen; a field with an error gives its default."""
        self.is_valid()
        data = self.cleaned_data
        weeks_value = data.get("weeks") or str(report.DEFAULT_WEEKS)
        weeks = None if weeks_value == report.SINCE_START else int(weeks_value)
        return weeks, bool(data.get("safety")), data.get("note", frozenset())


class InvitationForm(forms.Form):
    """A person invites a professional: whom, and their explicit consent. The address must not
    be the person's own, nor one already waiting for an answer, and at most
    sharing.MAX_OPEN_INVITATIONS wait at a time."""

    email = forms.EmailField(
        label="Their email address",
        error_messages={
            "required": "Enter the email address of the professional you want to invite.",
            "invalid": "Enter an email address like sam@clinic.example.",
        },
    )
    name = forms.CharField(
        label="Their name (optional)",
        required=False,
        max_length=80,
        error_messages={"max_length": "Keep their name under 80 characters."},
    )
    from_name = forms.CharField(
        label="Your name, as they know you (optional)",
        required=False,
        max_length=80,
        help_text="Their list of clients shows it; without it, they see your email address.",
        error_messages={"max_length": "Keep your name under 80 characters."},
    )
    consent = forms.BooleanField(
        # The words stored with the invitation, the professional's name in place of these.
        label=sharing.consent_wording("the professional named above"),
        error_messages={
            "required": "Tick this box to confirm that you choose to share. "
            "Without it, nothing is sent."
        },
    )

    def __init__(
        self,
        *args: object,
        own_addresses: set[str],
        waiting: list[CareInvitation],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_addresses = own_addresses
        self.waiting = waiting

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() in self.own_addresses:
            raise forms.ValidationError(
                "That is your own address. Enter the address of the professional you want "
                "to invite."
            )
        earlier = next((item for item in self.waiting if item.email.lower() == email.lower()), None)
        if earlier is not None:
            raise forms.ValidationError(
                "You already invited this address, and that invitation is still waiting. "
                "Withdraw it below to send a new one."
            )
        return email

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if len(self.waiting) >= sharing.MAX_OPEN_INVITATIONS:
            raise forms.ValidationError(
                f"You have {len(self.waiting)} invitations waiting for an answer, the most "
                "Hipflex keeps at a time. Withdraw one below, then send this one."
            )
        return data


class CareNoteForm(forms.Form):
    note = forms.CharField(
        label="A short note for them (optional)",
        required=False,
        max_length=MAX_CARE_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "They see it on their Today page, with your name, until they hide it. "
            "Leave it empty to remove it."
        ),
        error_messages={
            "max_length": f"Keep the note under {MAX_CARE_NOTE} characters "
            "(it has %(show_value)d).",
        },
    )


class InvitationSignupForm(account_forms.SignupForm):
    """An account for the invited address alone. It needs no health-data consent: a
    professional's own health is not what Hipflex stores for them."""

    def __init__(self, *args: object, invited: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.invited = invited
        self.fields["email"].label = "Email address"
        self.fields["email"].initial = invited
        self.fields["email"].widget.attrs["readonly"] = True

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "")
        if email.lower() != self.invited.lower():
            raise forms.ValidationError(
                f"This invitation is for {self.invited}: sign up with that address."
            )
        return super().clean_email()
