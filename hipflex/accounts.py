"""Accounts (django-allauth) in Hipflex's own words.

The pages are templates/account/, templates/mfa/ and templates/usersessions/; what allauth says
from Python (its form errors, a few field labels) is reworded here. The one change of
behaviour: an email confirmation link opened again after it was used says the address is
already confirmed, not that the link is "expired or invalid".
"""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account import forms as account_forms
from allauth.account import views as account_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from routines.models import Profile

WRONG_CODE = "That code didn't work. Type the one your app shows now: it changes every 30 seconds."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "account_inactive": "This account is switched off.",
        "cannot_remove_primary_email": "You can't remove the address you log in with.",
        "duplicate_email": "That address is already on your account.",
        "email_password_mismatch": (
            "That email address and password don't match. Check both, or reset your password."
        ),
        "email_taken": "Another account already uses that address.",
        "enter_current_password": "That isn't your current password.",
        "incorrect_code": WRONG_CODE,
        "incorrect_password": "That password isn't right.",
        "invalid_password_reset": "This reset link doesn't work any more: ask for a new one.",
        "rate_limited": "That was a lot of tries in a short time. Wait a minute, then try again.",
        "same_as_current": "That is the address you have now.",
        "too_many_login_attempts": (
            "Too many tries with a wrong password. Wait a few minutes and try again, or reset "
            "your password."
        ),
        "unverified_primary_email": "Confirm that address before you log in with it.",
    }

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Someone without a plan of their own joined to see clients' progress: their clients.
        Everyone else: today."""
        if Profile.of(request.user) is None:
            return reverse("tracking:clients")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "incorrect_code": WRONG_CODE,
        "unverified_email": (
            "Confirm your email address first, then turn on two-factor authentication."
        ),
    }


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["remember"].label = "Keep me logged in on this device"


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"


def _new_password_labels(form: forms.Form) -> None:
    form.fields["password1"].label = "New password"
    form.fields["password2"].label = "New password (again)"
    for name in ("password1", "password2"):
        form.fields[name].widget.attrs["placeholder"] = form.fields[name].label


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["oldpassword"].widget.attrs["placeholder"] = "Current password"
        _new_password_labels(self)


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_labels(self)


# What a confirmation link that cannot confirm anything is, for the page to say so plainly.
ALREADY_CONFIRMED = "already_confirmed"
EXPIRED = "expired"
BROKEN = "broken"


def unusable_link(key: str) -> tuple[str, EmailAddress | None]:
    """Why a confirmation key confirms nothing, and the address it was for.

    allauth's keys (EmailConfirmationHMAC) are the address's id, signed: allauth reads one only
    while the address is unconfirmed and the key younger than its expiry. Read here without
    those conditions, a genuine key tells a used link (the address is confirmed) from an old one
    (still unconfirmed); anything else is a broken link.
    """
    try:
        pk = signing.loads(key, salt=account_settings.SALT)
    except signing.BadSignature:
        return BROKEN, None
    address = EmailAddress.objects.filter(pk=pk).first()
    if address is None:
        return BROKEN, None
    return (ALREADY_CONFIRMED if address.verified else EXPIRED), address


class ConfirmEmailView(account_views.ConfirmEmailView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except Http404:
            # Confirmed a moment ago (a second tab, a double tap): the page says so.
            return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.object:
            state, address = unusable_link(self.kwargs["key"])
            context["link_state"] = state
            if state == ALREADY_CONFIRMED:
                context["email"] = address.email
        return context


confirm_email = ConfirmEmailView.as_view()
