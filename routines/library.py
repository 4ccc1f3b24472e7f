"""Browsing the published library: the filter form and the queries behind /library/."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django import forms
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from routines.models import Equipment, Exercise, Kind, LibraryVersion, TargetArea

NO_EQUIPMENT = "none"
LISTING_SECONDS = 24 * 60 * 60
# Filters whose values come from short, fixed lists: every valid combination may be kept.
KEPT_FILTERS = {"kind", "equipment", "target"}
# The code that draws the listing: a deploy that changes it never meets lists kept before.
TEMPLATES = Path(__file__).parent.parent / "templates/routines"
RELEASE = hashlib.sha256(
    Path(__file__).read_bytes()
    + (TEMPLATES / "library_listing.html").read_bytes()
    + (TEMPLATES / "_figure.html").read_bytes()
    + (Path(__file__).parent / "figures.py").read_bytes()
).hexdigest()[:12]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices]
    )
    equipment = forms.ChoiceField(label="Equipment", required=False)
    target = forms.ChoiceField(label="Target area", required=False)

    def __init__(
        self,
        *args: object,
        equipment: list[Equipment],
        targets: list[TargetArea],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "e.g. lunge, breathing, glutes"}
        )
        self.fields["equipment"].choices = [
            ("", "Any equipment"),
            (NO_EQUIPMENT, "No equipment"),
            *((item.slug, item.name) for item in equipment),
        ]
        self.fields["target"].choices = [
            ("", "Any area"),
            *((area.slug, area.name) for area in targets),
        ]

    def filtered(self, exercises: QuerySet[Exercise]) -> QuerySet[Exercise]:
        if not self.is_valid():
            return exercises.none()
        data = self.cleaned_data
        if data["q"]:
            exercises = exercises.search(data["q"])
        if data["kind"]:
            exercises = exercises.filter(kind=data["kind"])
        if data["equipment"] == NO_EQUIPMENT:
            exercises = exercises.needing_no_equipment()
        elif data["equipment"]:
            exercises = exercises.filter(equipment__slug=data["equipment"])
        if data["target"]:
            exercises = exercises.filter(target_areas__slug=data["target"])
        return exercises.distinct()

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def library_listing(query: QueryDict, *, fragment: bool) -> SafeString:
    """The filter form and the list it selects, or the list alone for htmx: the same for
    everyone, so kept in the cache under the library's version.

    The version is read before the library, so a list drawn while a trainer's change commits
    is kept under the version before it, which nobody asks for again: never stale. Searches,
    and filters that are not valid, are drawn every time and never kept.
    """
    part = "results" if fragment else "listing"
    kept = (
        set(query) <= KEPT_FILTERS | {"q"}
        and not query.get("q")  # the form always sends q, empty unless searching
        and all(len(query.getlist(name)) == 1 for name in query)
    )
    version = LibraryVersion.current() if kept else None
    filters = hashlib.sha256(query.urlencode().encode()).hexdigest()
    key = f"library:{RELEASE}:{version}:{part}:{filters}" if version is not None else None
    html = cache.get(key) if key else None
    if html is None:
        form = LibraryFilterForm(
            query or None,
            equipment=list(Equipment.objects.all()),
            targets=list(TargetArea.objects.all()),
        )
        exercises = form.filtered(library_exercises()) if form.is_bound else library_exercises()
        template = "routines/library_listing.html" + ("#results" if fragment else "")
        html = render_to_string(template, {"form": form, "exercises": exercises})
        if key and (not form.is_bound or form.is_valid()):
            cache.set(key, html, LISTING_SECONDS)
    return mark_safe(html)  # drawn from the library's own escaped template


def library_exercises() -> QuerySet[Exercise]:
    # The list names each figure from its key: the poses themselves stay in the database.
    return Exercise.objects.published().defer("poses").prefetch_related("equipment", "target_areas")


def exercise_with_links(*, published_only: bool) -> QuerySet[Exercise]:
    related = Exercise.objects.published() if published_only else Exercise.objects.all()
    return Exercise.objects.select_related("regression", "progression").prefetch_related(
        "equipment",
        "target_areas",
        Prefetch("alternatives", queryset=related.only("name", "slug", "summary", "status")),
    )
