from __future__ import annotations

from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Exercise library and plans"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from hipflex.pagecache import watch_accounts, watch_library, watch_people
        from routines.models import (
            Equipment,
            Exercise,
            FunctionalGoal,
            FunctionalTask,
            PlannedDay,
            Profile,
            ProgramBlock,
            Reminder,
            TargetArea,
        )

        # Cached pages are rendered afresh after any change to what they show. Planned
        # exercises change only with their day, inside a person's own POST.
        watch_accounts(get_user_model())
        watch_people(Profile, FunctionalGoal, ProgramBlock, PlannedDay, Reminder)
        watch_library(Exercise, Equipment, TargetArea, FunctionalTask)
