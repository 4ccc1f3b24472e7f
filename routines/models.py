from __future__ import annotations

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a person told Hipflex about themselves; health data, never shown to staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    health_data_consent_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"Profile {self.pk}"
