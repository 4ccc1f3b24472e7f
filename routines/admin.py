from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import CheckboxSelectMultiple
from django.http import HttpRequest

from routines.models import (
    Equipment,
    Exercise,
    FunctionalTask,
    Status,
    TargetArea,
    library_problems,
)


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetArea)
class TargetAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FunctionalTask)
class FunctionalTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "load", "equipment_needed", "status", "updated_at"]
    list_filter = ["kind", "status", "level", "load", "equipment", "target_areas"]
    search_fields = ["name", "summary", "instructions", "cues", "cautions"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regression", "progression", "alternatives"]
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "level", "load", "status", "summary"]}),
        ("How to do it", {"fields": ["instructions", "cues", "cautions"]}),
        ("Who it suits", {"fields": ["target_areas", "equipment"]}),
        (
            "Default dosage",
            {"fields": ["dose_mode", "dose_sets", "dose_amount", "per_side", "dose_note"]},
        ),
        ("Rest", {"fields": ["rest_seconds"]}),
        ("Easier, harder and alike", {"fields": ["regression", "progression", "alternatives"]}),
        ("In a plan", {"fields": ["is_cooldown"]}),
        ("Media", {"fields": ["image", "video_url"]}),
        ("History", {"fields": ["created_at", "updated_at", "updated_by"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name in {"target_areas", "equipment"}:
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Exercise]:
        return super().get_queryset(request).prefetch_related("equipment")

    @admin.display(description="Equipment")
    def equipment_needed(self, exercise: Exercise) -> str:
        return ", ".join(item.name for item in exercise.equipment.all()) or "None"

    def save_model(self, request: HttpRequest, obj: Exercise, form, change: bool) -> None:  # noqa: ANN001
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        # A chain runs both ways: link the other end back when it has no link of its own
        # (Exercise.clean refuses one that already points elsewhere).
        for field, back in (("progression", "regression"), ("regression", "progression")):
            other = getattr(obj, field)
            if other is not None and getattr(other, f"{back}_id") is None:
                Exercise.objects.filter(pk=other.pk).update(**{back: obj}, updated_by=request.user)
                word = "easier" if back == "regression" else "harder"
                told = f"{other.name} now has {obj.name} as its {word} version."
                self.message_user(request, told, messages.INFO)

    def changelist_view(self, request: HttpRequest, extra_context=None):  # noqa: ANN001, ANN201
        # The library's own check, on every visit of the list: what a physiotherapist would
        # send back.
        exercises = Exercise.objects.select_related("regression", "progression")
        for problem in library_problems(exercises):
            self.message_user(request, problem, messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.action(description="Publish selected exercises")
    def publish(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        count = queryset.update(status=Status.PUBLISHED, updated_by=request.user)
        self.message_user(request, f"Published {count} exercise(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected exercises (back to draft)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        count = queryset.update(status=Status.DRAFT, updated_by=request.user)
        self.message_user(request, f"Moved {count} exercise(s) back to draft.", messages.SUCCESS)
