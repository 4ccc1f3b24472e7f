"""Corrections a physiotherapist asked of the starting library (issue 15), each with its reason.

Only rows still as shipped change: a field a trainer has edited since is left alone, and named
in this migration's output so someone can look at it. The data is frozen here (never read from
routines/starting_library.py, which keeps changing); tests/routines/test_library_migrations.py
checks that a database migrated from zero holds exactly that living library.
"""

from django.db import migrations

SPHINX_CAUTIONS = (
    "Skip it if bending backwards makes your back pain worse, then or later that day.\n"
    "Lie flat again if your lower back pinches or pain spreads into your buttock or leg."
)
COUCH_STRETCH_STEPS_SHIPPED = (
    "Kneel with your back to a sofa or wall, with a cushion under your knee.\n"
    "Slide one foot up behind you so the shin rests against the sofa or wall.\n"
    "Step the other foot forward and rest your hands on the front knee or the floor.\n"
    "Tuck your pelvis, then slowly lift your chest into a strong but tolerable stretch.\n"
    "Hold and breathe, then switch sides."
)

# (slug, field, as shipped, corrected, why)
FIELD_FIXES = [
    (
        "sphinx",
        "level",
        1,
        2,
        "A prone extension of the lower back, for backs that tolerate it: not a beginner's "
        "first-block stretch, and not an iliopsoas stretch.",
    ),
    (
        "sphinx",
        "summary",
        "Rest face down on your forearms for a gentle stretch at the front of the hips.",
        "A gentle backward bend on your forearms, for backs that ease when they arch.",
        "It bends the lower back backwards; it hardly stretches the front of the hips.",
    ),
    (
        "sphinx",
        "cautions",
        "Lie flat again if your lower back pinches or pain spreads into your leg.",
        SPHINX_CAUTIONS,
        "Some backs hurt more when they arch: they should skip it.",
    ),
    (
        "couch-stretch",
        "summary",
        "A deeper stretch for the front of thigh and hip, back foot up a sofa or wall.",
        "A deeper, still gentle stretch for the front of thigh and hip, foot up a sofa.",
        "The program asks for gentle, tolerable holds, never strong stretches.",
    ),
    (
        "couch-stretch",
        "instructions",
        COUCH_STRETCH_STEPS_SHIPPED,
        COUCH_STRETCH_STEPS_SHIPPED.replace(
            "slowly lift your chest into a strong but tolerable stretch.",
            "lift your chest only until the stretch is gentle (3 in 10).",
        ),
        "The program asks for gentle, tolerable holds, never strong stretches.",
    ),
    (
        "wall-sit",
        "summary",
        "Hold a half-sitting position against a wall to build strength in your legs.",
        "Hold a half-sit against a wall to strengthen the front of your thighs.",
        "A wall sit works the quadriceps; it is not posterior-chain work.",
    ),
]
# (slug, relation, other slug, as shipped: linked?, corrected: linked?, why)
LINK_FIXES = [
    ("sphinx", "targets", "iliopsoas", True, False, "An extension, not an iliopsoas stretch."),
    (
        "sphinx",
        "alternatives",
        "supine-figure-four-stretch",
        True,
        False,
        "A hip rotator stretch is not like a back extension.",
    ),
    ("wall-sit", "targets", "glutes", True, False, "A wall sit works the front of the thighs."),
    (
        "wall-sit",
        "alternatives",
        "bodyweight-hip-hinge",
        True,
        False,
        "A hinge works the back of the hips, a wall sit the front of the thighs.",
    ),
    (
        "half-kneeling-hip-flexor-stretch",
        "alternatives",
        "kneeling-hip-flexor-stretch",
        True,
        False,
        "One leads to the other since 0012, which unlinked them one way only.",
    ),
    ("dead-bug", "alternatives", "mcgill-curl-up", False, True, "Both keep the spine still."),
    (
        "bird-dog",
        "alternatives",
        "mcgill-curl-up-elbows-lifted",
        False,
        True,
        "Both keep the spine still.",
    ),
]
CURL_UP_STEPS = (
    "Tighten your stomach gently, as if bracing for a light poke.\n"
    "Lift your head and shoulders just off the floor as one piece, chin slightly tucked.\n"
    "Hold, lower slowly, and swap the bent leg halfway through your sets."
)
# The McGill curl-up trains the trunk to stay still with the lower back in its natural curve,
# which the library lacked (issue 15).
NEW_EXERCISES = [
    {
        "slug": "mcgill-curl-up",
        "name": "McGill curl-up",
        "kind": "stability",
        "level": 1,
        "load": "held",
        "summary": "On your back, lift head and shoulders a little; your lower back stays still.",
        "instructions": (
            "Lie on your back with one knee bent and the other leg straight.\n"
            "Slide your hands, palms down, under the small of your back to keep its natural "
            "curve.\n" + CURL_UP_STEPS
        ),
        "cues": (
            "Lift from your chest, not your chin.\n"
            "Your lower back rests on your hands: no flattening, no arching.\n"
            "Keep breathing through the hold."
        ),
        "cautions": (
            "Lift less, or only brace without lifting, if your neck strains.\n"
            "Stop if you feel sharp back pain."
        ),
        "rest_seconds": 20,
    },
    {
        "slug": "mcgill-curl-up-elbows-lifted",
        "name": "McGill curl-up, elbows lifted",
        "kind": "stability",
        "level": 2,
        "load": "held",
        "summary": "The curl-up with elbows off the floor: your trunk works harder to stay still.",
        "instructions": (
            "Lie on your back with one knee bent, hands under the small of your back.\n"
            + CURL_UP_STEPS.replace(
                "light poke.\n", "light poke.\nLift your elbows a little off the floor.\n"
            )
        ),
        "cues": (
            "Elbows up first, then the lift.\n"
            "Your lower back stays as it was: no flattening, no arching.\n"
            "Keep breathing through the hold."
        ),
        "cautions": (
            "Rest your elbows down again if your neck or shoulders strain.\n"
            "Stop if you feel sharp back pain."
        ),
        "rest_seconds": 30,
    },
]
CURL_UP_DOSE = {
    "dose_mode": "hold",
    "dose_sets": 2,
    "dose_amount": 20,
    "per_side": False,
    "dose_note": "Short, quiet breaths; rest your head if the hold gets shaky",
}


def correct_library(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    TargetArea = apps.get_model("routines", "TargetArea")
    by_slug = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    kept = []
    for slug, field, shipped, corrected, _why in FIELD_FIXES:
        exercise = by_slug.get(slug)
        if exercise is None:
            continue
        if getattr(exercise, field) == shipped:
            setattr(exercise, field, corrected)
            exercise.save(update_fields=[field])
        elif getattr(exercise, field) != corrected:
            kept.append(f"{slug}.{field}")

    targets = {target.slug: target for target in TargetArea.objects.all()}
    for entry in NEW_EXERCISES:
        if entry["slug"] in by_slug:
            kept.append(f"{entry['slug']} (already there)")
            continue
        exercise = Exercise.objects.create(**entry, **CURL_UP_DOSE, status="published")
        exercise.target_areas.set([targets["deep-core"], targets["obliques"]])
        by_slug[exercise.slug] = exercise
    curl_up, lifted = by_slug["mcgill-curl-up"], by_slug["mcgill-curl-up-elbows-lifted"]
    if curl_up.progression_id is None and lifted.regression_id is None:
        Exercise.objects.filter(pk=curl_up.pk).update(progression=lifted)
        Exercise.objects.filter(pk=lifted.pk).update(regression=curl_up)

    for slug, relation, other, shipped, corrected, _why in LINK_FIXES:
        exercise = by_slug.get(slug)
        linked = (targets if relation == "targets" else by_slug).get(other)
        if exercise is None or linked is None:
            continue
        # Alternatives are alike both ways; a historical model's many-to-many is one way, so
        # each direction is its own row here.
        pairs = [(exercise.target_areas, linked)]
        if relation == "alternatives":
            pairs = [(exercise.alternatives, linked), (linked.alternatives, exercise)]
        for manager, target in pairs:
            now = manager.filter(pk=target.pk).exists()
            if now == corrected:
                continue
            if now != shipped:
                kept.append(f"{slug}.{relation} {other}")
                continue
            (manager.add if corrected else manager.remove)(target)

    for name in kept:
        print(f"\n  Left as a trainer edited it (see 0019_library_corrections): {name}")


class Migration(migrations.Migration):
    dependencies = [("routines", "0018_assessment")]

    operations = [migrations.RunPython(correct_library, migrations.RunPython.noop)]
