"""Browsing the published library: the filter form and the queries behind /library/."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, QuerySet

from routines.models import Equipment, Exercise, Kind, TargetArea

NO_EQUIPMENT = "none"


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


def library_exercises() -> QuerySet[Exercise]:
    return Exercise.objects.published().prefetch_related("equipment", "target_areas")


def exercise_with_links(*, published_only: bool) -> QuerySet[Exercise]:
    related = Exercise.objects.published() if published_only else Exercise.objects.all()
    return Exercise.objects.select_related("regression", "progression").prefetch_related(
        "equipment",
        "target_areas",
        Prefetch("alternatives", queryset=related.only("name", "slug", "summary", "status")),
    )
