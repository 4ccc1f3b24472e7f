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


# Each starting exercise's load type, as this migration first shipped it.
LOADS = {
    "diaphragmatic-breathing": "bodyweight",
    "crocodile-breathing": "bodyweight",
    "box-breathing": "bodyweight",
    "marching-in-place": "bodyweight",
    "ankle-circles": "bodyweight",
    "knee-circles": "bodyweight",
    "standing-hip-circles": "bodyweight",
    "leg-swings": "bodyweight",
    "supine-hip-bridge": "bodyweight",
    "lying-pelvic-tilt": "bodyweight",
    "cat-cow-pelvic-tilt": "bodyweight",
    "lying-knee-rocks": "bodyweight",
    "ninety-ninety-hip-switch": "bodyweight",
    "standing-hip-flexor-stretch": "held",
    "kneeling-hip-flexor-stretch": "held",
    "half-kneeling-hip-flexor-stretch": "held",
    "couch-stretch": "held",
    "chair-assisted-lunge": "bodyweight",
    "dynamic-lunge-with-pause": "bodyweight",
    "supine-figure-four-stretch": "held",
    "thread-the-needle": "bodyweight",
    "sphinx": "held",
    "breathing-with-co-contraction": "bodyweight",
    "heel-slides": "bodyweight",
    "dead-bug": "bodyweight",
    "bird-dog": "bodyweight",
    "plank": "held",
    "side-plank": "held",
    "side-lying-leg-lift": "bodyweight",
    "side-lying-hip-abduction": "loaded",
    "clamshell": "bodyweight",
    "clamshell-with-band": "loaded",
    "glute-bridge-march": "bodyweight",
    "bodyweight-hip-hinge": "bodyweight",
    "partial-kettlebell-swing": "ballistic",
    "kettlebell-deadlift": "loaded",
    "sit-to-stand": "bodyweight",
    "wall-sit": "held",
    "goblet-squat": "loaded",
    "single-leg-bridge": "bodyweight",
    "hip-thrust": "loaded",
    "split-squat": "bodyweight",
    "step-up": "bodyweight",
    "foam-rolling-hip-flexors-quads": "bodyweight",
    "light-walking": "bodyweight",
    "gentle-yoga": "bodyweight",
    "mobility-flow": "bodyweight",
    "knees-to-chest": "held",
    "legs-on-chair-rest": "bodyweight",
}


def load_types_and_chains(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    by_slug = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    for slug, load in LOADS.items():
        if slug in by_slug:
            Exercise.objects.filter(slug=slug).update(load=load)
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
