from __future__ import annotations

from django.conf import settings
from django.urls import path, register_converter

from routines import views


class FigureVersion:
    regex = "[0-9a-f]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FigureVariant(FigureVersion):
    regex = "moving|stills|end"


register_converter(FigureVersion, "figure_version")
register_converter(FigureVariant, "figure_variant")

app_name = "routines"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.exercise, name="exercise"),
    path(
        "library/<slug:slug>/figure-<figure_version:version>-<figure_variant:variant>.svg",
        views.figure,
        name="figure",
    ),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/safety/", views.onboarding_safety, name="onboarding_safety"),
    path("onboarding/clearance/", views.onboarding_clearance, name="onboarding_clearance"),
    path("onboarding/profile/", views.onboarding_profile, name="onboarding_profile"),
    path("onboarding/goals/", views.onboarding_goals, name="onboarding_goals"),
    path("plan/", views.plan, name="plan"),
    path("today/swap/<int:pk>/", views.swap, name="swap"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/rebuild/", views.rebuild, name="rebuild"),
    path("settings/reminders/", views.reminder_settings, name="reminder_settings"),
    path("settings/calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

# Photos and clips of exercises, where the storage keeps them on this server's disk.
if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/exercises/<path:name>",
            views.exercise_media,
            name="exercise_media",
        )
    )
