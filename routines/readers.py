"""What pages read of the signed-in person, kept under their data token.

The pages drawn after a change (today, plan, progress) read each of these once between them;
the next change draws them afresh (see hipflex.pagecache.person_cached).
"""

from __future__ import annotations

from django.http import HttpRequest

from hipflex.pagecache import person_cached
from routines.models import ProgramBlock


def program_blocks(request: HttpRequest) -> list[ProgramBlock]:
    """The person's program blocks, in order."""
    user = request.user
    return person_cached(
        request, "blocks", lambda: list(ProgramBlock.objects.filter(user=user).order_by("number"))
    )
