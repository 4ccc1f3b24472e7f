from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tracking.scenario import ScenarioError, scenario_from_json, scenario_json
from tracking.simulation import ClockUnavailable, library_slugs, simulate

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Run one imaginary person through the real services (onboarding, plans, sessions, "
        "morning checks, reviews, adaptation) day by day, roll everything back, and print "
        "what the plan did as JSON. The scenario's format is described in tracking/scenario.py "
        "and README.md. Needs the test tools (time-machine moves the clock). "
        "Bad input exits with status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenario", metavar="SCENARIO.json", help="the scenario to run")

    def handle(self, *args: object, scenario: str, **options: object) -> None:
        path = Path(scenario)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            raise CommandError(f"{path}: cannot be read: {reason}", returncode=BAD_INPUT) from None
        try:
            raw = scenario_json(text)
            today = timezone.now().astimezone(UTC).date()  # the imaginary person lives in UTC
            result = simulate(scenario_from_json(raw, library_slugs(), today))
        except ScenarioError as error:
            raise CommandError(f"{path}: {error}", returncode=BAD_INPUT) from None
        except ClockUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, indent=2))
