"""The figures of the moves (routines/figures.py): poses in, an SVG picture out. Pure Python."""

from __future__ import annotations

import copy
import json
import math
import xml.etree.ElementTree as ElementTree

import pytest

from routines import figures
from routines.starting_figures import FIGURES

SVG = "{http://www.w3.org/2000/svg}"
BRIDGE = FIGURES["supine-hip-bridge"]
DEAD_BUG = FIGURES["dead-bug"]


def drawn(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def classes_in_order(svg: str) -> list[str]:
    return [element.get("class") for element in drawn(svg).iter() if element.get("class")]


def test_a_pose_is_drawn_as_a_head_a_trunk_four_limbs_and_the_floor() -> None:
    picture = drawn(figures.figure_svg(BRIDGE))
    assert picture.tag == f"{SVG}svg"
    found = classes_in_order(figures.figure_svg(BRIDGE))
    for part in ("floor", "head", "nose", "torso", "neck", "arm-near", "arm-far", "leg-near"):
        assert part in found, part
    assert "leg-far" in found
    head = next(element for element in picture.iter() if element.get("class") == "head")
    assert (head.get("cx"), head.get("cy")) == tuple(
        figures._number(value) for value in BRIDGE["start"]["head"]
    )
    limbs = [
        group for group in picture.iter(f"{SVG}g") if group.get("class", "")[:3] in ("arm", "leg")
    ]
    assert len(limbs) == 4
    assert {(limb.get("stroke-linecap"), limb.get("stroke-linejoin")) for limb in limbs} == {
        ("round", "round")
    }


def test_the_moving_figure_goes_from_start_to_end_and_back_and_the_stills_stand_still() -> None:
    moving = figures.figure_svg(BRIDGE)
    animations = list(drawn(moving).iter(f"{SVG}animate"))
    assert animations
    hip = BRIDGE["start"]["hip_near"], BRIDGE["end"]["hip_near"]
    legs = next(
        animation
        for animation in animations
        if animation.get("attributeName") == "points"
        and animation.get("values", "").startswith(
            f"{figures._number(hip[0][0])},{figures._number(hip[0][1])} "
        )
    )
    frames = legs.get("values").split(";")
    assert frames[0] == frames[-1]
    assert any(frame.startswith(f"{figures._number(hip[1][0])},") for frame in frames)
    assert legs.get("repeatCount") == "indefinite"
    for still in (figures.stills_svg(BRIDGE), figures.still_svg(BRIDGE)):
        assert "<animate" not in still
    labels = [text.text for text in drawn(figures.stills_svg(BRIDGE)).iter(f"{SVG}text")]
    assert labels == ["Start", "End"]


def test_limbs_behind_the_body_are_drawn_first_and_lighter() -> None:
    order = classes_in_order(figures.still_svg(DEAD_BUG))
    for far in ("arm-far", "leg-far"):
        assert order.index(far) < order.index("torso") < order.index("arm-near")
    assert order.index("torso") < order.index("leg-near")
    picture = drawn(figures.still_svg(DEAD_BUG))
    colours = {
        element.get("class"): {line.get("stroke") for line in element.iter(f"{SVG}polyline")}
        for element in picture.iter(f"{SVG}g")
        if element.get("class", "").startswith(("arm", "leg"))
    }
    assert colours["arm-far"] == {figures.INK_FAR}
    assert figures.INK in colours["arm-near"]


def test_a_figure_may_put_any_limb_behind() -> None:
    poses = {**DEAD_BUG, "behind": ["arm_near"]}
    order = classes_in_order(figures.still_svg(poses))
    assert order.index("arm-near") < order.index("torso") < order.index("arm-far")


def test_a_malformed_figure_is_refused_with_each_problem_named() -> None:
    broken = copy.deepcopy(BRIDGE)
    broken["view"] = "sideways"
    del broken["start"]["knee_near"]
    broken["end"]["head"] = [400, 20]
    broken["props"].append({"kind": "chair", "x": 60})
    broken["arrow"] = {"joint": "tail"}
    broken["colour"] = "red"
    assert figures.pose_problems(broken) == [
        "Unknown key “colour”.",
        "“view” must be one of side, front, above.",
        "start: missing knee_near.",
        "end: head must be [x, y] with x from 0 to 200 and y from 0 to 150.",
        "props[1]: a chair needs “facing” (“left” or “right”).",
        "arrow: an arrow needs “joint”, the joint it follows.",
    ]
    with pytest.raises(ValueError, match="start: missing knee_near"):
        figures.figure_svg(broken)
    assert figures.pose_problems([1, 2]) == [
        "The figure must be a JSON object with a view, a start pose and an end pose."
    ]


def test_no_poses_is_no_figure_and_no_problem() -> None:
    assert figures.pose_problems({}) == []
    with pytest.raises(ValueError, match="No poses to draw"):
        figures.figure_svg({})


def bone_lengths(pose: dict[str, tuple[float, float]]) -> list[float]:
    return [math.dist(pose[one], pose[other]) for one, other in figures.BONES]


def test_the_frames_between_two_poses_keep_every_bone_its_length() -> None:
    swing = FIGURES["leg-swings"]
    start = {joint: tuple(point) for joint, point in swing["start"].items()} | {"spine": (0, 0)}
    end = {joint: tuple(point) for joint, point in swing["end"].items()} | {"spine": (0, 0)}
    middle = figures.in_between(start, end, 0.5)
    for length, before in zip(bone_lengths(middle), bone_lengths(start), strict=True):
        assert length == pytest.approx(before, abs=0.2)
    # The standing foot is what the body pivots about: it stays where it is.
    assert middle["ankle_far"] == pytest.approx(start["ankle_far"])


def test_the_version_names_the_drawing_of_these_poses() -> None:
    moved = copy.deepcopy(BRIDGE)
    moved["end"]["hip_near"] = [104, 108]

    def version(poses: dict) -> str:
        return figures.figure_version(figures.poses_key(poses))

    assert version(BRIDGE) == version(copy.deepcopy(BRIDGE))
    assert version(moved) != version(BRIDGE)
    assert len(version(BRIDGE)) == 12


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_every_starting_figure_draws_within_the_policy(slug: str) -> None:
    poses = FIGURES[slug]
    assert figures.pose_problems(poses) == []
    for svg in (figures.figure_svg(poses), figures.stills_svg(poses), figures.still_svg(poses)):
        drawn(svg)  # well-formed XML
        # The site's policy allows no inline style: presentation attributes only.
        assert "style" not in svg
        assert "<script" not in svg


def test_a_figure_seen_from_above_or_the_front_says_so() -> None:
    assert "Seen from above" in figures.figure_svg(FIGURES["ninety-ninety-hip-switch"])
    assert "Seen from the front" in figures.stills_svg(FIGURES["side-plank"])
    assert "Seen from" not in figures.figure_svg(BRIDGE)


def test_readable_json_reads_back_as_the_same_poses() -> None:
    text = figures.readable_json(DEAD_BUG)
    assert json.loads(text) == DEAD_BUG
    assert '\n    "knee_near": ' in text
