from __future__ import annotations

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse


class Command(BaseCommand):
    help = "Make (or promote) a verified trainer account and print a link to set its password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the password link (default: %(default)s).",
        )

    def handle(self, *args: Any, email: str, site_url: str, **options: Any) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid email address.") from None
        with transaction.atomic():
            user, created = trainer_account(email)
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
        verb = "Created" if created else "Promoted"
        self.stdout.write(f"{verb} trainer {email}.")
        self.stdout.write(f"Set the password here: {site_url.rstrip('/')}{path}")


def trainer_account(email: str) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(username=_free_username(email), email=email)
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Trainers"))
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user, created


def _free_username(email: str) -> str:
    base = email.split("@")[0][:140] or "trainer"
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate
