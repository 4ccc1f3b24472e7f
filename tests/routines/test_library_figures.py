"""A picture of every move: the figures on the library's pages, how they are served, and the
photos and clips that take their place (issue 16)."""

from __future__ import annotations

import io
import re
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from routines import figures, starting_figures
from routines.models import Exercise, Status
from tests.conftest import escaped, page_text, rendered_queries

pytestmark = pytest.mark.django_db

LIBRARY = reverse("routines:library")


def exercise_page(client: Client, slug: str) -> Any:
    response = client.get(reverse("routines:exercise", args=[slug]))
    assert response.status_code == HTTPStatus.OK
    return response


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("bridge.png", buffer.getvalue(), content_type="image/png")


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_every_published_exercise_has_a_figure_with_words() -> None:
    for exercise in Exercise.objects.published():
        assert exercise.poses, exercise.slug
        assert figures.pose_problems(exercise.poses) == [], exercise.slug
        assert exercise.figure_text, exercise.slug
        assert exercise.figure.alt == exercise.figure_text
        assert "<animate" in figures.figure_svg(exercise.poses)


def test_a_database_migrated_from_zero_holds_the_living_figures() -> None:
    stored = dict(Exercise.objects.values_list("slug", "poses"))
    assert stored == starting_figures.FIGURES
    words = dict(Exercise.objects.values_list("slug", "figure_text"))
    assert words == starting_figures.DESCRIPTIONS


def test_the_exercise_page_shows_the_moving_figure_and_the_stills_for_less_motion(
    client: Client,
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    response = exercise_page(client, "supine-hip-bridge")
    figure = bridge.figure
    assert (
        f'<source media="(prefers-reduced-motion: reduce)" srcset="{figure.stills}"'
        in response.text
    )
    assert (
        f'<img src="{figure.moving}" width="200" height="150" alt="{escaped(bridge.figure_text)}">'
        in (response.text)
    )
    assert (
        "Lying on your back, knees bent and feet flat; the hips lift until shoulders, hips and "
        "knees make a line."
    ) in page_text(response)


def test_the_figure_is_served_as_an_svg_a_browser_may_keep_for_good(client: Client) -> None:
    figure = Exercise.objects.get(slug="dead-bug").figure
    moving = client.get(figure.moving)
    assert moving.status_code == HTTPStatus.OK
    assert moving["Content-Type"] == "image/svg+xml"
    assert moving["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cookie" not in moving.get("Vary", "")
    assert moving.content.startswith(b"<svg ") and b"<animate" in moving.content
    stills = client.get(figure.stills)
    assert b"<animate" not in stills.content and b">Start</text>" in stills.content
    assert b"<animate" not in client.get(figure.still).content


def test_the_figure_is_drawn_from_one_query(client: Client) -> None:
    figure = Exercise.objects.get(slug="dead-bug").figure
    with CaptureQueriesContext(connection) as queries:
        client.get(figure.moving)
    assert len(queries) == 1


def test_new_poses_give_a_new_address_and_the_old_one_leads_there(client: Client) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    before = bridge.figure
    bridge.poses["end"]["hip_near"] = [104, 104]
    bridge.save()
    after = Exercise.objects.get(pk=bridge.pk).figure
    assert after.moving != before.moving
    assert after.moving in client.get(bridge.get_absolute_url()).text
    moved = client.get(before.moving)
    assert moved.status_code == HTTPStatus.FOUND
    assert moved["Location"] == after.moving
    assert client.get(after.moving).status_code == HTTPStatus.OK


def test_every_figures_address_is_named_from_its_own_poses() -> None:
    exercises = Exercise.objects.exclude(poses={})
    assert exercises
    for exercise in exercises:
        assert exercise.figure_key == figures.poses_key(exercise.poses), exercise.slug


def test_poses_written_past_save_still_reach_their_own_drawing(client: Client) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    named = bridge.figure.moving
    poses = bridge.poses
    poses["end"]["hip_near"] = [104, 104]
    Exercise.objects.filter(pk=bridge.pk).update(poses=poses)  # figure_key left as it was
    moved = client.get(named)
    assert moved.status_code == HTTPStatus.FOUND
    drawn = client.get(moved["Location"])
    assert drawn.status_code == HTTPStatus.OK
    assert drawn.content.decode() == figures.figure_svg(poses)


def test_a_drafts_figure_is_for_staff_only(client: Client) -> None:
    plank = Exercise.objects.get(slug="plank")
    figure = plank.figure
    Exercise.objects.filter(pk=plank.pk).update(status=Status.DRAFT)
    assert client.get(figure.moving).status_code == HTTPStatus.NOT_FOUND
    client.force_login(User.objects.create_user("editor", "e@example.com", "pw", is_staff=True))
    response = client.get(figure.moving)
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"].startswith("private")


def test_an_exercise_without_poses_shows_its_words_and_no_figure(client: Client) -> None:
    plank = Exercise.objects.get(slug="plank")
    address = plank.figure.moving
    plank.poses = {}
    plank.save()  # as the admin saves
    response = exercise_page(client, "plank")
    assert "<picture" not in response.text
    assert "How to do it" in page_text(response)
    assert client.get(address).status_code == HTTPStatus.NOT_FOUND


def test_the_library_lists_each_exercise_with_a_still_of_its_figure(client: Client) -> None:
    response = client.get(LIBRARY)
    thumbs = re.findall(r'<img class="exercise-thumb" src="([^"]+)"[^>]* alt=""', response.text)
    assert len(thumbs) == Exercise.objects.published().count()
    assert Exercise.objects.get(slug="bird-dog").figure.still in thumbs


def test_figures_add_no_query_to_the_library(client: Client) -> None:
    with_figures = rendered_queries(client, LIBRARY, {"kind": "stability"})
    Exercise.objects.update(poses={})
    without = rendered_queries(client, LIBRARY, {"kind": "stability"})
    assert with_figures == without


def test_an_uploaded_photo_takes_the_figures_place(client: Client, media: Path) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    bridge.image = png()
    bridge.full_clean()
    bridge.save()
    response = exercise_page(client, "supine-hip-bridge")
    assert "<picture" not in response.text
    assert (
        f'<img class="exercise-media" src="{bridge.image.url}" alt="{escaped(bridge.figure_text)}">'
        in response.text
    )
    listing = client.get(LIBRARY, {"kind": "mobility"})
    assert f'<img class="exercise-thumb" src="{bridge.image.url}"' in listing.text
    photo = client.get(bridge.image.url)
    assert photo.status_code == HTTPStatus.OK
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")


def test_a_clip_takes_the_place_of_photo_and_figure_and_plays_in_parts(
    client: Client, media: Path
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    bridge.image = png()
    bridge.video = SimpleUploadedFile("bridge.mp4", MP4, content_type="video/mp4")
    bridge.full_clean()
    bridge.save()
    response = exercise_page(client, "supine-hip-bridge")
    assert f'<source src="{bridge.video.url}" type="video/mp4">' in response.text
    assert f'poster="{bridge.image.url}"' in response.text
    assert "<picture" not in response.text
    part = client.get(bridge.video.url, headers={"Range": "bytes=4-11"})
    assert part.status_code == HTTPStatus.PARTIAL_CONTENT
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert b"".join(part.streaming_content) == b"ftypmp42"
    whole = client.get(bridge.video.url)
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == MP4


def test_files_no_published_exercise_shows_are_not_served(client: Client, media: Path) -> None:
    (media / "exercises").mkdir()
    (media / "exercises" / "stray.png").write_bytes(b"\x89PNG")
    assert client.get("/media/exercises/stray.png").status_code == HTTPStatus.NOT_FOUND
    plank = Exercise.objects.get(slug="plank")
    plank.image = png()
    plank.save()
    Exercise.objects.filter(pk=plank.pk).update(status=Status.DRAFT)
    assert client.get(plank.image.url).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/media/exercises/../../etc/passwd").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("clip.mov", MP4, "A clip must be an MP4 or a WebM file."),
        ("clip.mp4", b"GIF89a" + b"\x00" * 40, "This file is not a MP4 video."),
        ("clip.webm", MP4, "This file is not a WEBM video."),
    ],
)
def test_a_clip_of_the_wrong_kind_is_refused_beside_its_field(
    media: Path, name: str, content: bytes, message: str
) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    bridge.video = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        bridge.full_clean()
    assert refused.value.message_dict == {"video": [message]}


def test_a_clip_over_twenty_megabytes_is_refused(media: Path) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    bridge.video = SimpleUploadedFile("clip.mp4", MP4 + b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        bridge.full_clean()
    assert refused.value.message_dict == {
        "video": ["This clip is larger than 20 MB: please send a shorter one."]
    }


def test_malformed_poses_are_refused_with_the_problems_listed() -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    bridge.poses = {"view": "side", "start": {}, "end": bridge.poses["end"]}
    with pytest.raises(ValidationError) as refused:
        bridge.full_clean()
    problems = refused.value.message_dict["poses"]
    assert problems[0].startswith("start: missing head, neck, shoulder_near")


def drawn_by_both_engines(exercise: Exercise, size: str) -> tuple[str, str]:
    django = engines["django"].from_string(
        '{% include "routines/_figure.html" with exercise=exercise size=size %}'
    )
    jinja = engines["jinja2"].from_string(
        '{% from "routines/_figure.jinja" import exercise_picture %}'
        "{{ exercise_picture(exercise, size) }}"
    )
    context = {"exercise": exercise, "size": size}
    return (
        " ".join(django.render(context).split()),
        " ".join(jinja.render(context).split()),
    )


@pytest.mark.parametrize("size", ["page", "thumb"])
def test_the_jinja2_macro_draws_what_the_django_include_draws(media: Path, size: str) -> None:
    bridge = Exercise.objects.get(slug="supine-hip-bridge")
    django, jinja = drawn_by_both_engines(bridge, size)
    assert django == jinja
    assert bridge.figure.still in django if size == "thumb" else bridge.figure.moving in django
    bridge.image = png()
    bridge.save()
    django, jinja = drawn_by_both_engines(bridge, size)
    assert django == jinja
    assert bridge.image.url in django
