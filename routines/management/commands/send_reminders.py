from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from routines.reminders import reminders_schedule


class Command(BaseCommand):
    help = "Send today's due reminder emails (run every few minutes; safe to run twice at once)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_schedule()
        self.stdout.write(f"Queued {count} reminder(s).")
