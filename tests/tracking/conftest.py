from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from routines.models import PlannedDay
from tracking.models import SessionLog
from tracking.services import session_start


def todays_day(user: User) -> PlannedDay:
    return PlannedDay.objects.get(user=user, date=user.profile.local_today())


@pytest.fixture
def started_log(onboarded_user: User) -> SessionLog:
    return session_start(user=onboarded_user, planned_day=todays_day(onboarded_user), pain_before=2)
