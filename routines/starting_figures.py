"""The figures of the starting library: each exercise's start and end poses, as the living data.

A data migration loads a frozen copy of the points this module gives (0021_starting_figures);
tests/routines/test_library_migrations.py checks that a database migrated from zero holds them.
Poses are written here as a body's angles, which keep every bone its length and read like a
coach's description; `pose()` turns them into the joints' points that routines.figures draws.

Angles are in degrees as on a clock face turned to maths: 0 points right, 90 up, 180 left,
270 down. Seen from the side the person faces right unless said otherwise.
"""

from __future__ import annotations

import math
from typing import Any

from routines.figures import FLOOR, JOINTS

Angle = float | tuple[float, float]  # an angle, or (angle, how much of the bone shows)

LENGTHS = {
    "torso": 36,
    "neck": 5,
    "head": 11,
    "upper_arm": 21,
    "forearm": 19,
    "thigh": 31,
    "shin": 30,
    "foot": 10,
}
# Heights of the middle of a body part lying on the floor (its stroke touches the floor line).
LYING = {"torso": FLOOR - 6.5, "head": FLOOR - 8.5, "limb": FLOOR - 4.5, "arm": FLOOR - 3.5}
STANDING_HIP = FLOOR - 4.5 - LENGTHS["shin"] - LENGTHS["thigh"]


Limb = tuple[Angle, ...] | dict[str, Any]


def _at(point: tuple[float, float], angle: Angle, length: float) -> tuple[float, float]:
    degrees, shown = angle if isinstance(angle, tuple) else (angle, 1.0)
    radians = math.radians(degrees)
    return (
        point[0] + length * shown * math.cos(radians),
        point[1] - length * shown * math.sin(radians),
    )


def _angle(one: tuple[float, float], other: tuple[float, float]) -> float:
    return math.degrees(math.atan2(one[1] - other[1], other[0] - one[0]))


def _reach(
    root: tuple[float, float], target: tuple[float, float], first: float, second: float, bend: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The middle joint and the end of a two-bone limb reaching from root towards target,
    bent to the `bend` side (1: turning anticlockwise from the straight line, -1: clockwise)."""
    distance = min(max(math.dist(root, target), abs(first - second) + 0.01), first + second - 0.01)
    cosine = (first**2 + distance**2 - second**2) / (2 * first * distance)
    middle = _at(root, _angle(root, target) + bend * math.degrees(math.acos(cosine)), first)
    return middle, _at(middle, _angle(middle, target), second)


def pose(
    *,
    hip: tuple[float, float],
    trunk: Angle = 90,
    neck: Angle | None = None,
    head: Angle | None = None,
    arm: Limb,
    leg: Limb,
    arm_far: Limb | None = None,
    leg_far: Limb | None = None,
    hips: float = 0,
    shoulders: float = 0,
    across: float = 0,
) -> dict[str, list[float]]:
    """The joints' points of a body: the middle of the hips at `hip`, the trunk at its angle,
    each limb's bones at theirs. A limb is given by its bones' angles (upper arm, forearm;
    thigh, shin, foot) or by where its hand or ankle reaches: {"to": (x, y), "bend": 1 or -1}
    (and "foot": its angle for a leg; "shown": how much of the bones shows, when the limb
    points towards the viewer). Seen from the front or above, `hips` and `shoulders`
    are their widths, laid along the angle `across` (the near side towards it)."""
    joints: dict[str, tuple[float, float]] = {}
    shoulder_middle = _at(hip, trunk, LENGTHS["torso"])
    for side, sign in (("near", 0), ("far", 180)):
        joints[f"hip_{side}"] = _at(hip, across + sign, hips / 2)
        joints[f"shoulder_{side}"] = _at(shoulder_middle, across + sign, shoulders / 2)
    neck = trunk if neck is None else neck
    joints["neck"] = _at(shoulder_middle, neck, LENGTHS["neck"])
    joints["head"] = _at(joints["neck"], neck if head is None else head, LENGTHS["head"])
    for side, spec in (("near", arm), ("far", arm_far or arm)):
        shoulder, upper, fore = joints[f"shoulder_{side}"], "upper_arm", "forearm"
        if isinstance(spec, dict):
            shown = spec.get("shown", 1)
            elbow, hand = _reach(
                shoulder,
                spec["to"],
                LENGTHS[upper] * shown,
                LENGTHS[fore] * shown,
                spec.get("bend", 1),
            )
        else:
            elbow = _at(shoulder, spec[0], LENGTHS[upper])
            hand = _at(elbow, spec[1], LENGTHS[fore])
        joints[f"elbow_{side}"], joints[f"hand_{side}"] = elbow, hand
    for side, spec in (("near", leg), ("far", leg_far or leg)):
        hip_point = joints[f"hip_{side}"]
        if isinstance(spec, dict):
            shown = spec.get("shown", 1)
            knee, ankle = _reach(
                hip_point,
                spec["to"],
                LENGTHS["thigh"] * shown,
                LENGTHS["shin"] * shown,
                spec.get("bend", 1),
            )
            foot = spec.get("foot", 0)
        else:
            knee = _at(hip_point, spec[0], LENGTHS["thigh"])
            ankle = _at(knee, spec[1], LENGTHS["shin"])
            foot = spec[2]
        joints[f"knee_{side}"], joints[f"ankle_{side}"] = knee, ankle
        joints[f"toe_{side}"] = _at(ankle, foot, LENGTHS["foot"])
    return {name: [round(joints[name][0], 1), round(joints[name][1], 1)] for name in JOINTS}


def figure(view: str, start: dict[str, Any], end: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"view": view, "start": start, "end": end, **rest}


FIGURES: dict[str, dict[str, Any]] = {}

MAT = {"kind": "mat"}
TORSO_Y, HEAD_Y, LIMB_Y, ARM_Y = LYING["torso"], LYING["head"], LYING["limb"], LYING["arm"]
FEET_FLAT = {"to": (138, LIMB_Y), "bend": 1, "foot": 0}


def _supine(hip_x: float = 100, **changes: Any) -> dict[str, list[float]]:
    """On the back, head to the left, knees bent and feet flat, arms by the sides."""
    body = {
        "hip": (hip_x, TORSO_Y),
        "trunk": 180,
        "neck": 180,
        "head": 172,
        "arm": (-3, 1),
        "leg": {**FEET_FLAT, "to": (hip_x + 38, LIMB_Y)},
    }
    return pose(**{**body, **changes})


def _trunk_to(hip: tuple[float, float], shoulder: tuple[float, float]) -> float:
    """The trunk's angle from the hips to where the shoulders are."""
    return math.degrees(math.atan2(hip[1] - shoulder[1], shoulder[0] - hip[0]))


# A hand resting on the body: the upper arm lies out to the side, towards the viewer.
HAND_ON_BELLY = ((-25, 0.35), 28)
HAND_ON_CHEST = ((-40, 0.3), 50)
HAND_RISEN = ((-25, 0.35), 40)

FIGURES["diaphragmatic-breathing"] = figure(
    "side",
    _supine(arm=HAND_ON_BELLY, arm_far=HAND_ON_CHEST),
    _supine(arm=HAND_RISEN, arm_far=HAND_ON_CHEST),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [5, -7], "bend": 0},
    seconds=8,
    pause=0.2,
)
FIGURES["box-breathing"] = figure(
    "side",
    _supine(arm=HAND_ON_BELLY),
    _supine(arm=HAND_RISEN),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [5, -7], "bend": 0},
    seconds=16,
    pause=0.25,
)
FIGURES["breathing-with-co-contraction"] = figure(
    "side",
    _supine(arm=((-30, 0.3), 50)),
    _supine(arm=((-30, 0.3), 62)),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [5, -7], "bend": 0},
    seconds=8,
    pause=0.2,
)
BRIDGE_HIP = (104, 112)
BRIDGE = {
    "hip": BRIDGE_HIP,
    "trunk": _trunk_to(BRIDGE_HIP, (70, TORSO_Y)),
    "neck": 180,
    "head": 172,
    "arm": (-2, 0),
}
FIGURES["supine-hip-bridge"] = figure(
    "side",
    _supine(),
    _supine(**BRIDGE),
    props=[MAT],
    arrow={"joint": "hip_near", "offset": [-14, -6], "bend": 0},
)
FIGURES["lying-pelvic-tilt"] = figure(
    "side",
    _supine(),
    _supine(hip=(100, TORSO_Y - 2)),
    spine={"start": [0, -2.5], "end": [0, 1.5]},
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [0, -9], "bend": 0.5},
    seconds=6,
)
FIGURES["heel-slides"] = figure(
    "side",
    _supine(),
    _supine(leg={"to": (160, LIMB_Y), "bend": 1, "foot": 60}, leg_far=FEET_FLAT),
    props=[MAT],
    arrow={"joint": "ankle_near", "offset": [0, -10], "bend": 0},
    seconds=5,
)
FIGURES["dead-bug"] = figure(
    "side",
    _supine(leg=(85, 0, 0), arm=(90, 90)),
    _supine(leg=(85, 0, 0), arm=(165, 170), leg_far=(10, 0, 0)),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [0, -6], "bend": 0.3},
    seconds=5,
)
FIGURES["glute-bridge-march"] = figure(
    "side",
    _supine(**BRIDGE),
    _supine(**BRIDGE, leg=(75, 300, 20), leg_far={**FEET_FLAT, "to": (142, LIMB_Y)}),
    props=[MAT],
    arrow={"joint": "ankle_near", "offset": [8, -4], "bend": 0.3},
)
FIGURES["single-leg-bridge"] = figure(
    "side",
    _supine(leg=(40, 40, 60), leg_far=FEET_FLAT),
    _supine(**BRIDGE, leg=(10, 10, 40), leg_far={**FEET_FLAT, "to": (142, LIMB_Y)}),
    behind=["arm_far"],
    props=[MAT],
    arrow={"joint": "hip_near", "offset": [-14, -6], "bend": 0},
)
FIGURES["knees-to-chest"] = figure(
    "side",
    _supine(),
    _supine(leg=(125, 330, 10), arm={"to": (92, 104), "bend": -1}),
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [0, -10], "bend": 0.3},
    seconds=6,
)


def _figure_four(far_leg: Limb, **changes: Any) -> dict[str, list[float]]:
    """On the back, the near ankle crossed over the far knee, the near knee out to the side."""
    far_knee = _supine(leg_far=far_leg, **changes)["knee_far"]
    crossed = {"to": (far_knee[0] + 2, far_knee[1] - 6), "bend": 1, "shown": 0.8, "foot": 30}
    return _supine(leg=crossed, leg_far=far_leg, **changes)


def _figure_four_pulled() -> dict[str, list[float]]:
    """The far thigh drawn towards the chest, the near ankle still on its knee."""
    far_leg = (100, 0, 10)
    far_knee = _supine(leg_far=far_leg)["knee_far"]
    crossed = {"to": (far_knee[0] + 2, far_knee[1] - 5), "bend": -1, "shown": 0.7, "foot": 180}
    return _supine(leg=crossed, leg_far=far_leg, arm={"to": (96, 112), "bend": -1})


FIGURES["supine-figure-four-stretch"] = figure(
    "side",
    _figure_four(FEET_FLAT),
    _figure_four_pulled(),
    props=[MAT],
    arrow={"joint": "knee_far", "offset": [0, -12], "bend": 0.3},
    seconds=6,
)
HANDS_UNDER_BACK = ((-40, 0.3), -2)
ELBOWS_LIFTED = ((40, 0.35), -25)
CURL_UP = {"trunk": 172, "neck": 168, "head": 165}
FIGURES["mcgill-curl-up"] = figure(
    "side",
    _supine(arm=HANDS_UNDER_BACK, leg_far=(0, 0, 70)),
    _supine(**CURL_UP, arm=HANDS_UNDER_BACK, leg_far=(0, 0, 70)),
    props=[MAT],
    arrow={"joint": "head", "offset": [0, -13], "bend": 0},
)
FIGURES["mcgill-curl-up-elbows-lifted"] = figure(
    "side",
    _supine(arm=ELBOWS_LIFTED, leg_far=(0, 0, 70)),
    _supine(**CURL_UP, arm=ELBOWS_LIFTED, leg_far=(0, 0, 70)),
    props=[MAT],
    arrow={"joint": "head", "offset": [0, -13], "bend": 0},
)
FIGURES["legs-on-chair-rest"] = figure(
    "side",
    _supine(hip_x=95, leg=(88, 0, 70)),
    _supine(hip_x=95, leg=(88, 0, 70), arm=(-3, 2)),
    spine={"start": [0, -1.5], "end": [0, 1]},
    props=[MAT, {"kind": "chair", "x": 124, "facing": "left"}],
    seconds=8,
    pause=0.2,
)

# Face down, on hands and knees, on forearms: the head is to the right.
QUAD_HIP = (78, LIMB_Y - LENGTHS["thigh"])
QUAD_TRUNK = math.degrees(
    math.asin((QUAD_HIP[1] - (ARM_Y - LENGTHS["upper_arm"] - LENGTHS["forearm"])) / 36)
)
QUADRUPED = {
    "hip": QUAD_HIP,
    "trunk": QUAD_TRUNK,
    "neck": QUAD_TRUNK,
    "head": 0,
    "arm": (270, 270),
    "leg": (270, 180, 190),
}


def _quadruped(**changes: Any) -> dict[str, list[float]]:
    return pose(**{**QUADRUPED, **changes})


def _prone(hip_x: float = 90, **changes: Any) -> dict[str, list[float]]:
    body = {
        "hip": (hip_x, TORSO_Y),
        "trunk": 0,
        "neck": 0,
        "head": 8,
        "arm": (0, 0),
        "leg": (180, 180, 185),
    }
    return pose(**{**body, **changes})


FIGURES["crocodile-breathing"] = figure(
    "side",
    _prone(arm=((-20, 0.4), 2), neck=4, head=12),
    _prone(hip=(90, TORSO_Y - 1), trunk=1, arm=((-20, 0.4), 2), neck=5, head=12),
    spine={"start": [0, 0], "end": [0, -1.5]},
    props=[MAT],
    seconds=8,
    pause=0.2,
)
FIGURES["sphinx"] = figure(
    "side",
    _prone(hip_x=84, trunk=6, neck=6, head=0, arm=(-20, 0)),
    _prone(hip_x=84, trunk=24, neck=30, head=20, arm=((272, 0.84), 0)),
    props=[MAT],
    arrow={"joint": "shoulder_near", "offset": [0, -14], "bend": -0.3},
    seconds=6,
)
PLANK_SHOULDER = (128, ARM_Y - LENGTHS["upper_arm"])
FIGURES["plank"] = figure(
    "side",
    pose(
        hip=(93, PLANK_SHOULDER[1] + 3),
        trunk=_trunk_to((93, PLANK_SHOULDER[1] + 3), PLANK_SHOULDER),
        neck=0,
        head=0,
        arm=(270, 0),
        leg={"to": (50, LIMB_Y), "bend": 1, "foot": 175},
    ),
    pose(
        hip=(92.5, PLANK_SHOULDER[1] + 5.8),
        trunk=_trunk_to((92.5, PLANK_SHOULDER[1] + 5.8), PLANK_SHOULDER),
        neck=0,
        head=0,
        arm=(270, 0),
        leg=(189, 189, 255),
    ),
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [0, -10], "bend": 0},
)
FIGURES["bird-dog"] = figure(
    "side",
    _quadruped(),
    _quadruped(arm=(5, 5), leg_far=(178, 178, 260)),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [0, -8], "bend": -0.3},
)
FIGURES["cat-cow-pelvic-tilt"] = figure(
    "side",
    _quadruped(neck=-30, head=-60),
    _quadruped(neck=35, head=20),
    spine={"start": [0, -6], "end": [0, 4]},
    props=[MAT],
    seconds=6,
)
FIGURES["thread-the-needle"] = figure(
    "side",
    _quadruped(arm=(88, 92), neck=40, head=70),
    _quadruped(
        trunk=-8,
        neck=-25,
        head=-40,
        arm=((255, 0.8), (5, 0.5)),
        arm_far={"to": (128, ARM_Y), "bend": 1},
    ),
    props=[MAT],
    arrow={"joint": "hand_near", "offset": [10, 0], "bend": -0.4},
    seconds=6,
)

# Lying on the side, seen from in front, head to the left: the top limbs are the near ones.
SIDE_HIP = (104, TORSO_Y - 4)


def _side_lying(**changes: Any) -> dict[str, list[float]]:
    body = {
        "hip": SIDE_HIP,
        "trunk": 180,
        "neck": 180,
        "head": 180,
        "hips": 8,
        "shoulders": 8,
        "across": 90,
        "arm": ((-30, 0.5), 340),
        "arm_far": (180, 170),
        "leg": (0, 0, 350),
        "leg_far": ((330, 0.5), (190, 0.6), (10, 0.5)),
    }
    return pose(**{**body, **changes})


FIGURES["side-lying-leg-lift"] = figure(
    "front",
    _side_lying(),
    _side_lying(leg=(22, 22, 10)),
    behind=["arm_far", "leg_far"],
    props=[MAT],
    arrow={"joint": "ankle_near", "offset": [6, 0], "bend": 0.2},
)
FIGURES["side-lying-hip-abduction"] = figure(
    "front",
    _side_lying(),
    _side_lying(leg=(22, 22, 10)),
    behind=["arm_far", "leg_far"],
    props=[MAT, {"kind": "band", "joints": ["knee_near", "knee_far"]}],
    arrow={"joint": "ankle_near", "offset": [6, 0], "bend": 0.2},
)


def _clam(opened: float) -> dict[str, list[float]]:
    """On the side with hips and knees bent, seen from in front and a little above, so the
    knees (nearer the viewer) sit lower in the picture than the hips and feet. `opened`: how
    far the top knee has lifted, in degrees."""
    body = _side_lying(hip=(104, TORSO_Y - 12), arm_far=(160, 20), head=175)
    bottom_hip = body["hip_far"]
    top_hip = body["hip_near"]
    bottom_knee = (bottom_hip[0] + 22, LIMB_Y)
    bottom_ankle = (bottom_hip[0] + 43, bottom_hip[1])
    top_ankle = (bottom_ankle[0], bottom_ankle[1] - 7)
    # The top knee turns about the line from hip to feet, towards the ceiling.
    axis = ((top_hip[0] + top_ankle[0]) / 2, (top_hip[1] + top_ankle[1]) / 2)
    reach = (bottom_knee[1] - 7) - axis[1]
    angle = math.radians(opened)
    top_knee = (bottom_knee[0] - 2 * math.sin(angle), axis[1] + reach * math.cos(angle))
    top_knee = (top_knee[0], top_knee[1] - 22 * math.sin(angle))
    points = {
        "knee_far": bottom_knee,
        "ankle_far": bottom_ankle,
        "toe_far": (bottom_ankle[0] + 4, bottom_ankle[1] + 6),
        "knee_near": top_knee,
        "ankle_near": top_ankle,
        "toe_near": (top_ankle[0] + 4, top_ankle[1] + 6),
    }
    return {**body, **{name: [round(x, 1), round(y, 1)] for name, (x, y) in points.items()}}


FIGURES["clamshell"] = figure(
    "front",
    _clam(0),
    _clam(60),
    behind=["arm_far", "leg_far"],
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [6, 0], "bend": 0.3},
)
FIGURES["clamshell-with-band"] = figure(
    "front",
    _clam(0),
    _clam(50),
    behind=["arm_far", "leg_far"],
    props=[MAT, {"kind": "band", "joints": ["knee_near", "knee_far"]}],
    arrow={"joint": "knee_near", "offset": [6, 0], "bend": 0.3},
)
SIDE_PLANK_SHOULDER = (62, ARM_Y - LENGTHS["upper_arm"])


def _side_plank(bottom_hip: tuple[float, float], legs: float) -> dict[str, list[float]]:
    """On the bottom forearm, elbow under the shoulder, legs stacked and straight."""
    trunk = _trunk_to(bottom_hip, SIDE_PLANK_SHOULDER)
    across = trunk - 90
    hips = 12
    middle = (
        bottom_hip[0] + hips / 2 * math.cos(math.radians(across)),
        bottom_hip[1] - hips / 2 * math.sin(math.radians(across)),
    )
    return pose(
        hip=middle,
        trunk=trunk,
        neck=trunk,
        head=trunk,
        hips=hips,
        shoulders=hips,
        across=across,
        arm=((300, 0.6), 330),
        arm_far=((270, 1), 0),
        leg=(legs, legs, legs + 80),
        leg_far=(legs, legs, legs + 80),
    )


FIGURES["side-plank"] = figure(
    "front",
    _side_plank((100, TORSO_Y), legs=-2),
    _side_plank((97, 123.5), legs=_trunk_to(SIDE_PLANK_SHOULDER, (97, 123.5))),
    behind=["arm_far", "leg_far"],
    props=[MAT],
    arrow={"joint": "hip_far", "offset": [0, -14], "bend": 0},
)

# Standing, seen from the side, facing right.
STAND = (100, STANDING_HIP)
ARMS_DOWN = (268, 272)
STRAIGHT_LEG = (270, 270, 0)


def _standing(hip: tuple[float, float] = STAND, **changes: Any) -> dict[str, list[float]]:
    body = {"hip": hip, "trunk": 90, "neck": 92, "head": 90, "arm": ARMS_DOWN, "leg": STRAIGHT_LEG}
    return pose(**{**body, **changes})


def _stance(
    hip: tuple[float, float], front: float, back: float, trunk: Angle = 90, **changes: Any
) -> dict[str, list[float]]:
    """A split stance: the far foot flat at x = front, the near (back) foot on its toes at
    x = back, hips at `hip`."""
    return _standing(
        hip=hip,
        trunk=trunk,
        leg={"to": (back, LIMB_Y - 4), "bend": 1, "foot": 320},
        leg_far={"to": (front, LIMB_Y), "bend": 1, "foot": 0},
        **changes,
    )


FIGURES["marching-in-place"] = figure(
    "side",
    _standing(arm=(262, 275), arm_far=(275, 268)),
    _standing(leg=(345, 268, 355), arm=(245, 262), arm_far=(295, 330), leg_far=STRAIGHT_LEG),
    arrow={"joint": "knee_near", "offset": [8, 0], "bend": 0.3},
    seconds=3,
)
FIGURES["ankle-circles"] = figure(
    "side",
    _standing(leg=(300, 265, 20), leg_far=STRAIGHT_LEG, arm=ARMS_DOWN, arm_far=(330, 320)),
    _standing(leg=(300, 265, 320), leg_far=STRAIGHT_LEG, arm=ARMS_DOWN, arm_far=(330, 320)),
    props=[{"kind": "wall", "x": 142}],
    arrow={"joint": "toe_near", "circle": 7, "offset": [-3, 0]},
)
KNEES_BENT = {"to": (104, LIMB_Y), "bend": 1, "foot": 0}
FIGURES["knee-circles"] = figure(
    "side",
    _standing(
        hip=(96, STANDING_HIP + 6),
        trunk=65,
        neck=55,
        head=40,
        leg={**KNEES_BENT},
        arm={"to": (120, 106), "bend": -1},
    ),
    _standing(
        hip=(98, STANDING_HIP + 2),
        trunk=70,
        neck=60,
        head=45,
        leg={**KNEES_BENT},
        arm={"to": (114, 104), "bend": -1},
    ),
    arrow={"joint": "knee_near", "circle": 8, "offset": [10, 0]},
)


def _facing_us(near_leg: tuple[Angle, Angle, Angle]) -> dict[str, list[float]]:
    """Standing, seen from the front, on the far leg (the viewer's right), the far hand on a
    wall at that side."""
    return pose(
        hip=STAND,
        trunk=90,
        hips=18,
        shoulders=26,
        across=180,
        arm=(262, 272),
        arm_far={"to": (136, 52), "bend": -1},
        leg=near_leg,
        leg_far=(270, 270, (270, 0.3)),
    )


FIGURES["standing-hip-circles"] = figure(
    "front",
    _facing_us(((80, 0.3), 270, (270, 0.3))),
    _facing_us(((185, 0.9), 265, (250, 0.3))),
    props=[{"kind": "wall", "x": 140}],
    arrow={"joint": "knee_near", "circle": 10, "offset": [0, 0]},
    seconds=5,
)
FIGURES["leg-swings"] = figure(
    "side",
    _standing(leg=(320, 305, 15), leg_far=STRAIGHT_LEG, arm=(290, 270), arm_far=(320, 330)),
    _standing(leg=(240, 245, 315), leg_far=STRAIGHT_LEG, arm=(255, 260), arm_far=(320, 330)),
    arrow={"joint": "ankle_near", "offset": [0, 8], "bend": -0.4},
    seconds=3,
)
WALL_AHEAD = {"kind": "wall", "x": 150}
FIGURES["standing-hip-flexor-stretch"] = figure(
    "side",
    _stance((96, STANDING_HIP + 3), front=122, back=70, arm={"to": (147, 66), "bend": -1}),
    _stance((106, STANDING_HIP + 5), front=122, back=70, arm={"to": (147, 66), "bend": -1}),
    spine={"start": [0, 0], "end": [1.5, 0]},
    props=[WALL_AHEAD],
    arrow={"joint": "hip_near", "offset": [0, -8], "bend": 0},
    seconds=5,
)

# Half-kneeling: the near (back) knee down on a cushion, the far foot flat in front.
KNEEL_Y = LIMB_Y - 2


def _half_kneeling(
    hip_x: float, knee_x: float, front_x: float = 136, **changes: Any
) -> dict[str, list[float]]:
    hip = (hip_x, KNEEL_Y - math.sqrt(max(LENGTHS["thigh"] ** 2 - (hip_x - knee_x) ** 2, 1)))
    body = {
        "hip": hip,
        "trunk": 90,
        "neck": 92,
        "head": 90,
        "arm": {"to": (hip_x + 4, hip[1] - 2), "bend": -1},
        "leg": ((_angle(hip, (knee_x, KNEEL_Y))), 180, 185),
        "leg_far": {"to": (front_x, LIMB_Y), "bend": 1, "foot": 0},
    }
    return pose(**{**body, **changes})


def _cushion(knee_x: float) -> dict[str, Any]:
    return {"kind": "cushion", "at": [knee_x, FLOOR - 2.5]}


FIGURES["half-kneeling-hip-flexor-stretch"] = figure(
    "side",
    _half_kneeling(94, 92),
    _half_kneeling(104, 92),
    spine={"start": [0, 0], "end": [1.5, 0]},
    props=[MAT, _cushion(92)],
    arrow={"joint": "hip_near", "offset": [0, -8], "bend": 0},
    seconds=5,
)
FIGURES["kneeling-hip-flexor-stretch"] = figure(
    "side",
    _half_kneeling(94, 92, arm={"to": (100, 42), "bend": -1}),
    _half_kneeling(
        104,
        92,
        leg=(_angle((104, 75.5), (92, KNEEL_Y)), 120, 150),
        arm={"to": (108, 44), "bend": -1},
    ),
    props=[MAT, _cushion(92), {"kind": "strap", "joints": ["hand_near", "ankle_near"]}],
    arrow={"joint": "ankle_near", "offset": [-8, 0], "bend": -0.3},
    seconds=6,
)
SOFA_FRONT = 58
FIGURES["couch-stretch"] = figure(
    "side",
    _half_kneeling(
        80,
        SOFA_FRONT + 8,
        front_x=130,
        trunk=55,
        neck=45,
        head=40,
        leg=(_angle((80, 83), (SOFA_FRONT + 8, KNEEL_Y)), 92, 95),
        arm={"to": (112, 108), "bend": -1},
    ),
    _half_kneeling(
        84,
        SOFA_FRONT + 8,
        front_x=130,
        trunk=85,
        leg=(_angle((84, 83), (SOFA_FRONT + 8, KNEEL_Y)), 92, 95),
        arm={"to": (114, 106), "bend": -1},
    ),
    props=[{"kind": "sofa", "x": SOFA_FRONT, "facing": "right"}, _cushion(SOFA_FRONT + 8)],
    arrow={"joint": "head", "offset": [8, -6], "bend": -0.2},
    seconds=6,
)
CHAIR_BESIDE = {"kind": "chair", "x": 82, "facing": "right"}
FIGURES["chair-assisted-lunge"] = figure(
    "side",
    _stance((98, STANDING_HIP + 2), front=124, back=66, arm_far={"to": (66, 64), "bend": 1}),
    _stance((96, STANDING_HIP + 16), front=124, back=62, arm_far={"to": (64, 66), "bend": 1}),
    props=[CHAIR_BESIDE],
    arrow={"joint": "hip_near", "offset": [10, 0], "bend": 0},
)
FIGURES["dynamic-lunge-with-pause"] = figure(
    "side",
    _standing(),
    _stance((96, STANDING_HIP + 24), front=120, back=52, arm=(265, 275)),
    arrow={"joint": "ankle_near", "offset": [0, -6], "bend": -0.3},
)
FIGURES["split-squat"] = figure(
    "side",
    _stance((94, STANDING_HIP + 4), front=128, back=56),
    _stance((92, STANDING_HIP + 26), front=128, back=54),
    arrow={"joint": "hip_near", "offset": [14, 0], "bend": 0},
)
STEP = {"kind": "step", "x": [112, 172], "height": 18}
FIGURES["step-up"] = figure(
    "side",
    _standing(
        hip=(96, STANDING_HIP),
        leg={"to": (126, LIMB_Y - 18), "bend": 1, "foot": 0},
        leg_far={"to": (96, LIMB_Y), "bend": 1, "foot": 0},
        arm=(260, 280),
    ),
    _standing(
        hip=(126, STANDING_HIP - 18),
        leg={"to": (126, LIMB_Y - 18), "bend": 1, "foot": 0},
        leg_far={"to": (120, LIMB_Y - 18), "bend": 1, "foot": 0},
        arm=(260, 280),
    ),
    props=[STEP],
    arrow={"joint": "hip_near", "offset": [-10, -4], "bend": 0.3},
)
HANDS_ON_HIPS = {"to": (108, 74), "bend": -1}
HINGE_HIP = (88, STANDING_HIP + 6)
FIGURES["bodyweight-hip-hinge"] = figure(
    "side",
    _standing(arm=HANDS_ON_HIPS),
    _standing(
        hip=HINGE_HIP,
        trunk=40,
        neck=35,
        head=30,
        leg={"to": (100, LIMB_Y), "bend": 1, "foot": 0},
        arm={"to": (HINGE_HIP[0] + 8, HINGE_HIP[1] - 6), "bend": -1},
    ),
    arrow={"joint": "hip_near", "offset": [0, -10], "bend": 0.2},
)
FIGURES["kettlebell-deadlift"] = figure(
    "side",
    _standing(
        hip=(86, STANDING_HIP + 14),
        trunk=35,
        neck=30,
        head=25,
        leg={"to": (100, LIMB_Y), "bend": 1, "foot": 0},
        arm={"to": (108, 122), "bend": 1},
    ),
    _standing(arm={"to": (104, 82), "bend": 1}),
    props=[{"kind": "kettlebell", "joint": "hand_near"}],
    arrow={"joint": "hip_near", "offset": [-10, 0], "bend": -0.3},
)
FIGURES["partial-kettlebell-swing"] = figure(
    "side",
    _standing(
        hip=(84, STANDING_HIP + 10),
        trunk=35,
        neck=30,
        head=25,
        leg={"to": (100, LIMB_Y), "bend": 1, "foot": 0},
        arm={"to": (94, 110), "bend": 1},
    ),
    _standing(arm=(325, 335)),
    props=[{"kind": "kettlebell", "joint": "hand_near", "offset": [3, 5]}],
    arrow={"joint": "hand_near", "offset": [8, 8], "bend": 0.3},
    seconds=2.5,
    pause=0.05,
)
CHAIR_BEHIND = {"kind": "chair", "x": 88, "facing": "right"}
SEAT_Y = FLOOR - 36 - 6
ARMS_CROSSED = ((320, 0.5), (170, 0.8))
FIGURES["sit-to-stand"] = figure(
    "side",
    pose(
        hip=(76, SEAT_Y),
        trunk=80,
        neck=82,
        head=85,
        arm=ARMS_CROSSED,
        leg={"to": (112, LIMB_Y), "bend": 1, "foot": 0},
    ),
    _standing(hip=(108, STANDING_HIP), arm=ARMS_CROSSED),
    props=[CHAIR_BEHIND],
    arrow={"joint": "hip_near", "offset": [-8, -8], "bend": -0.3},
)
WALL_BEHIND = {"kind": "wall", "x": 66}
FIGURES["wall-sit"] = figure(
    "side",
    _standing(hip=(78, STANDING_HIP + 3), leg={"to": (106, LIMB_Y), "bend": 1, "foot": 0}),
    pose(
        hip=(78, STANDING_HIP + 28),
        trunk=90,
        neck=92,
        head=90,
        arm=ARMS_DOWN,
        leg={"to": (108, LIMB_Y), "bend": 1, "foot": 0},
    ),
    props=[WALL_BEHIND],
    arrow={"joint": "hip_near", "offset": [10, -10], "bend": 0},
)
FIGURES["goblet-squat"] = figure(
    "side",
    _standing(arm={"to": (114, 58), "bend": -1}),
    pose(
        hip=(82, STANDING_HIP + 38),
        trunk=68,
        neck=75,
        head=80,
        arm={"to": (112, 94), "bend": -1},
        leg={"to": (104, LIMB_Y), "bend": 1, "foot": 0},
    ),
    props=[{"kind": "kettlebell", "joint": "hand_near", "offset": [2, 3]}],
    arrow={"joint": "hip_near", "offset": [-10, 0], "bend": 0.3},
)
SOFA_EDGE = 60
FIGURES["hip-thrust"] = figure(
    "side",
    pose(
        hip=(80, TORSO_Y - 2),
        trunk=_trunk_to((80, TORSO_Y - 2), (SOFA_EDGE + 4, FLOOR - 40)),
        neck=130,
        head=100,
        arm={"to": (84, TORSO_Y - 10), "bend": -1},
        leg={"to": (128, LIMB_Y), "bend": 1, "foot": 0},
    ),
    pose(
        hip=(98, FLOOR - 44),
        trunk=_trunk_to((98, FLOOR - 44), (SOFA_EDGE + 4, FLOOR - 42)),
        neck=150,
        head=110,
        arm={"to": (98, FLOOR - 52), "bend": -1},
        leg={"to": (128, LIMB_Y), "bend": 1, "foot": 0},
    ),
    props=[
        {"kind": "sofa", "x": SOFA_EDGE, "facing": "right"},
        {"kind": "kettlebell", "joint": "hip_near", "offset": [0, -10]},
    ],
    arrow={"joint": "hip_near", "offset": [10, 4], "bend": 0},
)
FIGURES["light-walking"] = figure(
    "side",
    _standing(
        hip=(96, STANDING_HIP + 2),
        leg={"to": (120, LIMB_Y), "bend": 1, "foot": 10},
        leg_far={"to": (76, LIMB_Y - 3), "bend": 1, "foot": 330},
        arm=(250, 265),
        arm_far=(290, 300),
    ),
    _standing(
        hip=(104, STANDING_HIP + 2),
        leg={"to": (84, LIMB_Y - 3), "bend": 1, "foot": 330},
        leg_far={"to": (128, LIMB_Y), "bend": 1, "foot": 10},
        arm=(290, 300),
        arm_far=(250, 265),
    ),
    seconds=2.4,
    pause=0.02,
)


def _on_forearms(hip: tuple[float, float], shoulder_x: float, **changes: Any) -> dict:
    shoulder = (shoulder_x, ARM_Y - LENGTHS["upper_arm"])
    body = {
        "hip": hip,
        "trunk": _trunk_to(hip, shoulder),
        "neck": 0,
        "head": -5,
        "arm": (270, 0),
    }
    return pose(**{**body, **changes})


ROLLER = (90, FLOOR - 7)
FIGURES["foam-rolling-hip-flexors-quads"] = figure(
    "side",
    _on_forearms(
        (116, 121),
        150,
        leg={"to": (56, LIMB_Y - 2), "bend": -1, "foot": 250},
        leg_far=((300, 0.5), (185, 0.7), 190),
    ),
    _on_forearms(
        (98, 122),
        132,
        leg={"to": (40, LIMB_Y - 2), "bend": -1, "foot": 250},
        leg_far=((300, 0.5), (185, 0.7), 190),
    ),
    props=[MAT, {"kind": "roller", "at": list(ROLLER)}],
    arrow={"joint": "shoulder_near", "offset": [0, -12], "bend": 0},
    seconds=6,
)
CHILDS_POSE = pose(
    hip=(52, 120),
    trunk=-12,
    neck=-20,
    head=-25,
    arm=(-8, -3),
    leg=(_angle((52, 120), (78, LIMB_Y)), 180, 185),
)
FIGURES["gentle-yoga"] = figure(
    "side",
    CHILDS_POSE,
    _quadruped(),
    props=[MAT],
    arrow={"joint": "hip_near", "offset": [0, -14], "bend": 0.3},
    seconds=6,
)
FIGURES["mobility-flow"] = figure(
    "side",
    _quadruped(),
    _half_kneeling(94, 92),
    props=[MAT],
    arrow={"joint": "head", "offset": [0, -8], "bend": 0.3},
    seconds=6,
)

# Seen from above: the person lies on the back, head to the left, or sits facing down the
# picture. The near side is towards the top of the picture.
ABOVE_HIP = (104, 75)


def _from_above_lying(near_leg: Limb, far_leg: Limb) -> dict[str, list[float]]:
    return pose(
        hip=ABOVE_HIP,
        trunk=180,
        neck=180,
        head=180,
        hips=20,
        shoulders=30,
        across=90,
        arm=(350, 0),
        arm_far=(10, 0),
        leg=near_leg,
        leg_far=far_leg,
    )


def _knees(side: int) -> tuple[Limb, Limb]:
    """Both legs, feet flat where they were, knees fallen `side` (1: towards the top of the
    picture, 0: pointing up at the ceiling)."""
    legs = []
    for hip_y, outwards in ((ABOVE_HIP[1] - 10, 1), (ABOVE_HIP[1] + 10, -1)):
        ankle = (ABOVE_HIP[0] + 42, hip_y)
        if side == 0:  # seen from above, a knee pointing up shows as a slight bend
            legs.append({"to": ankle, "bend": outwards, "shown": 0.73, "foot": (0, 0.7)})
        else:
            legs.append({"to": ankle, "bend": side, "shown": 0.95, "foot": (0, 0.7)})
    return legs[0], legs[1]


FIGURES["lying-knee-rocks"] = figure(
    "above",
    _from_above_lying(*_knees(0)),
    _from_above_lying(*_knees(1)),
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [0, -10], "bend": 0.3},
    seconds=5,
)
SEATED = (100, 84)


def _ninety_ninety(side: int) -> dict[str, list[float]]:
    """Sitting, hands on the floor behind, facing down the picture; both knees down to the
    viewer's right (side 1) or left (side -1): the front shin across, the back shin behind."""
    front = {"leg": (270 + side * 25, 270 + side * 25 - side * 100, (0, 0.5))}
    back = {"leg": (90 - side * 90 - side * 15, 90 + side * 5, (90, 0.5))}
    near, far = (back, front) if side == 1 else (front, back)
    return pose(
        hip=SEATED,
        trunk=(90, 0.35),
        neck=(90, 0.2),
        head=(90, 0.2),
        hips=20,
        shoulders=30,
        across=0,
        arm=((60, 0.6), (80, 0.5)),
        arm_far=((120, 0.6), (100, 0.5)),
        leg=near["leg"],
        leg_far=far["leg"],
    )


FIGURES["ninety-ninety-hip-switch"] = figure(
    "above",
    _ninety_ninety(1),
    _ninety_ninety(-1),
    faces="down",
    behind=["arm_near", "arm_far"],
    props=[MAT],
    arrow={"joint": "knee_near", "offset": [0, 8], "bend": -0.4},
    seconds=6,
)

# What each figure shows, in words, for people who cannot see it.
DESCRIPTIONS: dict[str, str] = {
    "diaphragmatic-breathing": "Lying on your back, knees bent and feet flat, one hand on the "
    "belly and one on the chest; the belly hand rises as you breathe in.",
    "crocodile-breathing": "Lying face down, forehead resting on your stacked hands, legs "
    "long; the back rises a little as you breathe in.",
    "box-breathing": "Lying on your back, knees bent, a hand on your belly; it rises slowly "
    "as you breathe in, and falls as you breathe out.",
    "marching-in-place": "Standing tall, then one knee lifts to a comfortable height while "
    "the opposite arm swings forward.",
    "ankle-circles": "Standing on one leg, a hand on the wall, the other foot just off the "
    "floor; the toes draw a circle.",
    "knee-circles": "Standing with knees soft and hands resting on them; the knees circle, "
    "bending forward and straightening back.",
    "standing-hip-circles": "Seen from the front: standing on one leg, a hand on the wall; "
    "the other knee lifts in front, then turns out to the side and down in a circle.",
    "leg-swings": "Standing side-on to a wall on one leg; the other leg swings forward, then back.",
    "supine-hip-bridge": "Lying on your back, knees bent and feet flat; the hips lift until "
    "shoulders, hips and knees make a line.",
    "lying-pelvic-tilt": "Lying on your back, knees bent and feet flat; the lower back arches "
    "a little, then flattens to the floor as the pelvis rolls back.",
    "cat-cow-pelvic-tilt": "On hands and knees; the back rounds up with the head down, then "
    "the belly sinks and the head lifts.",
    "lying-knee-rocks": "Seen from above: lying on your back, knees bent and pointing up; "
    "both knees lower together to one side, feet staying on the floor.",
    "ninety-ninety-hip-switch": "Seen from above: sitting with hands on the floor behind, "
    "both knees down to one side, front shin across and back shin behind; the knees turn "
    "through the middle to the other side.",
    "standing-hip-flexor-stretch": "Standing in a split stance facing a wall, one hand on it; "
    "the hips shift forward over the front foot, the back leg long behind.",
    "kneeling-hip-flexor-stretch": "Kneeling on one knee on a cushion, the other foot flat in "
    "front, a strap from the back ankle over the shoulder; the hips shift forward and the "
    "strap draws the back heel up.",
    "half-kneeling-hip-flexor-stretch": "Kneeling on one knee on a cushion, the other foot "
    "flat in front, hands on the hips; the hips shift forward, the trunk stays upright.",
    "couch-stretch": "Kneeling with your back to a sofa, the back shin up against its front, "
    "the other foot forward; the trunk leans over the front knee, then lifts upright.",
    "chair-assisted-lunge": "Standing in a split stance beside a chair, a hand on its back; "
    "both knees bend and the body lowers straight down.",
    "dynamic-lunge-with-pause": "Standing tall, then one foot steps back and both knees bend "
    "into a lunge, the trunk upright.",
    "supine-figure-four-stretch": "Lying on your back, one ankle crossed over the other knee; "
    "the hands draw the bottom thigh towards the chest.",
    "thread-the-needle": "On hands and knees, one arm reaching up to the ceiling; it sweeps "
    "down and slides under the body as that shoulder lowers to the floor.",
    "sphinx": "Lying face down on your forearms; the chest lifts onto the forearms, elbows "
    "under the shoulders, hips staying on the floor.",
    "breathing-with-co-contraction": "Lying on your back, knees bent, hands on the lower "
    "ribs; the hands move out as the ribs widen with the breath.",
    "heel-slides": "Lying on your back, knees bent; one heel slides along the floor until the "
    "leg is nearly straight.",
    "dead-bug": "Lying on your back, arms pointing up, hips and knees bent at right angles; "
    "one arm lowers overhead while the opposite leg straightens out.",
    "bird-dog": "On hands and knees, back flat; one arm reaches forward while the opposite "
    "leg stretches back at hip height.",
    "plank": "On forearms and knees, then the knees lift so the body is a straight line from "
    "the heels to the head.",
    "side-plank": "Lying on your side, propped on the bottom forearm, legs stacked; the hips "
    "lift until the body is straight.",
    "side-lying-leg-lift": "Lying on your side, bottom knee bent; the straight top leg lifts "
    "a little above hip height.",
    "side-lying-hip-abduction": "Lying on your side with a band above the knees, bottom knee "
    "bent; the straight top leg lifts against the band.",
    "clamshell": "Lying on your side, hips and knees bent, feet together; the top knee opens "
    "upwards like a shell.",
    "clamshell-with-band": "Lying on your side with a band above the knees, hips and knees "
    "bent, feet together; the top knee opens against the band.",
    "glute-bridge-march": "Lying on your back with the hips lifted in a bridge; one foot lifts "
    "just off the floor while the hips stay level.",
    "bodyweight-hip-hinge": "Standing, hands on the hip creases; the hips push back and the "
    "chest tips forward with a long back, knees soft.",
    "partial-kettlebell-swing": "Hinged at the hips with a kettlebell held between the thighs; "
    "the hips drive forward to stand and the bell floats up to chest height.",
    "kettlebell-deadlift": "Hinged at the hips, knees soft, hands on a kettlebell between the "
    "feet; standing up tall, the bell hangs in front of the thighs.",
    "sit-to-stand": "Sitting on the front of a chair, arms crossed over the chest; leaning "
    "forward, then standing up tall in front of it.",
    "wall-sit": "Standing with your back against a wall, feet a stride out; sliding down until "
    "the knees are bent, thighs no lower than a chair seat.",
    "goblet-squat": "Standing with a kettlebell held at the chest; sitting down between the "
    "heels, chest up, into a deep squat.",
    "single-leg-bridge": "Lying on your back, one foot flat and the other leg straight; the "
    "hips lift until the straight leg lines up with the body.",
    "hip-thrust": "Sitting on the floor, upper back against the edge of a sofa, a kettlebell on "
    "the hips; the hips lift until the body lines up with the thighs.",
    "split-squat": "Standing in a long split stance, back heel raised; the body lowers "
    "straight down until the back knee is just above the floor.",
    "step-up": "Standing at the bottom stair with one foot on the step; pressing through that "
    "foot to stand up on the step.",
    "foam-rolling-hip-flexors-quads": "Lying face down on your forearms with a foam roller "
    "under the front of one thigh; the body slides so the roller moves from above the knee "
    "towards the hip.",
    "light-walking": "Walking upright, arms swinging, each hip straightening behind you.",
    "gentle-yoga": "Kneeling in child's pose, arms reaching forward on the floor, then rising "
    "onto hands and knees.",
    "mobility-flow": "On hands and knees, then stepping one foot forward into a half-kneeling "
    "hip flexor stretch.",
    "knees-to-chest": "Lying on your back with knees bent; both knees come towards the chest, "
    "hands holding the shins.",
    "legs-on-chair-rest": "Lying on your back with the calves resting on a chair seat, hips "
    "and knees at right angles, arms by your sides.",
    "mcgill-curl-up": "Lying on your back, one knee bent and the other leg straight, hands "
    "under the lower back; head and shoulders lift just off the floor.",
    "mcgill-curl-up-elbows-lifted": "Lying on your back, one knee bent, hands under the lower "
    "back and elbows lifted; head and shoulders lift just off the floor.",
}
