"""{% contact_email as contact %}: where people write for help (HIPFLEX_CONTACT_EMAIL)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def contact_email() -> str:
    return settings.HIPFLEX_CONTACT_EMAIL
