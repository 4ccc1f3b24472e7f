import datetime
import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import routines.models


def give_every_profile_a_token(apps, schema_editor):
    Profile = apps.get_model("routines", "Profile")
    for profile in Profile.objects.filter(calendar_token__isnull=True):
        profile.calendar_token = secrets.token_urlsafe(32)
        profile.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0007_planned_day_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="reminders_enabled",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="profile",
            name="reminder_time",
            field=models.TimeField(default=datetime.time(8, 0)),
        ),
        migrations.AddField(
            model_name="profile",
            name="calendar_token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_every_profile_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="calendar_token",
            field=models.CharField(
                default=routines.models.new_calendar_token, max_length=64, unique=True
            ),
        ),
        migrations.CreateModel(
            name="Reminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "date"), name="one_reminder_per_day")
                ],
            },
        ),
    ]
