"""Sign-in backends that read a person's one-to-one rows with their user row, in one query.

Nearly every page needs the profile (the prompts, the onboarding check) and the pages with the
care advice need when it was hidden; the join saves a round trip each. Every signed-in request
asks it, so it is written in SQL (hipflex/rows.py): select_related took 1.2 ms of Python to
build the query and make the rows, this 0.3 ms. The backends are Django's and allauth's
otherwise.
"""

from __future__ import annotations

from functools import cache

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError

from hipflex import rows
from routines.models import Profile
from tracking.models import CareAdvice

ONE_TO_ONE = (Profile, CareAdvice)  # each with a `user` one-to-one field


class _WithProfile:
    def get_user(self, user_id: object) -> AbstractBaseUser | None:
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        found = _user_with_rows(user_id)
        return found if found is not None and self.user_can_authenticate(found) else None


class ModelBackend(_WithProfile, backends.ModelBackend):
    """Username and password: the admin's sign-in."""


class AuthenticationBackend(_WithProfile, auth_backends.AuthenticationBackend):
    """allauth's email sign-in."""


def _user_with_rows(user_id: object) -> AbstractBaseUser | None:
    matched = rows.each_row(_user_sql(), [user_id])
    if not matched:
        return None
    values = matched[0]
    user = rows.instance(get_user_model(), values)
    for model in ONE_TO_ONE:
        found = rows.instance(model, values)
        link = model._meta.get_field("user")
        # As select_related leaves it: user.profile is the row, or raises DoesNotExist.
        link.remote_field.set_cached_value(user, found)
        if found is not None:
            link.set_cached_value(found, user)
    return user


@cache
def _user_sql() -> str:
    user_table = get_user_model()._meta.db_table
    selected = [rows.columns(get_user_model(), "person")]
    joins = []
    for number, model in enumerate(ONE_TO_ONE):
        selected.append(rows.columns(model, f"one_{number}"))
        joins.append(
            f"LEFT JOIN {model._meta.db_table} AS one_{number} ON one_{number}.user_id = person.id"
        )
    return (
        f"SELECT {', '.join(selected)} FROM {user_table} AS person {' '.join(joins)} "
        "WHERE person.id = %s"
    )
