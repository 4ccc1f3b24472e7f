from __future__ import annotations

from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.exercise, name="exercise"),
]
