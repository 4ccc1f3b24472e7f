"""Marks the starting library's calm breathing exercises as suited to the cool-down."""

from django.db import migrations


def mark_cooldowns(apps, schema_editor):
    from routines.migrations._library_0003 import COOLDOWN_SLUGS

    Exercise = apps.get_model("routines", "Exercise")
    Exercise.objects.filter(slug__in=COOLDOWN_SLUGS).update(is_cooldown=True)


class Migration(migrations.Migration):
    dependencies = [("routines", "0005_plans")]

    operations = [migrations.RunPython(mark_cooldowns, migrations.RunPython.noop)]
