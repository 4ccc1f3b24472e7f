from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html

from routines.models import Profile


class SignupForm(AllauthSignupForm):
    health_data_consent = forms.BooleanField(
        required=True,
        label="I agree that Hipflex stores my pain ratings and exercise logs to plan my sessions.",
        help_text=format_html(
            'Read <a href="{}">what we store and why</a>. You can export or delete it any time.',
            reverse_lazy("privacy"),
        ),
        error_messages={
            "required": "Hipflex needs your consent to store pain and exercise logs. "
            "Without it we cannot plan or adapt your sessions."
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Consent reads best as the last thing a person confirms before signing up.
        self.fields["health_data_consent"] = self.fields.pop("health_data_consent")

    @transaction.atomic
    def save(self, request: HttpRequest) -> AbstractBaseUser:
        user = super().save(request)
        Profile.objects.create(
            user=user,
            health_data_consent_at=timezone.now(),
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        )
        return user
