from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from routines.figures import readable_json
from routines.management.commands.createtrainer import trainer_account
from routines.models import Equipment, Exercise, FunctionalTask, Kind, Status, TargetArea
from tests.conftest import escaped, page_text

pytestmark = pytest.mark.django_db

LIBRARY_MODELS: set[type[Model]] = {Exercise, Equipment, TargetArea, FunctionalTask}


def models_holding_user_data() -> list[type[Model]]:
    """Every model of ours outside the library, and the account models of Django and allauth."""
    ours = [
        model
        for label in ("routines", "tracking")
        for model in apps.get_app_config(label).get_models()
        if model not in LIBRARY_MODELS
    ]
    accounts = [
        apps.get_model(label)
        for label in (
            "auth.User",
            "auth.Group",
            "sessions.Session",
            "account.EmailAddress",
            "mfa.Authenticator",
            "usersessions.UserSession",
        )
    ]
    return ours + accounts


@pytest.fixture
def trainer(db: None) -> User:
    user, _ = trainer_account("coach@example.com")
    return user


@pytest.fixture
def trainer_client(client: Client, trainer: User) -> Client:
    client.force_login(trainer)
    return client


def changelist(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def models_on_index(response: HttpResponse) -> set[str]:
    """The models the admin index lists, by class name."""
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def exercises_listed(response: HttpResponse) -> list[Exercise]:
    return list(response.context["cl"].result_list)


def test_a_trainer_can_view_add_and_change_every_library_model(
    trainer_client: Client, trainer: User
) -> None:
    for model in LIBRARY_MODELS:
        assert trainer_client.get(changelist(model)).status_code == HTTPStatus.OK
        for action in ("add", "change", "view"):
            assert trainer.has_perm(f"routines.{action}_{model._meta.model_name}")
        assert not trainer.has_perm(f"routines.delete_{model._meta.model_name}")


@pytest.mark.parametrize("model", models_holding_user_data(), ids=lambda model: model.__name__)
def test_a_trainer_sees_nothing_of_users_data_in_admin(
    trainer_client: Client, trainer: User, model: type[Model]
) -> None:
    label = model._meta.app_label
    for action in ("view", "change", "add", "delete"):
        assert not trainer.has_perm(f"{label}.{action}_{model._meta.model_name}")
    if admin.site.is_registered(model):
        assert trainer_client.get(changelist(model)).status_code == HTTPStatus.FORBIDDEN
    index = trainer_client.get(reverse("admin:index"))
    assert model.__name__ not in models_on_index(index)


def test_the_admin_index_shows_a_trainer_only_the_library(trainer_client: Client) -> None:
    response = trainer_client.get(reverse("admin:index"))
    assert models_on_index(response) == {model.__name__ for model in LIBRARY_MODELS}
    assert "Exercises" in page_text(response)


def test_an_ordinary_user_is_refused_by_the_admin(client_logged_in: Client) -> None:
    response = client_logged_in.get(reverse("admin:index"), follow=True)
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_superuser_sees_every_registered_model(client: Client) -> None:
    root = User.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    for model in admin.site._registry:
        assert client.get(changelist(model)).status_code == HTTPStatus.OK


def test_the_exercise_list_filters_and_searches(trainer_client: Client) -> None:
    url = changelist(Exercise)
    strength = trainer_client.get(url, {"kind": "strength"})
    assert {exercise.kind for exercise in exercises_listed(strength)} == {Kind.STRENGTH}
    assert "Hip thrust" in page_text(strength)
    found = trainer_client.get(url, {"q": "lunge"})
    names = [exercise.name for exercise in exercises_listed(found)]
    assert "Chair-assisted lunge" in names
    assert "Dead bug" not in names
    assert "Chair-assisted lunge" in page_text(found)


def test_publish_and_unpublish_actions_change_status_and_record_the_editor(
    trainer_client: Client, trainer: User
) -> None:
    plank = Exercise.objects.get(slug="plank")
    url = changelist(Exercise)
    trainer_client.post(url, {"action": "unpublish", "_selected_action": [plank.pk]})
    plank.refresh_from_db()
    assert plank.status == Status.DRAFT
    assert plank.updated_by == trainer
    assert Client().get(plank.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    trainer_client.post(url, {"action": "publish", "_selected_action": [plank.pk]})
    plank.refresh_from_db()
    assert plank.status == Status.PUBLISHED
    assert Client().get(plank.get_absolute_url()).status_code == HTTPStatus.OK


def exercise_form_data(exercise: Exercise, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": exercise.name,
        "slug": exercise.slug,
        "kind": exercise.kind,
        "level": exercise.level,
        "load": exercise.load,
        "status": exercise.status,
        "summary": exercise.summary,
        "instructions": exercise.instructions,
        "cues": exercise.cues,
        "cautions": exercise.cautions,
        "target_areas": [area.pk for area in exercise.target_areas.all()],
        "equipment": [item.pk for item in exercise.equipment.all()],
        "dose_mode": exercise.dose_mode,
        "dose_sets": exercise.dose_sets,
        "dose_amount": exercise.dose_amount,
        "dose_note": exercise.dose_note,
        "rest_seconds": exercise.rest_seconds,
        "regression": exercise.regression_id or "",
        "progression": exercise.progression_id or "",
        "alternatives": [other.pk for other in exercise.alternatives.all()],
        "video_url": "",
        "poses": readable_json(exercise.poses),
        "figure_text": exercise.figure_text,
    }
    if exercise.per_side:
        data["per_side"] = "on"
    data.update(changes)
    return data


def test_the_admin_refuses_a_progression_loop_with_a_clear_message(
    trainer_client: Client,
) -> None:
    side_plank = Exercise.objects.get(slug="side-plank")
    dead_bug = Exercise.objects.get(slug="dead-bug")
    url = reverse("admin:routines_exercise_change", args=[side_plank.pk])
    response = trainer_client.post(url, exercise_form_data(side_plank, progression=dead_bug.pk))
    assert response.status_code == HTTPStatus.OK
    assert "This would make a loop: following the harder exercises leads back here." in page_text(
        response
    )
    side_plank.refresh_from_db()
    assert side_plank.progression is None


@pytest.mark.parametrize(
    ("slug", "field", "other", "message"),
    [
        pytest.param(
            "bodyweight-hip-hinge",
            "regression",
            "goblet-squat",
            "Goblet squat cannot be the easier version: it is level 2 and this exercise is "
            "level 1.",
            id="an-easier-version-one-level-up",
        ),
        pytest.param(
            "glute-bridge-march",
            "regression",
            "clamshell-with-band",
            "Clamshell with band cannot be the easier version: its load is “with a weight or "
            "band” and this exercise's is “body weight, moving”.",
            id="an-easier-version-with-a-band",
        ),
        pytest.param(
            "kettlebell-deadlift",
            "progression",
            "sit-to-stand",
            "Sit-to-stand cannot be the harder version: it is level 1 and this exercise is "
            "level 2.",
            id="a-harder-version-one-level-down",
        ),
    ],
)
def test_the_admin_refuses_a_chain_out_of_order_and_says_which_link_and_why(
    trainer_client: Client, slug: str, field: str, other: str, message: str
) -> None:
    exercise = Exercise.objects.get(slug=slug)
    before = getattr(exercise, f"{field}_id")
    replacement = Exercise.objects.get(slug=other)
    url = reverse("admin:routines_exercise_change", args=[exercise.pk])
    response = trainer_client.post(url, exercise_form_data(exercise, **{field: replacement.pk}))
    assert response.status_code == HTTPStatus.OK
    # Next to the field it is about.
    assert re.search(
        rf'<div class="[^"]*field-{field}[^"]*">.*?{re.escape(escaped(message))}',
        response.text,
        re.DOTALL,
    ), page_text(response)
    exercise.refresh_from_db()
    assert getattr(exercise, f"{field}_id") == before


def test_a_trainers_edit_is_saved_with_who_made_it(trainer_client: Client, trainer: User) -> None:
    plank = Exercise.objects.get(slug="plank")
    url = reverse("admin:routines_exercise_change", args=[plank.pk])
    response = trainer_client.post(url, exercise_form_data(plank, summary="Hold a long line."))
    assert response.status_code == HTTPStatus.FOUND
    plank.refresh_from_db()
    assert plank.summary == "Hold a long line."
    assert plank.updated_by == trainer


def test_the_exercise_admin_links_to_the_page_on_the_site(trainer_client: Client) -> None:
    plank = Exercise.objects.get(slug="plank")
    response = trainer_client.get(reverse("admin:routines_exercise_change", args=[plank.pk]))
    link = re.search(r'<a href="([^"]+)" class="viewsitelink">View on site</a>', response.text)
    assert link, "no View on site link"
    site = trainer_client.get(link.group(1))
    assert site.status_code == HTTPStatus.FOUND
    assert site["Location"] == f"http://testserver{plank.get_absolute_url()}"


def test_createtrainer_makes_a_verified_trainer_and_prints_a_password_link(
    capsys: pytest.CaptureFixture[str], client: Client
) -> None:
    call_command("createtrainer", "New.Coach@Example.com", "--site-url", "https://hipflex.test")
    output = capsys.readouterr().out
    user = User.objects.get(email="new.coach@example.com")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Trainers").exists()
    assert user.emailaddress_set.get().verified
    assert "Created trainer new.coach@example.com" in output
    link = output.split("Set the password here: ")[1].strip()
    assert link.startswith("https://hipflex.test/accounts/password/reset/key/")
    page = client.get(link.removeprefix("https://hipflex.test"), follow=True)
    # A valid link opens the form to set a password; a bad one says the link is invalid.
    assert 'name="password1"' in page.text


def test_createtrainer_promotes_an_existing_account(
    capsys: pytest.CaptureFixture[str], user: User
) -> None:
    call_command("createtrainer", user.email)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name="Trainers").exists()
    assert "Promoted trainer" in capsys.readouterr().out
    assert User.objects.filter(email=user.email).count() == 1


def test_createtrainer_refuses_a_malformed_email() -> None:
    with pytest.raises(CommandError, match="not a valid email"):
        call_command("createtrainer", "not-an-email")


def test_a_trainer_changes_their_password_on_the_site_not_in_the_admin(
    trainer_client: Client,
) -> None:
    response = trainer_client.get(reverse("admin:password_change"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_change_password")
