"""Trainers draw and review the figures in the admin (issue 16)."""

from __future__ import annotations

import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.figures import readable_json
from routines.management.commands.createtrainer import trainer_account
from routines.models import Exercise
from tests.conftest import escaped, page_text
from tests.routines.test_library_admin import changelist, exercise_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db: None) -> User:
    user, _ = trainer_account("coach@example.com")
    return user


@pytest.fixture
def trainer_client(client: Client, trainer: User) -> Client:
    client.force_login(trainer)
    return client


PREVIEW = reverse("admin:routines_exercise_figure_preview")


def change_page(exercise: Exercise) -> str:
    return reverse("admin:routines_exercise_change", args=[exercise.pk])


def test_the_change_page_shows_the_saved_figure_and_a_preview_that_follows_the_poses(
    trainer_client: Client,
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    response = trainer_client.get(change_page(bridge))
    assert response.status_code == HTTPStatus.OK
    assert f'<img src="{bridge.figure.moving}" width="200" height="150"' in response.text
    assert f'data-preview-url="{PREVIEW}"' in response.text
    assert '<script src="/static/js/admin-figure.js" nonce=' in response.text
    assert escaped('\n    "knee_near": [') in response.text  # the poses, a joint to a line
    assert "Not reviewed yet: check it at phone size" in page_text(response)


def test_the_preview_draws_the_poses_being_typed(trainer_client: Client) -> None:
    poses = Exercise.objects.get(slug="dead-bug").poses
    response = trainer_client.post(PREVIEW, {"poses": json.dumps(poses)})
    assert response.status_code == HTTPStatus.OK
    assert response.text.count("<svg ") >= 2
    assert "<animate" in response.text
    poses["start"]["head"] = [250, 10]
    refused = trainer_client.post(PREVIEW, {"poses": json.dumps(poses)})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "start: head must be [x, y] with x from 0 to 200 and y from 0 to 150." in page_text(
        refused
    )
    half_typed = trainer_client.post(PREVIEW, {"poses": '{"view": "side",'})
    assert half_typed.status_code == HTTPStatus.BAD_REQUEST
    assert "This is not valid JSON yet" in page_text(half_typed)
    nothing = trainer_client.post(PREVIEW, {"poses": ""})
    assert "No poses yet: the page shows the words only." in page_text(nothing)


def test_the_preview_is_for_library_staff_only(client: Client, client_logged_in: Client) -> None:
    poses = json.dumps(Exercise.objects.get(slug="dead-bug").poses)
    anonymous = Client().post(PREVIEW, {"poses": poses})
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"].startswith(reverse("admin:login"))
    refused = client_logged_in.post(PREVIEW, {"poses": poses})
    assert refused.status_code == HTTPStatus.FOUND
    assert refused["Location"].startswith(reverse("admin:login"))
    staff = User.objects.create_user("helpdesk", "help@example.com", "pw", is_staff=True)
    other = Client()
    other.force_login(staff)
    assert other.post(PREVIEW, {"poses": poses}).status_code == HTTPStatus.FORBIDDEN


def test_marking_figures_reviewed_records_who_and_when(
    trainer_client: Client, trainer: User
) -> None:
    bridge, plank = Exercise.objects.filter(slug__in=["supine-hip-bridge", "plank"])
    listing = trainer_client.get(changelist(Exercise), {"figure": "unreviewed"})
    assert len(listing.context["cl"].result_list) == Exercise.objects.count()
    assert "published figure(s) not reviewed yet" in page_text(listing)
    before = timezone.now()
    trainer_client.post(
        changelist(Exercise),
        {"action": "mark_figure_reviewed", "_selected_action": [bridge.pk, plank.pk]},
    )
    bridge.refresh_from_db()
    assert bridge.figure_reviewed_by == trainer
    assert before <= bridge.figure_reviewed_at <= timezone.now()
    reviewed = trainer_client.get(changelist(Exercise), {"figure": "reviewed"})
    assert {exercise.slug for exercise in reviewed.context["cl"].result_list} == {
        "supine-hip-bridge",
        "plank",
    }
    page = page_text(trainer_client.get(change_page(bridge)))
    when = timezone.localtime(bridge.figure_reviewed_at).strftime("%-d %B %Y, %H:%M")
    assert f"Reviewed by {trainer.get_username()} on {when}." in page


def test_editing_the_poses_clears_the_review_and_other_edits_keep_it(
    trainer_client: Client, trainer: User
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    Exercise.objects.filter(pk=bridge.pk).update(
        figure_reviewed_by=trainer, figure_reviewed_at=timezone.now()
    )
    response = trainer_client.post(
        change_page(bridge), exercise_form_data(bridge, summary="Lift the hips, gently.")
    )
    assert response.status_code == HTTPStatus.FOUND
    bridge.refresh_from_db()
    assert bridge.figure_reviewed_by == trainer
    bridge.poses["end"]["hip_near"] = [104, 106]
    response = trainer_client.post(change_page(bridge), exercise_form_data(bridge), follow=True)
    assert "The figure of Supine hip bridge changed: it needs a review again." in page_text(
        response
    )
    bridge.refresh_from_db()
    assert bridge.poses["end"]["hip_near"] == [104, 106]
    assert (bridge.figure_reviewed_by, bridge.figure_reviewed_at) == (None, None)


def test_malformed_poses_are_shown_beside_the_field_and_nothing_is_saved(
    trainer_client: Client,
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    before = bridge.poses
    broken = {**bridge.poses, "view": "sideways"}
    response = trainer_client.post(
        change_page(bridge),
        exercise_form_data(bridge, poses=readable_json(broken), summary="Changed."),
    )
    assert response.status_code == HTTPStatus.OK
    assert (
        "“view” must be one of side, front, above."
        in response.context["adminform"].form.errors["poses"][0]
    )
    not_json = trainer_client.post(change_page(bridge), exercise_form_data(bridge, poses="{"))
    assert "This is not valid JSON: check the commas and brackets." in page_text(not_json)
    bridge.refresh_from_db()
    assert (bridge.poses, bridge.summary) == (before, Exercise.objects.get(pk=bridge.pk).summary)
    assert bridge.summary != "Changed."
