from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from routines.library import LibraryFilterForm, exercise_with_links, library_exercises
from routines.models import Equipment, TargetArea


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(
        request.GET or None,
        equipment=list(Equipment.objects.all()),
        targets=list(TargetArea.objects.all()),
    )
    exercises = form.filtered(library_exercises()) if form.is_bound else library_exercises()
    template = "routines/library.html#results" if request.htmx else "routines/library.html"
    return render(request, template, {"form": form, "exercises": exercises})


@require_GET
def exercise(request: HttpRequest, slug: str) -> HttpResponse:
    staff = request.user.is_staff
    exercise = get_object_or_404(exercise_with_links(published_only=not staff), slug=slug)
    if not exercise.is_published and not staff:
        raise Http404("No such exercise.")
    # Only what a visitor could open is linked.
    regression = exercise.regression if _visible(exercise.regression, staff) else None
    progression = exercise.progression if _visible(exercise.progression, staff) else None
    return render(
        request,
        "routines/exercise.html",
        {"exercise": exercise, "regression": regression, "progression": progression},
    )


def _visible(exercise: object, staff: bool) -> bool:
    return exercise is not None and (staff or exercise.is_published)
