"""Figures of the library's moves: two poses as data in, an SVG picture out. Pure Python.

The rules of a figure:

* A move is drawn from two poses, "start" and "end", seen from one side: "side" (the person
  faces right), "front" or "above". The canvas is 200 wide and 150 high, y grows downwards
  and the floor is the line y = 140 (seen from above, the floor is everywhere).
* A pose places every one of JOINTS at an [x, y] point inside the canvas. "near" limbs are on
  the viewer's side; the limbs listed in "behind" (by default, seen from the side, the far arm
  and leg) are drawn before the body and lighter, so they read as further away.
* Props are drawn where the move uses them: a mat, a chair, a wall, a step, a sofa, a foam
  roller, a cushion under a knee; a kettlebell moves with the joint that holds it, a band or a
  strap runs between two joints.
* The moving figure goes start, end, start again in `seconds` (4 unless the poses say
  otherwise), still at each pose for the `pause` share of the time (0.12: a moment). Its
  in-between frames keep every bone's length: they pivot about the joint that moves least,
  the one that stays on the floor.
* Stills show the two poses side by side, for people who prefer less motion.
* The trunk is straight unless "spine" bends it: {"start": [dx, dy], "end": [dx, dy]} moves
  the middle of the back by that much (a cat's rounded back, a cow's sagging one).
* A small nose shows which way the face looks. Seen from the side, "faces" is "right" (the
  default: standing, the person looks right) or "left" (the front of the body turned the
  other way, as when lying face down with the head to the left). Seen from above, "faces" is
  "up", "down", "left" or "right" in the picture, or left out for a face turned to the sky.
* An optional arrow shows the movement: from a joint's start to its end, bent a little, or a
  circle around a joint for moves drawn in circles.

Only SVG presentation attributes are written, never a style attribute or element, so the
figures keep to the site's Content Security Policy wherever they are shown.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

# A change to how figures are drawn (this file) changes every figure's version, so no file of
# the old drawing kept by a browser is shown again.
RENDERER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]

WIDTH, HEIGHT, FLOOR = 200, 150, 140
VIEWS = ("side", "front", "above")
JOINTS = (
    "head",
    "neck",
    "shoulder_near",
    "elbow_near",
    "hand_near",
    "shoulder_far",
    "elbow_far",
    "hand_far",
    "hip_near",
    "knee_near",
    "ankle_near",
    "toe_near",
    "hip_far",
    "knee_far",
    "ankle_far",
    "toe_far",
)
LIMBS: dict[str, tuple[str, ...]] = {
    "arm_far": ("shoulder_far", "elbow_far", "hand_far"),
    "leg_far": ("hip_far", "knee_far", "ankle_far", "toe_far"),
    "arm_near": ("shoulder_near", "elbow_near", "hand_near"),
    "leg_near": ("hip_near", "knee_near", "ankle_near", "toe_near"),
}
DEFAULT_BEHIND = {"side": ["arm_far", "leg_far"], "front": [], "above": []}
BONES = (
    ("head", "neck"),
    ("neck", "shoulder_near"),
    ("neck", "shoulder_far"),
    ("shoulder_near", "hip_near"),
    ("shoulder_far", "hip_far"),
    ("hip_near", "hip_far"),
    *((limb[i], limb[i + 1]) for limb in LIMBS.values() for i in range(len(limb) - 1)),
)
PROP_FIELDS: dict[str, dict[str, str]] = {
    # kind: {field: what it holds}; a field marked "?" may be left out.
    "mat": {"x": "span?", "y": "span?"},
    "chair": {"x": "number", "facing": "facing"},
    "sofa": {"x": "number", "facing": "facing"},
    "wall": {"x": "number"},
    "step": {"x": "span", "height": "number"},
    "roller": {"at": "point"},
    "cushion": {"at": "point"},
    "kettlebell": {"joint": "joint", "offset": "point?"},
    "band": {"joints": "joint pair"},
    "strap": {"joints": "joint pair"},
}
KEYS = {"view", "start", "end", "behind", "props", "arrow", "seconds", "pause", "spine", "faces"}
FACINGS = {"side": ("right", "left"), "above": ("up", "down", "left", "right"), "front": ()}
LOOKS = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}
ARROW_KEYS = {"joint", "bend", "offset", "circle"}

# Colours of the site's palette (static/css/site.css).
INK = "#23564c"
INK_FAR = "#93bcb1"
FLOOR_COLOUR = "#b9b0a3"
PROP_COLOUR = "#8f8172"
PROP_FILL = "#ece5da"
MAT_FILL = "#d9e9e3"
ARROW_COLOUR = "#c7772e"
LABEL_COLOUR = "#4b5a60"
HALO = "#ffffff"
LIMB_WIDTHS = {"arm": 6.5, "leg": 8.5}
TORSO_WIDTH, NECK_WIDTH, HEAD_RADIUS = 15, 6, 8.5
FRAMES = 8  # in-between frames of each movement

Point = tuple[float, float]
Pose = dict[str, Point]  # the joints' points, and the bend of the spine under SPINE
SPINE = "spine"


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------


def pose_problems(poses: object) -> list[str]:
    """Everything wrong with a figure's data, each said so a trainer can fix it; [] if none.

    Empty data ({}) is no figure at all, which is allowed: the page shows the words only.
    """
    if poses in ({}, None):
        return []
    if not isinstance(poses, dict):
        return ["The figure must be a JSON object with a view, a start pose and an end pose."]
    problems = [f"Unknown key “{key}”." for key in sorted(set(poses) - KEYS)]
    if poses.get("view") not in VIEWS:
        problems.append(f"“view” must be one of {', '.join(VIEWS)}.")
    for name in ("start", "end"):
        problems += _pose_problems(name, poses.get(name))
    behind = poses.get("behind", [])
    if not isinstance(behind, list) or not set(behind) <= set(LIMBS):
        problems.append(f"“behind” must be a list of limbs among {', '.join(LIMBS)}.")
    props = poses.get("props", [])
    if not isinstance(props, list):
        problems.append("“props” must be a list.")
    else:
        for index, prop in enumerate(props):
            problems += [f"props[{index}]: {problem}" for problem in _prop_problems(prop)]
    if "arrow" in poses:
        problems += [f"arrow: {problem}" for problem in _arrow_problems(poses["arrow"])]
    seconds = poses.get("seconds", 4)
    if not _is_number(seconds) or not 2 <= seconds <= 20:
        problems.append("“seconds” must be a number from 2 to 20.")
    pause = poses.get("pause", 0.12)
    if not _is_number(pause) or not 0 <= pause <= 0.4:
        problems.append("“pause” must be a number from 0 to 0.4.")
    spine = poses.get("spine", {"start": [0, 0], "end": [0, 0]})
    if not (
        isinstance(spine, dict)
        and set(spine) == {"start", "end"}
        and all(_is_offset(offset) for offset in spine.values())
    ):
        problems.append('“spine” must be {"start": [dx, dy], "end": [dx, dy]}.')
    facing = FACINGS.get(poses.get("view"), ())
    if "faces" in poses and poses["faces"] not in facing:
        problems.append(f"“faces” must be one of {', '.join(facing) or 'nothing in this view'}.")
    return problems


def _pose_problems(name: str, pose: object) -> list[str]:
    if not isinstance(pose, dict):
        return [f"“{name}” must be an object giving each joint an [x, y] point."]
    problems = []
    missing = [joint for joint in JOINTS if joint not in pose]
    if missing:
        problems.append(f"{name}: missing {', '.join(missing)}.")
    unknown = sorted(set(pose) - set(JOINTS))
    if unknown:
        problems.append(f"{name}: unknown joint {', '.join(unknown)}.")
    for joint in JOINTS:
        if joint in pose and not _is_point(pose[joint]):
            problems.append(
                f"{name}: {joint} must be [x, y] with x from 0 to {WIDTH} and y from 0 to {HEIGHT}."
            )
    return problems


def _prop_problems(prop: object) -> list[str]:
    if not isinstance(prop, dict) or prop.get("kind") not in PROP_FIELDS:
        return [f"each prop needs a “kind” among {', '.join(PROP_FIELDS)}."]
    fields = PROP_FIELDS[prop["kind"]]
    problems = [
        f"a {prop['kind']} has no “{key}”." for key in sorted(set(prop) - set(fields) - {"kind"})
    ]
    for field, holds in fields.items():
        optional = holds.endswith("?")
        holds = holds.rstrip("?")
        if field not in prop:
            if not optional:
                problems.append(f"a {prop['kind']} needs “{field}” ({_SAYS[holds]}).")
            continue
        if not _HOLDS[holds](prop[field]):
            problems.append(f"a {prop['kind']}'s “{field}” must be {_SAYS[holds]}.")
    return problems


def _arrow_problems(arrow: object) -> list[str]:
    if not isinstance(arrow, dict) or arrow.get("joint") not in JOINTS:
        return ["an arrow needs “joint”, the joint it follows."]
    problems = [f"unknown key “{key}”." for key in sorted(set(arrow) - ARROW_KEYS)]
    if "bend" in arrow and not (_is_number(arrow["bend"]) and -1 <= arrow["bend"] <= 1):
        problems.append("“bend” must be a number from -1 to 1.")
    if "offset" in arrow and not _is_offset(arrow["offset"]):
        problems.append("“offset” must be [dx, dy].")
    if "circle" in arrow and not (_is_number(arrow["circle"]) and 3 <= arrow["circle"] <= 40):
        problems.append("“circle” must be a radius from 3 to 40.")
    return problems


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_offset(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)


def _is_point(value: object) -> bool:
    return _is_offset(value) and 0 <= value[0] <= WIDTH and 0 <= value[1] <= HEIGHT


def _is_span(value: object) -> bool:
    return _is_offset(value) and value[0] < value[1]


_HOLDS = {
    "span": _is_span,
    "number": _is_number,
    "facing": lambda value: value in ("left", "right"),
    "point": _is_offset,
    "joint": lambda value: value in JOINTS,
    "joint pair": lambda value: (
        isinstance(value, list) and len(value) == 2 and all(joint in JOINTS for joint in value)
    ),
}
_SAYS = {
    "span": "[from, to], from less than to",
    "number": "a number",
    "facing": "“left” or “right”",
    "point": "[x, y]",
    "joint": "a joint's name",
    "joint pair": "two joints' names",
}


def readable_json(poses: Mapping[str, Any]) -> str:
    """The poses as JSON a trainer can edit: one key, joint or prop to a line."""
    if not poses:
        return "{}"

    def block(value: Mapping[str, Any] | list[Any], depth: int) -> str:
        pad = "  " * (depth + 1)
        if isinstance(value, list):
            lines = [pad + json.dumps(item, ensure_ascii=False) for item in value]
            opening, closing = "[", "]"
        else:
            lines = [
                pad
                + json.dumps(key, ensure_ascii=False)
                + ": "
                + (
                    block(item, depth + 1)
                    if depth == 0 and isinstance(item, dict | list) and key != "arrow"
                    else json.dumps(item, ensure_ascii=False)
                )
                for key, item in value.items()
            ]
            opening, closing = "{", "}"
        return opening + "\n" + ",\n".join(lines) + "\n" + "  " * depth + closing

    return block(poses, 0)


def poses_key(poses: Mapping[str, Any]) -> str:
    """A fingerprint of these poses (Exercise.figure_key keeps it, so pages never read the
    poses themselves)."""
    canonical = json.dumps(poses, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def figure_version(key: str) -> str:
    """A short name for this drawing of the poses with this key: it changes whenever either
    the poses or the drawing code change."""
    return hashlib.sha256(f"{RENDERER}:{key}".encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Moving between poses
# ---------------------------------------------------------------------------------------------


def _anchor(start: Pose, end: Pose) -> str:
    """The joint that moves least: the one the in-between frames pivot about."""
    return min(JOINTS, key=lambda joint: math.dist(start[joint], end[joint]))


def _bone_tree(root: str) -> list[tuple[str, str]]:
    """The skeleton's bones as (parent, child), walked outwards from the root."""
    neighbours: dict[str, list[str]] = {joint: [] for joint in JOINTS}
    for one, other in BONES:
        neighbours[one].append(other)
        neighbours[other].append(one)
    seen, queue, tree = {root}, deque([root]), []
    while queue:
        parent = queue.popleft()
        for child in neighbours[parent]:
            if child not in seen:
                seen.add(child)
                tree.append((parent, child))
                queue.append(child)
    return tree


def in_between(start: Pose, end: Pose, fraction: float) -> Pose:
    """A pose `fraction` of the way from start to end whose bones keep their lengths."""
    if fraction <= 0:
        return dict(start)
    if fraction >= 1:
        return dict(end)
    root = _anchor(start, end)
    straight = {joint: _lerp(start[joint], end[joint], fraction) for joint in JOINTS}
    pose = {root: straight[root], SPINE: _lerp(start[SPINE], end[SPINE], fraction)}
    for parent, child in _bone_tree(root):
        dx = straight[child][0] - straight[parent][0]
        dy = straight[child][1] - straight[parent][1]
        length = (1 - fraction) * math.dist(start[parent], start[child]) + fraction * math.dist(
            end[parent], end[child]
        )
        span = math.hypot(dx, dy)
        if span > 1e-6:
            dx, dy = dx / span * length, dy / span * length
        pose[child] = (pose[parent][0] + dx, pose[parent][1] + dy)
    return pose


def _lerp(one: Point, other: Point, fraction: float) -> Point:
    return (one[0] + (other[0] - one[0]) * fraction, one[1] + (other[1] - one[1]) * fraction)


def _timeline(start: Pose, end: Pose, pause: float) -> tuple[list[Pose], list[float]]:
    """The frames of one cycle (start, end, start) and when each is reached, 0 to 1."""
    move = 0.5 - pause
    there = [in_between(start, end, _ease(step / FRAMES)) for step in range(FRAMES + 1)]
    frames = [start, *there, *reversed(there)]
    times = [0.0]
    times += [pause + move * step / FRAMES for step in range(FRAMES + 1)]
    times += [0.5 + pause + move * step / FRAMES for step in range(FRAMES + 1)]
    return frames, times


def _ease(fraction: float) -> float:
    return fraction * fraction * (3 - 2 * fraction)


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    view: str
    start: Pose
    end: Pose
    behind: list[str]
    props: list[dict[str, Any]]
    arrow: dict[str, Any] | None
    seconds: float
    pause: float
    faces: str | None

    @classmethod
    def of(cls, poses: Mapping[str, Any]) -> _Figure:
        problems = pose_problems(poses)
        if problems or not poses:
            raise ValueError(" ".join(problems) or "No poses to draw.")
        spine = poses.get("spine", {"start": [0, 0], "end": [0, 0]})
        return cls(
            view=poses["view"],
            start={
                **{joint: tuple(poses["start"][joint]) for joint in JOINTS},
                SPINE: tuple(spine["start"]),
            },
            end={
                **{joint: tuple(poses["end"][joint]) for joint in JOINTS},
                SPINE: tuple(spine["end"]),
            },
            behind=list(poses.get("behind", DEFAULT_BEHIND[poses["view"]])),
            props=list(poses.get("props", [])),
            arrow=poses.get("arrow"),
            seconds=poses.get("seconds", 4),
            pause=poses.get("pause", 0.12),
            faces=poses.get("faces", "right" if poses["view"] == "side" else None),
        )


def figure_svg(poses: Mapping[str, Any], *, title: str = "") -> str:
    """The moving figure: start and end poses morphing into each other, again and again."""
    figure = _Figure.of(poses)
    frames, times = _timeline(figure.start, figure.end, figure.pause)
    animation = _Animation(frames, times, figure.seconds)
    return _svg(
        WIDTH, title, _panel(figure, animation, figure.start, 0) + _view_note(figure, WIDTH)
    )


def stills_svg(
    poses: Mapping[str, Any], *, title: str = "", labels: tuple[str, str] = ("Start", "End")
) -> str:
    """The two poses side by side, still, each with its label."""
    figure = _Figure.of(poses)
    parts = []
    for index, (pose, label) in enumerate(zip((figure.start, figure.end), labels, strict=True)):
        parts.append(
            _panel(figure, None, pose, index * WIDTH, arrow=index == 0)
            + f'<text x="{index * WIDTH + 8}" y="17" font-family="system-ui, sans-serif" '
            f'font-size="14" font-weight="600" fill="{LABEL_COLOUR}">{escape(label)}</text>'
        )
    divider = (
        f'<line x1="{WIDTH}" y1="8" x2="{WIDTH}" y2="{HEIGHT - 8}" stroke="{PROP_FILL}" '
        'stroke-width="1.5"/>'
    )
    return _svg(2 * WIDTH, title, "".join(parts) + divider + _view_note(figure, 2 * WIDTH))


VIEW_NOTES = {"front": "Seen from the front", "above": "Seen from above"}


def _view_note(figure: _Figure, width: int) -> str:
    """Says where the figure is seen from, unless from the side, as most are."""
    if figure.view not in VIEW_NOTES:
        return ""
    return (
        f'<text x="{width - 8}" y="16" text-anchor="end" '
        f'font-family="system-ui, sans-serif" font-size="9" fill="{LABEL_COLOUR}">'
        f"{VIEW_NOTES[figure.view]}</text>"
    )


def still_svg(poses: Mapping[str, Any], *, which: str = "end", title: str = "") -> str:
    """One pose, still, with the arrow of the movement: a small picture for lists."""
    figure = _Figure.of(poses)
    pose = figure.end if which == "end" else figure.start
    return _svg(WIDTH, title, _panel(figure, None, pose, 0))


def _svg(width: int, title: str, body: str) -> str:
    label = f' aria-label="{escape(title)}"' if title else ' aria-hidden="true"'
    heading = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" role="img"{label}>{heading}{body}</svg>'
    )


class _Animation:
    """The SMIL <animate> elements that move a drawn element through the frames."""

    def __init__(self, frames: list[Pose], times: list[float], seconds: float) -> None:
        self.frames = frames
        self.timing = (
            f'dur="{_number(seconds)}s" repeatCount="indefinite" '
            f'keyTimes="{";".join(_number(time, 4) for time in times)}"'
        )

    def attribute(self, name: str, value_of: Any) -> str:
        values = ";".join(value_of(frame) for frame in self.frames)
        return f'<animate attributeName="{name}" values="{values}" {self.timing}/>'

    def translate(self, value_of: Any) -> str:
        values = ";".join(value_of(frame) for frame in self.frames)
        return (
            f'<animateTransform attributeName="transform" type="translate" values="{values}" '
            f"{self.timing}/>"
        )


Box = tuple[float, float, float, float]  # x, y, width, height
MARGIN = 12  # room around the body for its strokes and its head
SMALLEST = 140  # the narrowest part of the canvas a figure is drawn from: close-ups stay calm


def _box(figure: _Figure) -> Box:
    """The part of the canvas the figure is drawn from, at the canvas's own proportions: all
    of both poses and their props, zoomed in when the body takes less room (someone lying
    down), with the floor always in sight."""
    xs = [pose[joint][0] for pose in (figure.start, figure.end) for joint in JOINTS]
    ys = [pose[joint][1] for pose in (figure.start, figure.end) for joint in JOINTS]
    for prop in figure.props:
        for x, y in _prop_corners(prop, figure):
            xs.append(x)
            ys.append(y)
    if figure.arrow and "circle" in figure.arrow:
        x, y = figure.start[figure.arrow["joint"]]
        dx, dy = figure.arrow.get("offset", [0, 0])
        radius = figure.arrow["circle"] + 4
        xs += [x + dx - radius, x + dx + radius]
        ys += [y + dy - radius, y + dy + radius]
    left, right = min(xs) - MARGIN, max(xs) + MARGIN
    top, bottom = min(ys) - MARGIN, max(ys) + MARGIN
    if figure.view in VIEW_NOTES:
        top -= 14  # room for the note that says where the figure is seen from
    if figure.view != "above":
        bottom = FLOOR + 7
    width = max(right - left, (bottom - top) * WIDTH / HEIGHT, SMALLEST)
    height = width * HEIGHT / WIDTH
    middle = (left + right) / 2
    if figure.view == "above":
        return (middle - width / 2, (top + bottom) / 2 - height / 2, width, height)
    return (middle - width / 2, bottom - height, width, height)


def _prop_corners(prop: dict[str, Any], figure: _Figure) -> list[Point]:
    kind, floor = prop["kind"], FLOOR
    if kind in ("chair", "sofa"):
        sign = 1 if prop["facing"] == "left" else -1
        depth, top = (26, floor - 78) if kind == "chair" else (46, floor - 64)
        return [(prop["x"], top), (prop["x"] + sign * depth, floor)]
    if kind == "wall":
        return [(prop["x"] - 4, floor)]
    if kind == "step":
        return [(prop["x"][0], floor - prop["height"]), (prop["x"][1], floor)]
    if kind in ("roller", "cushion"):
        x, y = prop["at"]
        return [(x - 8, y - 8), (x + 8, y + 8)]
    if kind == "kettlebell":
        dx, dy = prop.get("offset", [0, 6])
        return [
            (pose[prop["joint"]][0] + dx, pose[prop["joint"]][1] + dy + 10)
            for pose in (figure.start, figure.end)
        ]
    return []


def _panel(
    figure: _Figure, animation: _Animation | None, pose: Pose, x: float, *, arrow: bool = True
) -> str:
    """One drawing of the figure, at `x` of the picture, zoomed to the figure's box."""
    box = _box(figure)
    view_box = " ".join(_number(value) for value in box)
    return (
        f'<svg x="{_number(x)}" y="0" width="{WIDTH}" height="{HEIGHT}" viewBox="{view_box}">'
        f"{_scene(figure, animation, pose, box, arrow=arrow)}</svg>"
    )


def _scene(
    figure: _Figure, animation: _Animation | None, pose: Pose, box: Box, *, arrow: bool = True
) -> str:
    parts = [_ground(figure, box)]
    parts += [_fixed_prop(prop, figure, box) for prop in figure.props]
    behind = [limb for limb in LIMBS if limb in figure.behind]
    front = [limb for limb in LIMBS if limb not in figure.behind]
    parts += [_limb(limb, pose, animation, far=True) for limb in behind]
    parts += [_torso(pose, animation), _head(pose, animation, figure)]
    parts += [_limb(limb, pose, animation, far=False) for limb in front]
    parts += [_held_prop(prop, pose, animation) for prop in figure.props]
    if arrow and figure.arrow:
        parts.append(_arrow(figure))
    return "".join(parts)


def _ground(figure: _Figure, box: Box) -> str:
    x, y, width, height = box
    if figure.view == "above":
        return _rect(x, y, width, height, fill="#f4efe7", rx=0)
    return (
        f'<line class="floor" x1="{_number(x)}" y1="{FLOOR + 1}" x2="{_number(x + width)}" '
        f'y2="{FLOOR + 1}" stroke="{FLOOR_COLOUR}" stroke-width="2"/>'
    )


def _points(pose: Pose, joints: Iterable[str]) -> str:
    return " ".join(f"{_number(pose[joint][0])},{_number(pose[joint][1])}" for joint in joints)


def _limb(limb: str, pose: Pose, animation: _Animation | None, *, far: bool) -> str:
    """A limb as one round-jointed stroke. A near limb has a thin pale edge, so it reads apart
    from the body it crosses."""
    joints = LIMBS[limb]
    width = LIMB_WIDTHS[limb.split("_")[0]]
    moving = (
        animation.attribute("points", lambda frame: _points(frame, joints)) if animation else ""
    )
    strokes = [(INK_FAR, width)] if far else [(HALO, width + 2.5), (INK, width)]
    lines = "".join(
        f'<polyline points="{_points(pose, joints)}" stroke="{colour}" '
        f'stroke-width="{_number(stroke_width)}">{moving}</polyline>'
        for colour, stroke_width in strokes
    )
    return (
        f'<g class="{limb.replace("_", "-")}" fill="none" stroke-linecap="round" '
        f'stroke-linejoin="round">{lines}</g>'
    )


def _neck_points(pose: Pose) -> str:
    shoulders = _lerp(pose["shoulder_near"], pose["shoulder_far"], 0.5)
    return _points({"mid": shoulders, **pose}, ("mid", "neck", "head"))


def _torso_path(pose: Pose) -> str:
    """The trunk: shoulders to hips on the near side and back on the far side, each side a
    curve whose middle the spine's bend moves."""
    dx, dy = pose[SPINE]
    path = []
    for top, bottom in (("shoulder_near", "hip_near"), ("hip_far", "shoulder_far")):
        mx, my = _lerp(pose[top], pose[bottom], 0.5)
        path.append(
            f"{_number(pose[top][0])} {_number(pose[top][1])} "
            f"Q {_number(mx + 2 * dx)} {_number(my + 2 * dy)} "
            f"{_number(pose[bottom][0])} {_number(pose[bottom][1])}"
        )
    return f"M {path[0]} L {path[1]} Z"


def _torso(pose: Pose, animation: _Animation | None) -> str:
    torso_moving = neck_moving = ""
    if animation:
        torso_moving = animation.attribute("d", _torso_path)
        neck_moving = animation.attribute("points", _neck_points)
    return (
        f'<polyline class="neck" points="{_neck_points(pose)}" fill="none" stroke="{INK}" '
        f'stroke-width="{NECK_WIDTH}" stroke-linecap="round" stroke-linejoin="round">'
        f"{neck_moving}</polyline>"
        f'<path class="torso" d="{_torso_path(pose)}" fill="{INK}" stroke="{INK}" '
        f'stroke-width="{TORSO_WIDTH}" stroke-linejoin="round">{torso_moving}</path>'
    )


def _nose(pose: Pose, view: str, faces: str) -> Point:
    """Where the nose is: on the side of the head the face looks to."""
    (hx, hy), (nx, ny) = pose["head"], pose["neck"]
    reach = HEAD_RADIUS * 0.95
    if view == "above":
        dx, dy = LOOKS[faces]
        return (hx + dx * reach, hy + dy * reach)
    length = math.hypot(hx - nx, hy - ny) or 1
    ux, uy = (hx - nx) / length, (hy - ny) / length
    turn = 1 if faces == "right" else -1
    return (hx - turn * uy * reach + ux * 1.5, hy + turn * ux * reach + uy * 1.5)


def _head(pose: Pose, animation: _Animation | None, figure: _Figure) -> str:
    faces = figure.faces

    def nose(frame: Pose) -> Point:
        return _nose(frame, figure.view, faces or "")

    moving = nose_moving = ""
    if animation:
        moving = animation.attribute("cx", lambda frame: _number(frame["head"][0]))
        moving += animation.attribute("cy", lambda frame: _number(frame["head"][1]))
        if faces:
            nose_moving = animation.attribute("cx", lambda frame: _number(nose(frame)[0]))
            nose_moving += animation.attribute("cy", lambda frame: _number(nose(frame)[1]))
    x, y = pose["head"]
    head = (
        f'<circle class="head" cx="{_number(x)}" cy="{_number(y)}" r="{HEAD_RADIUS}" '
        f'fill="{INK}">{moving}</circle>'
    )
    if not faces:
        return head
    nx, ny = nose(pose)
    return head + (
        f'<circle class="nose" cx="{_number(nx)}" cy="{_number(ny)}" r="2.6" fill="{INK}">'
        f"{nose_moving}</circle>"
    )


def _fixed_prop(prop: dict[str, Any], figure: _Figure, box: Box) -> str:
    kind = prop["kind"]
    floor = FLOOR + 1
    if kind == "mat":
        # Under the whole body unless told where, and never wider than the picture.
        xs = [pose[joint][0] for pose in (figure.start, figure.end) for joint in JOINTS]
        ys = [pose[joint][1] for pose in (figure.start, figure.end) for joint in JOINTS]
        x1, x2 = prop.get("x", [min(xs) - 14, max(xs) + 14])
        x1, x2 = max(x1, box[0] + 3), min(x2, box[0] + box[2] - 3)
        if figure.view == "above":
            y1, y2 = prop.get("y", [min(ys) - 12, max(ys) + 12])
            return _rect(x1, y1, x2 - x1, y2 - y1, fill=MAT_FILL, rx=4)
        return _rect(x1, floor - 3.5, x2 - x1, 3.5, fill=MAT_FILL, rx=1.5)
    if kind == "wall":
        x, top = prop["x"], box[1] + 22  # below the picture's labels
        return _rect(x - 3, top, 6, floor - top, fill=PROP_FILL, stroke=PROP_COLOUR)
    if kind == "step":
        (x1, x2), height = prop["x"], prop["height"]
        return _rect(x1, floor - height, x2 - x1, height, fill=PROP_FILL, stroke=PROP_COLOUR)
    if kind == "roller":
        x, y = prop["at"]
        return (
            f'<circle class="roller" cx="{_number(x)}" cy="{_number(y)}" r="7" fill="{PROP_FILL}" '
            f'stroke="{PROP_COLOUR}" stroke-width="1.5"/>'
        )
    if kind == "cushion":
        x, y = prop["at"]
        return _rect(x - 8, y - 2.5, 16, 5, fill=PROP_FILL, stroke=PROP_COLOUR, rx=2.5)
    if kind in ("chair", "sofa"):
        return _seat(prop, floor)
    return ""


def _seat(prop: dict[str, Any], floor: float) -> str:
    """A chair (legs, seat, back) or a sofa (a block with a back), its front edge at x."""
    front, facing = prop["x"], prop["facing"]
    sign = 1 if facing == "left" else -1  # the seat runs away from the side it faces
    if prop["kind"] == "chair":
        seat_y, depth, back_top = floor - 36, 26, floor - 78
        back = front + sign * depth
        return (
            f'<g fill="none" stroke="{PROP_COLOUR}" stroke-width="3" stroke-linecap="round">'
            f'<line x1="{_number(front)}" y1="{seat_y}" x2="{_number(back)}" y2="{seat_y}"/>'
            f'<line x1="{_number(front + sign * 2)}" y1="{seat_y}" x2="{_number(front + sign * 2)}"'
            f' y2="{floor}"/>'
            f'<line x1="{_number(back)}" y1="{back_top}" x2="{_number(back)}" y2="{floor}"/></g>'
        )
    seat_y, depth = floor - 34, 46
    x = min(front, front + sign * depth)
    back_x = front + sign * depth - (10 if sign > 0 else 0)
    return _rect(x, seat_y, depth, floor - seat_y, fill=PROP_FILL, stroke=PROP_COLOUR, rx=3) + (
        _rect(back_x, seat_y - 30, 10, 30, fill=PROP_FILL, stroke=PROP_COLOUR, rx=3)
    )


def _rect(
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    fill: str,
    stroke: str = "none",
    rx: float = 2,
) -> str:
    return (
        f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
        f'height="{_number(height)}" rx="{_number(rx)}" fill="{fill}" stroke="{stroke}" '
        'stroke-width="1.5"/>'
    )


KETTLEBELL = (
    '<circle cx="0" cy="4" r="6" fill="#2b3438"/>'
    '<path d="M -4 -1 L -3.5 -5 Q 0 -8 3.5 -5 L 4 -1" fill="none" stroke="#2b3438" '
    'stroke-width="2"/>'
)


def _held_prop(prop: dict[str, Any], pose: Pose, animation: _Animation | None) -> str:
    kind = prop["kind"]
    if kind == "kettlebell":
        dx, dy = prop.get("offset", [0, 6])

        def place(frame: Pose) -> str:
            x, y = frame[prop["joint"]]
            return f"{_number(x + dx)} {_number(y + dy)}"

        moving = animation.translate(place) if animation else ""
        return (
            f'<g class="kettlebell" transform="translate({place(pose)})">{KETTLEBELL}{moving}</g>'
        )
    if kind in ("band", "strap"):
        one, other = prop["joints"]
        colour, width = ("#b4533f", 2.5) if kind == "band" else ("#9a6a2f", 3)
        ends = {"x1": (one, 0), "y1": (one, 1), "x2": (other, 0), "y2": (other, 1)}
        attributes = " ".join(
            f'{name}="{_number(pose[joint][axis])}"' for name, (joint, axis) in ends.items()
        )
        moving = ""
        if animation:
            for name, (joint, axis) in ends.items():
                moving += animation.attribute(
                    name, lambda frame, joint=joint, axis=axis: _number(frame[joint][axis])
                )
        return (
            f'<line class="{kind}" {attributes} stroke="{colour}" stroke-width="{width}" '
            f'stroke-linecap="round">{moving}</line>'
        )
    return ""


def _arrow(figure: _Figure) -> str:
    arrow = figure.arrow or {}
    dx, dy = arrow.get("offset", [0, 0])
    joint = arrow["joint"]
    head_style = f'fill="none" stroke="{ARROW_COLOUR}" stroke-width="2" stroke-linecap="round"'
    if "circle" in arrow:
        x, y = figure.start[joint]
        cx, cy, radius = x + dx, y + dy, arrow["circle"]
        # Three quarters of a circle, clockwise from the top, with its head at the end.
        end = (cx - radius, cy)
        path = (
            f"M {_number(cx)} {_number(cy - radius)} "
            f"A {_number(radius)} {_number(radius)} 0 1 1 {_number(end[0])} {_number(end[1])}"
        )
        return (
            f'<g class="arrow" stroke-linejoin="round"><path d="{path}" {head_style} '
            f'stroke-dasharray="4 3"/>{_arrow_head(end, -math.pi / 2, head_style)}</g>'
        )
    (x1, y1), (x2, y2) = figure.start[joint], figure.end[joint]
    x1, y1, x2, y2 = x1 + dx, y1 + dy, x2 + dx, y2 + dy
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 2:
        return ""
    # Stop short of the end so the head does not sit on the limb it points at.
    bend = arrow.get("bend", 0.25)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    cx, cy = mx - (y2 - y1) * bend, my + (x2 - x1) * bend
    path = (
        f"M {_number(x1)} {_number(y1)} Q {_number(cx)} {_number(cy)} {_number(x2)} {_number(y2)}"
    )
    angle = math.atan2(y2 - cy, x2 - cx)
    return (
        f'<g class="arrow" stroke-linejoin="round"><path d="{path}" {head_style} '
        f'stroke-dasharray="4 3"/>{_arrow_head((x2, y2), angle, head_style)}</g>'
    )


def _arrow_head(tip: Point, angle: float, head_style: str) -> str:
    points = []
    for side in (-1, 1):
        back = angle + math.pi + side * 0.5
        points.append((tip[0] + 6 * math.cos(back), tip[1] + 6 * math.sin(back)))
    return (
        f'<polyline points="{_number(points[0][0])},{_number(points[0][1])} '
        f'{_number(tip[0])},{_number(tip[1])} {_number(points[1][0])},{_number(points[1][1])}" '
        f"{head_style}/>"
    )


def _number(value: float, places: int = 1) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
