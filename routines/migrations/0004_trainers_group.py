"""The Trainers group may add, change and view the exercise library, and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIBRARY_MODELS = ["exercise", "equipment", "targetarea", "functionaltask"]


def create_trainers(apps, schema_editor):
    # Permissions are normally created after migrate; make sure ours exist now.
    app_config = apps.get_app_config("routines")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # historical apps have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainers, _ = Group.objects.get_or_create(name="Trainers")
    codenames = [
        f"{action}_{model}" for model in LIBRARY_MODELS for action in ("add", "change", "view")
    ]
    trainers.permissions.set(
        Permission.objects.filter(content_type__app_label="routines", codename__in=codenames)
    )


def remove_trainers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Trainers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0003_starting_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_trainers, remove_trainers)]
