"""A block that a review eased: its doses never grow (routines.plan_engine). Blocks that
follow an "ease" review already made are marked as such."""

from django.db import migrations, models


def mark_eased(apps, schema_editor):
    ProgramBlock = apps.get_model("routines", "ProgramBlock")
    for user_id, number in ProgramBlock.objects.filter(review_choice="ease").values_list(
        "user_id", "number"
    ):
        ProgramBlock.objects.filter(user_id=user_id, number=number + 1).update(eased=True)


class Migration(migrations.Migration):
    dependencies = [("routines", "0012_exercise_load")]

    operations = [
        migrations.AddField(
            model_name="programblock",
            name="eased",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_eased, migrations.RunPython.noop),
    ]
