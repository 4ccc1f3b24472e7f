from __future__ import annotations

from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.exercise, name="exercise"),
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
