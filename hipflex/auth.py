"""Authentication backends that keep the signed-in person's user row in the cache.

Every signed-in request loads the user; these keep it in the cache under the person's data token
(see hipflex.pagecache), which any save or delete of the user deletes: a changed password,
deactivation or deletion is seen on the very next request, and Django still checks the
session's password hash against the user as loaded.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from hipflex.pagecache import cached_user


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        return cached_user(user_id, super().get_user)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> Any:
        return cached_user(user_id, super().get_user)
