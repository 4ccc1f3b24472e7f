"""Every exercise gets a load type, and three chains of the starting library are put in order
of difficulty and load. Links and levels a trainer has changed since are left alone."""

from django.db import migrations, models

# slug: (field, the starting library's old value, its new one)
CHAIN_FIXES = [
    # The hinge: body weight, then a kettlebell, then a swing (a deadlift's easier version
    # was the swing).
    ("kettlebell-deadlift", "level", 3, 2),
    ("partial-kettlebell-swing", "level", 2, 3),
    ("bodyweight-hip-hinge", "progression", "partial-kettlebell-swing", "kettlebell-deadlift"),
    ("kettlebell-deadlift", "regression", "partial-kettlebell-swing", "bodyweight-hip-hinge"),
    ("kettlebell-deadlift", "progression", None, "partial-kettlebell-swing"),
    ("partial-kettlebell-swing", "regression", "bodyweight-hip-hinge", "kettlebell-deadlift"),
    ("partial-kettlebell-swing", "progression", "kettlebell-deadlift", None),
    # Hip flexor stretches: standing, half-kneeling, kneeling with a strap, the couch stretch
    # (the half-kneeling one had no links, so its strap version stood in as its easier one).
    (
        "standing-hip-flexor-stretch",
        "progression",
        "kneeling-hip-flexor-stretch",
        "half-kneeling-hip-flexor-stretch",
    ),
    ("half-kneeling-hip-flexor-stretch", "regression", None, "standing-hip-flexor-stretch"),
    ("half-kneeling-hip-flexor-stretch", "progression", None, "kneeling-hip-flexor-stretch"),
    (
        "kneeling-hip-flexor-stretch",
        "regression",
        "standing-hip-flexor-stretch",
        "half-kneeling-hip-flexor-stretch",
    ),
    # Bridges: the march leads to the hip thrust; a single-leg bridge was the thrust's easier
    # version, though it asks more of the pelvis than a bridge on two feet.
    ("glute-bridge-march", "progression", "single-leg-bridge", "hip-thrust"),
    ("hip-thrust", "regression", "single-leg-bridge", "glute-bridge-march"),
    ("single-leg-bridge", "regression", "glute-bridge-march", None),
    ("single-leg-bridge", "progression", "hip-thrust", None),
]


def load_types_and_chains(apps, schema_editor):
    from routines.starting_library import EXERCISES

    Exercise = apps.get_model("routines", "Exercise")
    by_slug = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    for entry in EXERCISES:
        if entry["slug"] in by_slug:
            Exercise.objects.filter(slug=entry["slug"]).update(load=entry["load"])
    for slug, field, old, new in CHAIN_FIXES:
        exercise = by_slug.get(slug)
        if exercise is None:
            continue
        if field == "level":
            Exercise.objects.filter(pk=exercise.pk, level=old).update(level=new)
            continue
        old_id = by_slug[old].pk if old in by_slug else None
        if old is not None and old_id is None:
            continue
        new_id = by_slug[new].pk if new in by_slug else None
        if new is not None and new_id is None:
            continue
        Exercise.objects.filter(pk=exercise.pk, **{f"{field}_id": old_id}).update(
            **{f"{field}_id": new_id}
        )
    strap, half = by_slug.get("kneeling-hip-flexor-stretch"), by_slug.get(
        "half-kneeling-hip-flexor-stretch"
    )
    if strap and half:
        # Now one leads to the other: no longer alike.
        strap.alternatives.remove(half)


class Migration(migrations.Migration):
    dependencies = [("routines", "0011_library_version")]

    operations = [
        migrations.AddField(
            model_name="exercise",
            name="load",
            field=models.CharField(
                choices=[
                    ("bodyweight", "Body weight, moving"),
                    ("held", "Body weight, held still"),
                    ("loaded", "With a weight or band"),
                    ("ballistic", "Fast, swung or thrown"),
                ],
                default="bodyweight",
                help_text="An easier version never carries more load, a harder one never less.",
                max_length=10,
                verbose_name="load type",
            ),
        ),
        migrations.RunPython(load_types_and_chains, migrations.RunPython.noop),
    ]
