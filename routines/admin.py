from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import CheckboxSelectMultiple
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from routines import figures
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


class PosesField(forms.JSONField):
    """The figure's poses as JSON laid out one joint to a line, and a clear word for JSON that
    does not read."""

    default_error_messages = {"invalid": "This is not valid JSON: check the commas and brackets."}

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return figures.readable_json(value or {})

    def to_python(self, value: Any) -> Any:
        # Emptied, the field holds no figure ({}), never JSON null.
        return {} if value in self.empty_values else super().to_python(value)


class FigureReviewFilter(admin.SimpleListFilter):
    title = "figure"
    parameter_name = "figure"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("unreviewed", "Not reviewed yet"), ("reviewed", "Reviewed"), ("none", "No figure")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
        if self.value() == "unreviewed":
            return queryset.exclude(poses={}).filter(figure_reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.exclude(poses={}).filter(figure_reviewed_at__isnull=False)
        if self.value() == "none":
            return queryset.filter(poses={})
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "level",
        "load",
        "equipment_needed",
        "status",
        "figure_state",
        "updated_at",
    ]
    list_filter = [
        FigureReviewFilter,
        "kind",
        "status",
        "level",
        "load",
        "equipment",
        "target_areas",
    ]
    search_fields = ["name", "summary", "instructions", "cues", "cautions"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regression", "progression", "alternatives"]
    readonly_fields = ["created_at", "updated_at", "updated_by", "figure_preview", "figure_review"]
    actions = ["publish", "unpublish", "mark_figure_reviewed"]
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
        (
            "Picture",
            {
                "fields": [
                    "figure_preview",
                    "poses",
                    "figure_text",
                    "figure_review",
                    "image",
                    "video",
                    "video_url",
                ],
                "description": "People see the clip if there is one, else the photo, else the "
                "figure drawn from the poses.",
            },
        ),
        ("History", {"fields": ["created_at", "updated_at", "updated_by"]}),
    ]

    class Media:
        js = ["js/admin-figure.js"]
        css = {"all": ["css/admin-figure.css"]}

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "figure-preview/",
            self.admin_site.admin_view(self.figure_preview_view),
            name="routines_exercise_figure_preview",
        )
        return [preview, *super().get_urls()]

    def figure_preview_view(self, request: HttpRequest) -> HttpResponse:
        """The figure drawn from poses a trainer is still editing, never saved."""
        return _figure_preview(request, self)

    @admin.display(description="Figure")
    def figure_preview(self, exercise: Exercise) -> str:
        saved = exercise.figure if exercise.pk else None
        saved_images = (
            format_html(
                '<img src="{}" width="200" height="150" alt="The saved figure, moving">'
                '<img src="{}" width="400" height="150" alt="The saved figure, still">',
                saved.moving,
                saved.stills,
            )
            if saved
            else "No figure saved yet."
        )
        return format_html(
            '<div class="figure-preview" data-preview-url="{}">'
            '<div class="figure-saved"><strong>Saved</strong> {}</div>'
            '<div class="figure-live" aria-live="polite"></div></div>',
            reverse("admin:routines_exercise_figure_preview"),
            saved_images,
        )

    @admin.display(description="Figure review")
    def figure_review(self, exercise: Exercise) -> str:
        if not exercise.poses:
            return "No figure to review."
        if exercise.figure_reviewed_at is None:
            return "Not reviewed yet: check it at phone size, then use “Mark figure reviewed”."
        who = exercise.figure_reviewed_by.get_username() if exercise.figure_reviewed_by else "?"
        when = timezone.localtime(exercise.figure_reviewed_at).strftime("%-d %B %Y, %H:%M")
        return f"Reviewed by {who} on {when}."

    @admin.display(description="Figure")
    def figure_state(self, exercise: Exercise) -> str:
        if not exercise.poses:
            return "No figure"
        if exercise.figure_reviewed_at is None:
            return "Not reviewed"
        return f"Reviewed {timezone.localtime(exercise.figure_reviewed_at):%-d %b %Y}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "poses":
            kwargs["form_class"] = PosesField
            # Compared with the saved poses, not with a hidden copy sent back by the browser.
            kwargs["show_hidden_initial"] = False
            kwargs["widget"] = forms.Textarea(attrs={"rows": 16, "cols": 60, "spellcheck": "false"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
        if change and "poses" in form.changed_data and obj.figure_reviewed_at is not None:
            # A figure that changed has to be looked at again.
            obj.figure_reviewed_by = obj.figure_reviewed_at = None
            changed = f"The figure of {obj.name} changed: it needs a review again."
            self.message_user(request, changed, messages.INFO)
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
        unreviewed = (
            Exercise.objects.published().exclude(poses={}).filter(figure_reviewed_at=None).count()
        )
        if unreviewed:
            self.message_user(
                request,
                f"{unreviewed} published figure(s) not reviewed yet: filter by “Figure”.",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.action(description="Publish selected exercises")
    def publish(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        count = queryset.update(status=Status.PUBLISHED, updated_by=request.user)
        self.message_user(request, f"Published {count} exercise(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected exercises (back to draft)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        count = queryset.update(status=Status.DRAFT, updated_by=request.user)
        self.message_user(request, f"Moved {count} exercise(s) back to draft.", messages.SUCCESS)

    @admin.action(description="Mark figure reviewed")
    def mark_figure_reviewed(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        drawn = queryset.exclude(poses={})
        count = drawn.update(figure_reviewed_by=request.user, figure_reviewed_at=timezone.now())
        self.message_user(request, f"Marked {count} figure(s) reviewed.", messages.SUCCESS)
        if count < queryset.count():
            self.message_user(
                request, "Exercises without a figure were left as they were.", messages.INFO
            )


@require_POST
def _figure_preview(request: HttpRequest, exercise_admin: ExerciseAdmin) -> HttpResponse:
    if not (
        exercise_admin.has_change_permission(request) or exercise_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    try:
        poses = json.loads(request.POST.get("poses") or "{}")
    except json.JSONDecodeError as error:
        poses, problems = None, [f"This is not valid JSON yet: {error.msg} (line {error.lineno})."]
    else:
        problems = figures.pose_problems(poses)
    if not poses and not problems:
        return HttpResponse(
            render_to_string(
                "admin/routines/figure_problems.html",
                {"problems": ["No poses yet: the page shows the words only."]},
            )
        )
    if problems:
        html = render_to_string("admin/routines/figure_problems.html", {"problems": problems})
        return HttpResponse(html, status=400)
    html = render_to_string(
        "admin/routines/figure_preview.html",
        {"moving": figures.figure_svg(poses), "stills": figures.stills_svg(poses)},
    )
    return HttpResponse(html)
