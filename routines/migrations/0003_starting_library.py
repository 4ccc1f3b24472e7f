"""Loads Hipflex's starting library as it first shipped (frozen in _library_0003). Rows that
already exist (by slug) are left alone, so a trainer's edits are never overwritten."""

from django.db import migrations


def load_library(apps, schema_editor):
    from routines.migrations import _library_0003 as data

    Equipment = apps.get_model("routines", "Equipment")
    TargetArea = apps.get_model("routines", "TargetArea")
    FunctionalTask = apps.get_model("routines", "FunctionalTask")
    Exercise = apps.get_model("routines", "Exercise")

    equipment = {
        slug: Equipment.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in data.EQUIPMENT
    }
    targets = {
        slug: TargetArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in data.TARGET_AREAS
    }
    for task in data.FUNCTIONAL_TASKS:
        FunctionalTask.objects.get_or_create(
            slug=task["slug"],
            defaults={"name": task["name"], "description": task["description"]},
        )

    existing = set(Exercise.objects.values_list("slug", flat=True))
    created = {}
    for entry in data.EXERCISES:
        if entry["slug"] in existing:
            continue
        exercise = Exercise.objects.create(
            slug=entry["slug"],
            name=entry["name"],
            kind=entry["kind"],
            level=entry["level"],
            summary=entry["summary"],
            instructions="\n".join(entry["instructions"]),
            cues="\n".join(entry["cues"]),
            cautions="\n".join(entry["cautions"]),
            dose_mode=entry["mode"],
            dose_sets=entry["sets"],
            dose_amount=entry["amount"],
            per_side=entry["per_side"],
            dose_note=entry["dose_note"],
            rest_seconds=entry["rest_seconds"],
            status="published",
        )
        exercise.equipment.set([equipment[slug] for slug in entry["equipment"]])
        exercise.target_areas.set([targets[slug] for slug in entry["targets"]])
        created[entry["slug"]] = (exercise, entry)

    by_slug = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    for exercise, entry in created.values():
        exercise.regression = by_slug.get(entry["regression"]) if entry["regression"] else None
        exercise.progression = by_slug.get(entry["progression"]) if entry["progression"] else None
        exercise.save(update_fields=["regression", "progression"])
        exercise.alternatives.add(*(by_slug[slug] for slug in entry["alternatives"]))


class Migration(migrations.Migration):
    dependencies = [("routines", "0002_library")]

    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
