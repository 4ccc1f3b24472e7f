from __future__ import annotations

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        from hipflex.pagecache import watch_people
        from tracking.models import CareAdvice, Milestone, SessionLog, TaskRating

        # Exercise results change only with their session log, inside a person's own POST.
        watch_people(SessionLog, TaskRating, Milestone, CareAdvice)
