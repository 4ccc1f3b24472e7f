"""Every starting exercise gets a figure: its start and end poses, and what they show in words
(issue 16).

Only rows still without poses get them, so a figure a trainer has drawn is left alone and named
in this migration's output. The data is frozen here (never read from
routines/starting_figures.py, which keeps changing); tests/routines/test_library_migrations.py
checks that a database migrated from zero holds exactly what that module gives.
"""

from django.db import migrations

FIGURES = {
    "diaphragmatic-breathing": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [70.7, 136.6], "hand_near": [87.4, 127.7], "shoulder_far": [64.0, 133.5],
            "elbow_far": [68.8, 137.5], "hand_far": [81.0, 123.0], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [70.7, 136.6], "hand_near": [85.2, 124.4], "shoulder_far": [64.0, 133.5],
            "elbow_far": [68.8, 137.5], "hand_far": [81.0, 123.0], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [5, -7], "bend": 0},
        "seconds": 8,
        "pause": 0.2,
    },
    "crocodile-breathing": {
        "view": "side",
        "start": {
            "head": [141.7, 130.9], "neck": [131.0, 133.2], "shoulder_near": [126.0, 133.5],
            "elbow_near": [133.9, 136.4], "hand_near": [152.9, 135.7],
            "shoulder_far": [126.0, 133.5], "elbow_far": [133.9, 136.4],
            "hand_far": [152.9, 135.7], "hip_near": [90.0, 133.5], "knee_near": [59.0, 133.5],
            "ankle_near": [29.0, 133.5], "toe_near": [19.0, 134.4], "hip_far": [90.0, 133.5],
            "knee_far": [59.0, 133.5], "ankle_far": [29.0, 133.5], "toe_far": [19.0, 134.4],
        },
        "end": {
            "head": [141.7, 129.1], "neck": [131.0, 131.4], "shoulder_near": [126.0, 131.9],
            "elbow_near": [133.9, 134.7], "hand_near": [152.9, 134.1],
            "shoulder_far": [126.0, 131.9], "elbow_far": [133.9, 134.7],
            "hand_far": [152.9, 134.1], "hip_near": [90.0, 132.5], "knee_near": [59.0, 132.5],
            "ankle_near": [29.0, 132.5], "toe_near": [19.0, 133.4], "hip_far": [90.0, 132.5],
            "knee_far": [59.0, 132.5], "ankle_far": [29.0, 132.5], "toe_far": [19.0, 133.4],
        },
        "spine": {"start": [0, 0], "end": [0, -1.5]},
        "props": [{"kind": "mat"}],
        "seconds": 8,
        "pause": 0.2,
    },
    "box-breathing": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [70.7, 136.6], "hand_near": [87.4, 127.7], "shoulder_far": [64.0, 133.5],
            "elbow_far": [70.7, 136.6], "hand_far": [87.4, 127.7], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [70.7, 136.6], "hand_near": [85.2, 124.4], "shoulder_far": [64.0, 133.5],
            "elbow_far": [70.7, 136.6], "hand_far": [85.2, 124.4], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [5, -7], "bend": 0},
        "seconds": 16,
        "pause": 0.25,
    },
    "marching-in-place": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [97.1, 59.3], "hand_near": [98.7, 78.2], "shoulder_far": [100.0, 38.5],
            "elbow_far": [101.8, 59.4], "hand_far": [101.2, 78.4], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [91.1, 57.5], "hand_near": [88.5, 76.3], "shoulder_far": [100.0, 38.5],
            "elbow_far": [108.9, 57.5], "hand_far": [125.3, 67.0], "hip_near": [100.0, 74.5],
            "knee_near": [129.9, 82.5], "ankle_near": [128.9, 112.5], "toe_near": [138.9, 113.4],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "arrow": {"joint": "knee_near", "offset": [8, 0], "bend": 0.3},
        "seconds": 3,
    },
    "ankle-circles": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [99.3, 59.5], "hand_near": [99.9, 78.5], "shoulder_far": [100.0, 38.5],
            "elbow_far": [118.2, 49.0], "hand_far": [132.7, 61.2], "hip_near": [100.0, 74.5],
            "knee_near": [115.5, 101.3], "ankle_near": [112.9, 131.2], "toe_near": [122.3, 127.8],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [99.3, 59.5], "hand_near": [99.9, 78.5], "shoulder_far": [100.0, 38.5],
            "elbow_far": [118.2, 49.0], "hand_far": [132.7, 61.2], "hip_near": [100.0, 74.5],
            "knee_near": [115.5, 101.3], "ankle_near": [112.9, 131.2], "toe_near": [120.5, 137.7],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "props": [{"kind": "wall", "x": 142}],
        "arrow": {"joint": "toe_near", "circle": 7, "offset": [-3, 0]},
    },
    "knee-circles": {
        "view": "side",
        "start": {
            "head": [122.5, 36.7], "neck": [114.1, 43.8], "shoulder_near": [111.2, 47.9],
            "elbow_near": [113.9, 68.7], "hand_near": [117.0, 87.5], "shoulder_far": [111.2, 47.9],
            "elbow_far": [113.9, 68.7], "hand_far": [117.0, 87.5], "hip_near": [96.0, 80.5],
            "knee_near": [112.5, 106.7], "ankle_near": [104.0, 135.5], "toe_near": [114.0, 135.5],
            "hip_far": [96.0, 80.5], "knee_far": [112.5, 106.7], "ankle_far": [104.0, 135.5],
            "toe_far": [114.0, 135.5],
        },
        "end": {
            "head": [120.6, 30.6], "neck": [112.8, 38.3], "shoulder_near": [110.3, 42.7],
            "elbow_near": [111.1, 63.7], "hand_near": [112.5, 82.6], "shoulder_far": [110.3, 42.7],
            "elbow_far": [111.1, 63.7], "hand_far": [112.5, 82.6], "hip_near": [98.0, 76.5],
            "knee_near": [108.2, 105.8], "ankle_near": [104.0, 135.5], "toe_near": [114.0, 135.5],
            "hip_far": [98.0, 76.5], "knee_far": [108.2, 105.8], "ankle_far": [104.0, 135.5],
            "toe_far": [114.0, 135.5],
        },
        "arrow": {"joint": "knee_near", "circle": 8, "offset": [10, 0]},
    },
    "standing-hip-circles": {
        "view": "front",
        "start": {
            "head": [100.0, 22.5], "neck": [100.0, 33.5], "shoulder_near": [87.0, 38.5],
            "elbow_near": [84.1, 59.3], "hand_near": [84.7, 78.3], "shoulder_far": [113.0, 38.5],
            "elbow_far": [118.3, 58.8], "hand_far": [136.0, 52.0], "hip_near": [91.0, 74.5],
            "knee_near": [92.6, 65.3], "ankle_near": [92.6, 95.3], "toe_near": [92.6, 98.3],
            "hip_far": [109.0, 74.5], "knee_far": [109.0, 105.5], "ankle_far": [109.0, 135.5],
            "toe_far": [109.0, 138.5],
        },
        "end": {
            "head": [100.0, 22.5], "neck": [100.0, 33.5], "shoulder_near": [87.0, 38.5],
            "elbow_near": [84.1, 59.3], "hand_near": [84.7, 78.3], "shoulder_far": [113.0, 38.5],
            "elbow_far": [118.3, 58.8], "hand_far": [136.0, 52.0], "hip_near": [91.0, 74.5],
            "knee_near": [63.2, 76.9], "ankle_near": [60.6, 106.8], "toe_near": [59.6, 109.6],
            "hip_far": [109.0, 74.5], "knee_far": [109.0, 105.5], "ankle_far": [109.0, 135.5],
            "toe_far": [109.0, 138.5],
        },
        "props": [{"kind": "wall", "x": 140}],
        "arrow": {"joint": "knee_near", "circle": 10, "offset": [0, 0]},
        "seconds": 5,
    },
    "leg-swings": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [107.2, 58.2], "hand_near": [107.2, 77.2], "shoulder_far": [100.0, 38.5],
            "elbow_far": [116.1, 52.0], "hand_far": [132.5, 61.5], "hip_near": [100.0, 74.5],
            "knee_near": [123.7, 94.4], "ankle_near": [141.0, 119.0], "toe_near": [150.6, 116.4],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [94.6, 58.8], "hand_near": [91.3, 77.5], "shoulder_far": [100.0, 38.5],
            "elbow_far": [116.1, 52.0], "hand_far": [132.5, 61.5], "hip_near": [100.0, 74.5],
            "knee_near": [84.5, 101.3], "ankle_near": [71.8, 128.5], "toe_near": [78.9, 135.6],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "arrow": {"joint": "ankle_near", "offset": [0, 8], "bend": -0.4},
        "seconds": 3,
    },
    "supine-hip-bridge": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [57.7, 129.7], "neck": [68.6, 131.2], "shoulder_near": [73.6, 131.2],
            "elbow_near": [94.6, 132.0], "hand_near": [113.6, 132.0],
            "shoulder_far": [73.6, 131.2], "elbow_far": [94.6, 132.0], "hand_far": [113.6, 132.0],
            "hip_near": [104.0, 112.0], "knee_near": [134.4, 105.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [104.0, 112.0], "knee_far": [134.4, 105.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hip_near", "offset": [-14, -6], "bend": 0},
    },
    "lying-pelvic-tilt": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 130.0], "neck": [59.0, 131.5], "shoulder_near": [64.0, 131.5],
            "elbow_near": [85.0, 132.6], "hand_near": [104.0, 132.3],
            "shoulder_far": [64.0, 131.5], "elbow_far": [85.0, 132.6], "hand_far": [104.0, 132.3],
            "hip_near": [100.0, 131.5], "knee_near": [122.3, 109.9], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [100.0, 131.5], "knee_far": [122.3, 109.9],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "spine": {"start": [0, -2.5], "end": [0, 1.5]},
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [0, -9], "bend": 0.5},
        "seconds": 6,
    },
    "cat-cow-pelvic-tilt": {
        "view": "side",
        "start": {
            "head": [122.9, 108.5], "neck": [117.4, 99.0], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.1, 117.5], "hand_near": [113.1, 136.5],
            "shoulder_far": [113.1, 96.5], "elbow_far": [113.1, 117.5], "hand_far": [113.1, 136.5],
            "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5],
            "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5],
            "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "end": {
            "head": [127.5, 89.9], "neck": [117.2, 93.6], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.1, 117.5], "hand_near": [113.1, 136.5],
            "shoulder_far": [113.1, 96.5], "elbow_far": [113.1, 117.5], "hand_far": [113.1, 136.5],
            "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5],
            "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5],
            "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "spine": {"start": [0, -6], "end": [0, 4]},
        "props": [{"kind": "mat"}],
        "seconds": 6,
    },
    "lying-knee-rocks": {
        "view": "above",
        "start": {
            "head": [52.0, 75.0], "neck": [63.0, 75.0], "shoulder_near": [68.0, 60.0],
            "elbow_near": [88.7, 63.6], "hand_near": [107.7, 63.6], "shoulder_far": [68.0, 90.0],
            "elbow_far": [88.7, 86.4], "hand_far": [107.7, 86.4], "hip_near": [104.0, 65.0],
            "knee_near": [125.4, 57.6], "ankle_near": [146.0, 65.0], "toe_near": [153.0, 65.0],
            "hip_far": [104.0, 85.0], "knee_far": [125.4, 92.4], "ankle_far": [146.0, 85.0],
            "toe_far": [153.0, 85.0],
        },
        "end": {
            "head": [52.0, 75.0], "neck": [63.0, 75.0], "shoulder_near": [68.0, 60.0],
            "elbow_near": [88.7, 63.6], "hand_near": [107.7, 63.6], "shoulder_far": [68.0, 90.0],
            "elbow_far": [88.7, 86.4], "hand_far": [107.7, 86.4], "hip_near": [104.0, 65.0],
            "knee_near": [125.7, 45.0], "ankle_near": [146.0, 65.0], "toe_near": [153.0, 65.0],
            "hip_far": [104.0, 85.0], "knee_far": [125.7, 65.0], "ankle_far": [146.0, 85.0],
            "toe_far": [153.0, 85.0],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [0, -10], "bend": 0.3},
        "seconds": 5,
    },
    "ninety-ninety-hip-switch": {
        "view": "above",
        "start": {
            "head": [100.0, 68.2], "neck": [100.0, 70.4], "shoulder_near": [115.0, 71.4],
            "elbow_near": [121.3, 60.5], "hand_near": [122.9, 51.1], "shoulder_far": [85.0, 71.4],
            "elbow_far": [78.7, 60.5], "hand_far": [77.1, 51.1], "hip_near": [110.0, 84.0],
            "knee_near": [139.9, 92.0], "ankle_near": [137.3, 62.1], "toe_near": [137.3, 57.1],
            "hip_far": [90.0, 84.0], "knee_far": [103.1, 112.1], "ankle_far": [74.1, 119.9],
            "toe_far": [79.1, 119.9],
        },
        "end": {
            "head": [100.0, 68.2], "neck": [100.0, 70.4], "shoulder_near": [115.0, 71.4],
            "elbow_near": [121.3, 60.5], "hand_near": [122.9, 51.1], "shoulder_far": [85.0, 71.4],
            "elbow_far": [78.7, 60.5], "hand_far": [77.1, 51.1], "hip_near": [110.0, 84.0],
            "knee_near": [96.9, 112.1], "ankle_near": [125.9, 119.9], "toe_near": [130.9, 119.9],
            "hip_far": [90.0, 84.0], "knee_far": [60.1, 92.0], "ankle_far": [62.7, 62.1],
            "toe_far": [62.7, 57.1],
        },
        "faces": "down",
        "behind": ["arm_near", "arm_far"],
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [0, 8], "bend": -0.4},
        "seconds": 6,
    },
    "standing-hip-flexor-stretch": {
        "view": "side",
        "start": {
            "head": [95.8, 25.5], "neck": [95.8, 36.5], "shoulder_near": [96.0, 41.5],
            "elbow_near": [114.7, 51.0], "hand_near": [132.0, 59.0], "shoulder_far": [96.0, 41.5],
            "elbow_far": [114.7, 51.0], "hand_far": [132.0, 59.0], "hip_near": [96.0, 77.5],
            "knee_near": [87.9, 107.4], "ankle_near": [70.0, 131.5], "toe_near": [77.7, 137.9],
            "hip_far": [96.0, 77.5], "knee_far": [109.2, 105.6], "ankle_far": [121.0, 133.1],
            "toe_far": [131.0, 133.1],
        },
        "end": {
            "head": [105.8, 27.5], "neck": [105.8, 38.5], "shoulder_near": [106.0, 43.5],
            "elbow_near": [124.2, 54.0], "hand_near": [141.0, 62.8], "shoulder_far": [106.0, 43.5],
            "elbow_far": [124.2, 54.0], "hand_far": [141.0, 62.8], "hip_near": [106.0, 79.5],
            "knee_near": [88.8, 105.3], "ankle_near": [71.3, 129.7], "toe_near": [79.0, 136.1],
            "hip_far": [106.0, 79.5], "knee_far": [122.9, 105.5], "ankle_far": [122.0, 135.5],
            "toe_far": [132.0, 135.5],
        },
        "spine": {"start": [0, 0], "end": [1.5, 0]},
        "props": [{"kind": "wall", "x": 150}],
        "arrow": {"joint": "hip_near", "offset": [0, -8], "bend": 0},
        "seconds": 5,
    },
    "kneeling-hip-flexor-stretch": {
        "view": "side",
        "start": {
            "head": [93.8, 50.6], "neck": [93.8, 61.6], "shoulder_near": [94.0, 66.6],
            "elbow_near": [112.4, 56.4], "hand_near": [100.0, 42.0], "shoulder_far": [94.0, 66.6],
            "elbow_far": [112.4, 56.4], "hand_far": [100.0, 42.0], "hip_near": [94.0, 102.6],
            "knee_near": [92.0, 133.5], "ankle_near": [62.0, 133.5], "toe_near": [52.0, 134.4],
            "hip_far": [94.0, 102.6], "knee_far": [124.6, 107.8], "ankle_far": [136.0, 135.5],
            "toe_far": [146.0, 135.5],
        },
        "end": {
            "head": [103.8, 52.9], "neck": [103.8, 63.9], "shoulder_near": [104.0, 68.9],
            "elbow_near": [121.5, 57.3], "hand_near": [108.0, 44.0], "shoulder_far": [104.0, 68.9],
            "elbow_far": [121.5, 57.3], "hand_far": [108.0, 44.0], "hip_near": [104.0, 104.9],
            "knee_near": [97.7, 135.3], "ankle_near": [82.7, 109.3], "toe_near": [74.1, 104.3],
            "hip_far": [104.0, 104.9], "knee_far": [135.0, 105.5], "ankle_far": [136.0, 135.5],
            "toe_far": [146.0, 135.5],
        },
        "props": [
            {"kind": "mat"},
            {"kind": "cushion", "at": [92, 137.5]},
            {"kind": "strap", "joints": ["hand_near", "ankle_near"]},
        ],
        "arrow": {"joint": "ankle_near", "offset": [-8, 0], "bend": -0.3},
        "seconds": 6,
    },
    "half-kneeling-hip-flexor-stretch": {
        "view": "side",
        "start": {
            "head": [93.8, 50.6], "neck": [93.8, 61.6], "shoulder_near": [94.0, 66.6],
            "elbow_near": [85.9, 85.9], "hand_near": [98.0, 100.6], "shoulder_far": [94.0, 66.6],
            "elbow_far": [85.9, 85.9], "hand_far": [98.0, 100.6], "hip_near": [94.0, 102.6],
            "knee_near": [92.0, 133.5], "ankle_near": [62.0, 133.5], "toe_near": [52.0, 134.4],
            "hip_far": [94.0, 102.6], "knee_far": [124.6, 107.8], "ankle_far": [136.0, 135.5],
            "toe_far": [146.0, 135.5],
        },
        "end": {
            "head": [103.8, 52.9], "neck": [103.8, 63.9], "shoulder_near": [104.0, 68.9],
            "elbow_near": [95.9, 88.3], "hand_near": [108.0, 102.9], "shoulder_far": [104.0, 68.9],
            "elbow_far": [95.9, 88.3], "hand_far": [108.0, 102.9], "hip_near": [104.0, 104.9],
            "knee_near": [92.0, 133.5], "ankle_near": [62.0, 133.5], "toe_near": [52.0, 134.4],
            "hip_far": [104.0, 104.9], "knee_far": [135.0, 105.5], "ankle_far": [136.0, 135.5],
            "toe_far": [146.0, 135.5],
        },
        "spine": {"start": [0, 0], "end": [1.5, 0]},
        "props": [{"kind": "mat"}, {"kind": "cushion", "at": [92, 137.5]}],
        "arrow": {"joint": "hip_near", "offset": [0, -8], "bend": 0},
        "seconds": 5,
    },
    "couch-stretch": {
        "view": "side",
        "start": {
            "head": [112.6, 65.7], "neck": [104.2, 72.8], "shoulder_near": [100.6, 76.4],
            "elbow_near": [96.5, 96.9], "hand_near": [112.0, 108.0], "shoulder_far": [100.6, 76.4],
            "elbow_far": [96.5, 96.9], "hand_far": [112.0, 108.0], "hip_near": [80.0, 105.8],
            "knee_near": [71.7, 135.7], "ankle_near": [70.7, 105.7], "toe_near": [69.8, 95.8],
            "hip_far": [80.0, 105.8], "knee_far": [110.2, 113.0], "ankle_far": [130.0, 135.5],
            "toe_far": [140.0, 135.5],
        },
        "end": {
            "head": [87.0, 56.4], "neck": [87.0, 67.4], "shoulder_near": [87.1, 72.4],
            "elbow_near": [99.9, 89.1], "hand_near": [112.1, 103.7], "shoulder_far": [87.1, 72.4],
            "elbow_far": [99.9, 89.1], "hand_far": [112.1, 103.7], "hip_near": [84.0, 108.3],
            "knee_near": [73.6, 137.5], "ankle_near": [72.5, 107.5], "toe_near": [71.7, 97.5],
            "hip_far": [84.0, 108.3], "knee_far": [115.0, 109.5], "ankle_far": [130.0, 135.5],
            "toe_far": [140.0, 135.5],
        },
        "props": [
            {"kind": "sofa", "x": 58, "facing": "right"},
            {"kind": "cushion", "at": [66, 137.5]},
        ],
        "arrow": {"joint": "head", "offset": [8, -6], "bend": -0.2},
        "seconds": 6,
    },
    "chair-assisted-lunge": {
        "view": "side",
        "start": {
            "head": [97.8, 24.5], "neck": [97.8, 35.5], "shoulder_near": [98.0, 40.5],
            "elbow_near": [97.3, 61.5], "hand_near": [97.9, 80.5], "shoulder_far": [98.0, 40.5],
            "elbow_far": [82.6, 54.8], "hand_far": [66.0, 64.0], "hip_near": [98.0, 76.5],
            "knee_near": [82.9, 103.6], "ankle_near": [67.4, 129.2], "toe_near": [75.0, 135.7],
            "hip_far": [98.0, 76.5], "knee_far": [111.0, 104.6], "ankle_far": [122.6, 132.3],
            "toe_far": [132.6, 132.3],
        },
        "end": {
            "head": [95.8, 38.5], "neck": [95.8, 49.5], "shoulder_near": [96.0, 54.5],
            "elbow_near": [95.3, 75.5], "hand_near": [95.9, 94.5], "shoulder_far": [96.0, 54.5],
            "elbow_far": [82.4, 70.5], "hand_far": [64.0, 66.0], "hip_near": [96.0, 90.5],
            "knee_near": [90.1, 120.9], "ankle_near": [62.0, 131.5], "toe_near": [69.7, 137.9],
            "hip_far": [96.0, 90.5], "knee_far": [123.1, 105.5], "ankle_far": [124.0, 135.5],
            "toe_far": [134.0, 135.5],
        },
        "props": [{"kind": "chair", "x": 82, "facing": "right"}],
        "arrow": {"joint": "hip_near", "offset": [10, 0], "bend": 0},
    },
    "dynamic-lunge-with-pause": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [99.3, 59.5], "hand_near": [99.9, 78.5], "shoulder_far": [100.0, 38.5],
            "elbow_far": [99.3, 59.5], "hand_far": [99.9, 78.5], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [95.8, 46.5], "neck": [95.8, 57.5], "shoulder_near": [96.0, 62.5],
            "elbow_near": [94.2, 83.4], "hand_near": [95.8, 102.3], "shoulder_far": [96.0, 62.5],
            "elbow_far": [94.2, 83.4], "hand_far": [95.8, 102.3], "hip_near": [96.0, 98.5],
            "knee_near": [81.5, 125.9], "ankle_near": [52.0, 131.5], "toe_near": [59.7, 137.9],
            "hip_far": [96.0, 98.5], "knee_far": [126.0, 106.1], "ankle_far": [120.0, 135.5],
            "toe_far": [130.0, 135.5],
        },
        "arrow": {"joint": "ankle_near", "offset": [0, -6], "bend": -0.3},
    },
    "supine-figure-four-stretch": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [99.4, 108.7], "ankle_near": [123.1, 104.7],
            "toe_near": [131.8, 99.7], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [83.8, 126.6], "hand_near": [96.0, 112.0], "shoulder_far": [64.0, 133.5],
            "elbow_far": [83.8, 126.6], "hand_far": [96.0, 112.0], "hip_near": [100.0, 133.5],
            "knee_near": [109.9, 114.2], "ankle_near": [96.6, 98.0], "toe_near": [86.6, 98.0],
            "hip_far": [100.0, 133.5], "knee_far": [94.6, 103.0], "ankle_far": [124.6, 103.0],
            "toe_far": [134.5, 101.2],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_far", "offset": [0, -12], "bend": 0.3},
        "seconds": 6,
    },
    "thread-the-needle": {
        "view": "side",
        "start": {
            "head": [120.7, 82.9], "neck": [116.9, 93.3], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.8, 75.5], "hand_near": [113.2, 56.5], "shoulder_far": [113.1, 96.5],
            "elbow_far": [113.8, 75.5], "hand_far": [113.2, 56.5], "hip_near": [78.0, 104.5],
            "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5], "toe_near": [38.2, 137.2],
            "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5], "ankle_far": [48.0, 135.5],
            "toe_far": [38.2, 137.2],
        },
        "end": {
            "head": [126.6, 118.7], "neck": [118.2, 111.6], "shoulder_near": [113.6, 109.5],
            "elbow_near": [109.3, 125.7], "hand_near": [118.8, 124.9],
            "shoulder_far": [113.6, 109.5], "elbow_far": [132.8, 118.1],
            "hand_far": [128.0, 136.5], "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5],
            "ankle_near": [48.0, 135.5], "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5],
            "knee_far": [78.0, 135.5], "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [10, 0], "bend": -0.4},
        "seconds": 6,
    },
    "sphinx": {
        "view": "side",
        "start": {
            "head": [135.8, 129.2], "neck": [124.8, 129.2], "shoulder_near": [119.8, 129.7],
            "elbow_near": [139.5, 136.9], "hand_near": [158.5, 136.9],
            "shoulder_far": [119.8, 129.7], "elbow_far": [139.5, 136.9],
            "hand_far": [158.5, 136.9], "hip_near": [84.0, 133.5], "knee_near": [53.0, 133.5],
            "ankle_near": [23.0, 133.5], "toe_near": [13.0, 134.4], "hip_far": [84.0, 133.5],
            "knee_far": [53.0, 133.5], "ankle_far": [23.0, 133.5], "toe_far": [13.0, 134.4],
        },
        "end": {
            "head": [131.6, 112.6], "neck": [121.2, 116.4], "shoulder_near": [116.9, 118.9],
            "elbow_near": [117.5, 136.5], "hand_near": [136.5, 136.5],
            "shoulder_far": [116.9, 118.9], "elbow_far": [117.5, 136.5],
            "hand_far": [136.5, 136.5], "hip_near": [84.0, 133.5], "knee_near": [53.0, 133.5],
            "ankle_near": [23.0, 133.5], "toe_near": [13.0, 134.4], "hip_far": [84.0, 133.5],
            "knee_far": [53.0, 133.5], "ankle_far": [23.0, 133.5], "toe_far": [13.0, 134.4],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "shoulder_near", "offset": [0, -14], "bend": -0.3},
        "seconds": 6,
    },
    "breathing-with-co-contraction": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [69.5, 136.7], "hand_near": [81.7, 122.1], "shoulder_far": [64.0, 133.5],
            "elbow_far": [69.5, 136.7], "hand_far": [81.7, 122.1], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [69.5, 136.7], "hand_near": [78.4, 119.9], "shoulder_far": [64.0, 133.5],
            "elbow_far": [69.5, 136.7], "hand_far": [78.4, 119.9], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7], "ankle_far": [138.0, 135.5],
            "toe_far": [148.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [5, -7], "bend": 0},
        "seconds": 8,
        "pause": 0.2,
    },
    "heel-slides": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [130.7, 129.1], "ankle_near": [160.0, 135.5],
            "toe_near": [165.0, 126.8], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "ankle_near", "offset": [0, -10], "bend": 0},
        "seconds": 5,
    },
    "dead-bug": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [64.0, 112.5], "hand_near": [64.0, 93.5], "shoulder_far": [64.0, 133.5],
            "elbow_far": [64.0, 112.5], "hand_far": [64.0, 93.5], "hip_near": [100.0, 133.5],
            "knee_near": [102.7, 102.6], "ankle_near": [132.7, 102.6], "toe_near": [142.7, 102.6],
            "hip_far": [100.0, 133.5], "knee_far": [102.7, 102.6], "ankle_far": [132.7, 102.6],
            "toe_far": [142.7, 102.6],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [43.7, 128.1], "hand_near": [25.0, 124.8], "shoulder_far": [64.0, 133.5],
            "elbow_far": [43.7, 128.1], "hand_far": [25.0, 124.8], "hip_near": [100.0, 133.5],
            "knee_near": [102.7, 102.6], "ankle_near": [132.7, 102.6], "toe_near": [142.7, 102.6],
            "hip_far": [100.0, 133.5], "knee_far": [130.5, 128.1], "ankle_far": [160.5, 128.1],
            "toe_far": [170.5, 128.1],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [0, -6], "bend": 0.3},
        "seconds": 5,
    },
    "bird-dog": {
        "view": "side",
        "start": {
            "head": [129.0, 95.4], "neck": [118.0, 95.4], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.1, 117.5], "hand_near": [113.1, 136.5],
            "shoulder_far": [113.1, 96.5], "elbow_far": [113.1, 117.5], "hand_far": [113.1, 136.5],
            "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5],
            "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5],
            "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "end": {
            "head": [129.0, 95.4], "neck": [118.0, 95.4], "shoulder_near": [113.1, 96.5],
            "elbow_near": [134.0, 94.7], "hand_near": [152.9, 93.0], "shoulder_far": [113.1, 96.5],
            "elbow_far": [134.0, 94.7], "hand_far": [152.9, 93.0], "hip_near": [78.0, 104.5],
            "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5], "toe_near": [38.2, 137.2],
            "hip_far": [78.0, 104.5], "knee_far": [47.0, 103.4], "ankle_far": [17.0, 102.4],
            "toe_far": [15.3, 112.2],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hand_near", "offset": [0, -8], "bend": -0.3},
    },
    "plank": {
        "view": "side",
        "start": {
            "head": [144.9, 115.4], "neck": [133.9, 115.4], "shoulder_near": [128.9, 115.4],
            "elbow_near": [128.9, 136.4], "hand_near": [147.9, 136.4],
            "shoulder_far": [128.9, 115.4], "elbow_far": [128.9, 136.4],
            "hand_far": [147.9, 136.4], "hip_near": [93.0, 118.5], "knee_near": [78.2, 145.7],
            "ankle_near": [50.0, 135.5], "toe_near": [40.0, 134.6], "hip_far": [93.0, 118.5],
            "knee_far": [78.2, 145.7], "ankle_far": [50.0, 135.5], "toe_far": [40.0, 134.6],
        },
        "end": {
            "head": [144.0, 115.5], "neck": [133.0, 115.5], "shoulder_near": [128.0, 115.5],
            "elbow_near": [128.0, 136.5], "hand_near": [147.0, 136.5],
            "shoulder_far": [128.0, 115.5], "elbow_far": [128.0, 136.5],
            "hand_far": [147.0, 136.5], "hip_near": [92.5, 121.3], "knee_near": [61.9, 126.1],
            "ankle_near": [32.3, 130.8], "toe_near": [29.7, 140.5], "hip_far": [92.5, 121.3],
            "knee_far": [61.9, 126.1], "ankle_far": [32.3, 130.8], "toe_far": [29.7, 140.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [0, -10], "bend": 0},
    },
    "side-plank": {
        "view": "front",
        "start": {
            "head": [55.6, 105.8], "neck": [65.5, 110.5], "shoulder_near": [72.6, 107.2],
            "elbow_near": [78.9, 118.2], "hand_near": [95.4, 127.7], "shoulder_far": [67.5, 118.1],
            "elbow_far": [67.5, 139.1], "hand_far": [86.5, 139.1], "hip_near": [105.1, 122.7],
            "knee_near": [136.1, 123.7], "ankle_near": [166.1, 124.8], "toe_near": [168.2, 115.0],
            "hip_far": [100.0, 133.5], "knee_far": [131.0, 134.6], "ankle_far": [161.0, 135.6],
            "toe_far": [163.0, 125.8],
        },
        "end": {
            "head": [47.6, 106.1], "neck": [58.4, 108.5], "shoulder_near": [64.6, 103.8],
            "elbow_near": [70.9, 114.7], "hand_near": [87.3, 124.2], "shoulder_far": [61.9, 115.5],
            "elbow_far": [61.9, 136.5], "hand_far": [80.9, 136.5], "hip_near": [99.7, 111.8],
            "knee_near": [129.9, 118.7], "ankle_near": [159.1, 125.4], "toe_near": [163.0, 116.2],
            "hip_far": [97.0, 123.5], "knee_far": [127.2, 130.4], "ankle_far": [156.5, 137.1],
            "toe_far": [160.4, 127.9],
        },
        "behind": ["arm_far", "leg_far"],
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hip_far", "offset": [0, -14], "bend": 0},
    },
    "side-lying-leg-lift": {
        "view": "front",
        "start": {
            "head": [52.0, 129.5], "neck": [63.0, 129.5], "shoulder_near": [68.0, 125.5],
            "elbow_near": [77.1, 130.8], "hand_near": [94.9, 137.2], "shoulder_far": [68.0, 133.5],
            "elbow_far": [47.0, 133.5], "hand_far": [28.3, 130.2], "hip_near": [104.0, 125.5],
            "knee_near": [135.0, 125.5], "ankle_near": [165.0, 125.5], "toe_near": [174.8, 127.2],
            "hip_far": [104.0, 133.5], "knee_far": [117.4, 141.2], "ankle_far": [99.7, 144.4],
            "toe_far": [104.6, 143.5],
        },
        "end": {
            "head": [52.0, 129.5], "neck": [63.0, 129.5], "shoulder_near": [68.0, 125.5],
            "elbow_near": [77.1, 130.8], "hand_near": [94.9, 137.2], "shoulder_far": [68.0, 133.5],
            "elbow_far": [47.0, 133.5], "hand_far": [28.3, 130.2], "hip_near": [104.0, 125.5],
            "knee_near": [132.7, 113.9], "ankle_near": [160.6, 102.6], "toe_near": [170.4, 100.9],
            "hip_far": [104.0, 133.5], "knee_far": [117.4, 141.2], "ankle_far": [99.7, 144.4],
            "toe_far": [104.6, 143.5],
        },
        "behind": ["arm_far", "leg_far"],
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "ankle_near", "offset": [6, 0], "bend": 0.2},
    },
    "side-lying-hip-abduction": {
        "view": "front",
        "start": {
            "head": [52.0, 129.5], "neck": [63.0, 129.5], "shoulder_near": [68.0, 125.5],
            "elbow_near": [77.1, 130.8], "hand_near": [94.9, 137.2], "shoulder_far": [68.0, 133.5],
            "elbow_far": [47.0, 133.5], "hand_far": [28.3, 130.2], "hip_near": [104.0, 125.5],
            "knee_near": [135.0, 125.5], "ankle_near": [165.0, 125.5], "toe_near": [174.8, 127.2],
            "hip_far": [104.0, 133.5], "knee_far": [117.4, 141.2], "ankle_far": [99.7, 144.4],
            "toe_far": [104.6, 143.5],
        },
        "end": {
            "head": [52.0, 129.5], "neck": [63.0, 129.5], "shoulder_near": [68.0, 125.5],
            "elbow_near": [77.1, 130.8], "hand_near": [94.9, 137.2], "shoulder_far": [68.0, 133.5],
            "elbow_far": [47.0, 133.5], "hand_far": [28.3, 130.2], "hip_near": [104.0, 125.5],
            "knee_near": [132.7, 113.9], "ankle_near": [160.6, 102.6], "toe_near": [170.4, 100.9],
            "hip_far": [104.0, 133.5], "knee_far": [117.4, 141.2], "ankle_far": [99.7, 144.4],
            "toe_far": [104.6, 143.5],
        },
        "behind": ["arm_far", "leg_far"],
        "props": [{"kind": "mat"}, {"kind": "band", "joints": ["knee_near", "knee_far"]}],
        "arrow": {"joint": "ankle_near", "offset": [6, 0], "bend": 0.2},
    },
    "clamshell": {
        "view": "front",
        "start": {
            "head": [52.0, 120.5], "neck": [63.0, 121.5], "shoulder_near": [68.0, 117.5],
            "elbow_near": [77.1, 122.8], "hand_near": [94.9, 129.2], "shoulder_far": [68.0, 125.5],
            "elbow_far": [48.3, 118.3], "hand_far": [66.1, 111.8], "hip_near": [104.0, 117.5],
            "knee_near": [126.0, 128.5], "ankle_near": [147.0, 118.5], "toe_near": [151.0, 124.5],
            "hip_far": [104.0, 125.5], "knee_far": [126.0, 135.5], "ankle_far": [147.0, 125.5],
            "toe_far": [151.0, 131.5],
        },
        "end": {
            "head": [52.0, 120.5], "neck": [63.0, 121.5], "shoulder_near": [68.0, 117.5],
            "elbow_near": [77.1, 122.8], "hand_near": [94.9, 129.2], "shoulder_far": [68.0, 125.5],
            "elbow_far": [48.3, 118.3], "hand_far": [66.1, 111.8], "hip_near": [104.0, 117.5],
            "knee_near": [124.3, 104.2], "ankle_near": [147.0, 118.5], "toe_near": [151.0, 124.5],
            "hip_far": [104.0, 125.5], "knee_far": [126.0, 135.5], "ankle_far": [147.0, 125.5],
            "toe_far": [151.0, 131.5],
        },
        "behind": ["arm_far", "leg_far"],
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [6, 0], "bend": 0.3},
    },
    "clamshell-with-band": {
        "view": "front",
        "start": {
            "head": [52.0, 120.5], "neck": [63.0, 121.5], "shoulder_near": [68.0, 117.5],
            "elbow_near": [77.1, 122.8], "hand_near": [94.9, 129.2], "shoulder_far": [68.0, 125.5],
            "elbow_far": [48.3, 118.3], "hand_far": [66.1, 111.8], "hip_near": [104.0, 117.5],
            "knee_near": [126.0, 128.5], "ankle_near": [147.0, 118.5], "toe_near": [151.0, 124.5],
            "hip_far": [104.0, 125.5], "knee_far": [126.0, 135.5], "ankle_far": [147.0, 125.5],
            "toe_far": [151.0, 131.5],
        },
        "end": {
            "head": [52.0, 120.5], "neck": [63.0, 121.5], "shoulder_near": [68.0, 117.5],
            "elbow_near": [77.1, 122.8], "hand_near": [94.9, 129.2], "shoulder_far": [68.0, 125.5],
            "elbow_far": [48.3, 118.3], "hand_far": [66.1, 111.8], "hip_near": [104.0, 117.5],
            "knee_near": [124.5, 107.9], "ankle_near": [147.0, 118.5], "toe_near": [151.0, 124.5],
            "hip_far": [104.0, 125.5], "knee_far": [126.0, 135.5], "ankle_far": [147.0, 125.5],
            "toe_far": [151.0, 131.5],
        },
        "behind": ["arm_far", "leg_far"],
        "props": [{"kind": "mat"}, {"kind": "band", "joints": ["knee_near", "knee_far"]}],
        "arrow": {"joint": "knee_near", "offset": [6, 0], "bend": 0.3},
    },
    "glute-bridge-march": {
        "view": "side",
        "start": {
            "head": [57.7, 129.7], "neck": [68.6, 131.2], "shoulder_near": [73.6, 131.2],
            "elbow_near": [94.6, 132.0], "hand_near": [113.6, 132.0],
            "shoulder_far": [73.6, 131.2], "elbow_far": [94.6, 132.0], "hand_far": [113.6, 132.0],
            "hip_near": [104.0, 112.0], "knee_near": [134.4, 105.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [104.0, 112.0], "knee_far": [134.4, 105.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [57.7, 129.7], "neck": [68.6, 131.2], "shoulder_near": [73.6, 131.2],
            "elbow_near": [94.6, 132.0], "hand_near": [113.6, 132.0],
            "shoulder_far": [73.6, 131.2], "elbow_far": [94.6, 132.0], "hand_far": [113.6, 132.0],
            "hip_near": [104.0, 112.0], "knee_near": [112.0, 82.1], "ankle_near": [127.0, 108.0],
            "toe_near": [136.4, 104.6], "hip_far": [104.0, 112.0], "knee_far": [134.5, 106.5],
            "ankle_far": [142.0, 135.5], "toe_far": [152.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "ankle_near", "offset": [8, -4], "bend": 0.3},
    },
    "bodyweight-hip-hinge": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [96.2, 59.1], "hand_near": [108.0, 74.0], "shoulder_far": [100.0, 38.5],
            "elbow_far": [96.2, 59.1], "hand_far": [108.0, 74.0], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [129.2, 49.0], "neck": [119.7, 54.5], "shoulder_near": [115.6, 57.4],
            "elbow_near": [94.7, 55.5], "hand_near": [96.0, 74.5], "shoulder_far": [115.6, 57.4],
            "elbow_far": [94.7, 55.5], "hand_far": [96.0, 74.5], "hip_near": [88.0, 80.5],
            "knee_near": [105.6, 106.0], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [88.0, 80.5], "knee_far": [105.6, 106.0], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "arrow": {"joint": "hip_near", "offset": [0, -10], "bend": 0.2},
    },
    "partial-kettlebell-swing": {
        "view": "side",
        "start": {
            "head": [127.8, 56.7], "neck": [117.8, 61.4], "shoulder_near": [113.5, 63.9],
            "elbow_near": [105.7, 83.4], "hand_near": [98.1, 100.8], "shoulder_far": [113.5, 63.9],
            "elbow_far": [105.7, 83.4], "hand_far": [98.1, 100.8], "hip_near": [84.0, 84.5],
            "knee_near": [106.2, 106.1], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [84.0, 84.5], "knee_far": [106.2, 106.1], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [117.2, 50.5], "hand_near": [134.4, 58.6], "shoulder_far": [100.0, 38.5],
            "elbow_far": [117.2, 50.5], "hand_far": [134.4, 58.6], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "props": [{"kind": "kettlebell", "joint": "hand_near", "offset": [3, 5]}],
        "arrow": {"joint": "hand_near", "offset": [8, 8], "bend": 0.3},
        "seconds": 2.5,
        "pause": 0.05,
    },
    "kettlebell-deadlift": {
        "view": "side",
        "start": {
            "head": [129.8, 60.7], "neck": [119.8, 65.4], "shoulder_near": [115.5, 67.9],
            "elbow_near": [113.1, 88.7], "hand_near": [110.2, 107.5],
            "shoulder_far": [115.5, 67.9], "elbow_far": [113.1, 88.7], "hand_far": [110.2, 107.5],
            "hip_near": [86.0, 88.5], "knee_near": [110.6, 107.4], "ankle_near": [100.0, 135.5],
            "toe_near": [110.0, 135.5], "hip_far": [86.0, 88.5], "knee_far": [110.6, 107.4],
            "ankle_far": [100.0, 135.5], "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [102.4, 59.4], "hand_near": [103.7, 78.3], "shoulder_far": [100.0, 38.5],
            "elbow_far": [102.4, 59.4], "hand_far": [103.7, 78.3], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "props": [{"kind": "kettlebell", "joint": "hand_near"}],
        "arrow": {"joint": "hip_near", "offset": [-10, 0], "bend": -0.3},
    },
    "sit-to-stand": {
        "view": "side",
        "start": {
            "head": [83.9, 46.6], "neck": [82.9, 57.6], "shoulder_near": [82.3, 62.5],
            "elbow_near": [90.3, 69.3], "hand_near": [75.3, 66.7], "shoulder_far": [82.3, 62.5],
            "elbow_far": [90.3, 69.3], "hand_far": [75.3, 66.7], "hip_near": [76.0, 98.0],
            "knee_near": [105.9, 106.1], "ankle_near": [112.0, 135.5], "toe_near": [122.0, 135.5],
            "hip_far": [76.0, 98.0], "knee_far": [105.9, 106.1], "ankle_far": [112.0, 135.5],
            "toe_far": [122.0, 135.5],
        },
        "end": {
            "head": [107.8, 22.5], "neck": [107.8, 33.5], "shoulder_near": [108.0, 38.5],
            "elbow_near": [116.0, 45.2], "hand_near": [101.1, 42.6], "shoulder_far": [108.0, 38.5],
            "elbow_far": [116.0, 45.2], "hand_far": [101.1, 42.6], "hip_near": [108.0, 74.5],
            "knee_near": [108.0, 105.5], "ankle_near": [108.0, 135.5], "toe_near": [118.0, 135.5],
            "hip_far": [108.0, 74.5], "knee_far": [108.0, 105.5], "ankle_far": [108.0, 135.5],
            "toe_far": [118.0, 135.5],
        },
        "props": [{"kind": "chair", "x": 88, "facing": "right"}],
        "arrow": {"joint": "hip_near", "offset": [-8, -8], "bend": -0.3},
    },
    "wall-sit": {
        "view": "side",
        "start": {
            "head": [77.8, 25.5], "neck": [77.8, 36.5], "shoulder_near": [78.0, 41.5],
            "elbow_near": [77.3, 62.5], "hand_near": [77.9, 81.5], "shoulder_far": [78.0, 41.5],
            "elbow_far": [77.3, 62.5], "hand_far": [77.9, 81.5], "hip_near": [78.0, 77.5],
            "knee_near": [92.0, 105.2], "ankle_near": [104.6, 132.4], "toe_near": [114.6, 132.4],
            "hip_far": [78.0, 77.5], "knee_far": [92.0, 105.2], "ankle_far": [104.6, 132.4],
            "toe_far": [114.6, 132.4],
        },
        "end": {
            "head": [77.8, 50.5], "neck": [77.8, 61.5], "shoulder_near": [78.0, 66.5],
            "elbow_near": [77.3, 87.5], "hand_near": [77.9, 106.5], "shoulder_far": [78.0, 66.5],
            "elbow_far": [77.3, 87.5], "hand_far": [77.9, 106.5], "hip_near": [78.0, 102.5],
            "knee_near": [108.9, 105.5], "ankle_near": [108.0, 135.5], "toe_near": [118.0, 135.5],
            "hip_far": [78.0, 102.5], "knee_far": [108.9, 105.5], "ankle_far": [108.0, 135.5],
            "toe_far": [118.0, 135.5],
        },
        "props": [{"kind": "wall", "x": 66}],
        "arrow": {"joint": "hip_near", "offset": [10, -10], "bend": 0},
    },
    "goblet-squat": {
        "view": "side",
        "start": {
            "head": [99.8, 22.5], "neck": [99.8, 33.5], "shoulder_near": [100.0, 38.5],
            "elbow_near": [95.0, 58.9], "hand_near": [114.0, 58.0], "shoulder_far": [100.0, 38.5],
            "elbow_far": [95.0, 58.9], "hand_far": [114.0, 58.0], "hip_near": [100.0, 74.5],
            "knee_near": [100.0, 105.5], "ankle_near": [100.0, 135.5], "toe_near": [110.0, 135.5],
            "hip_far": [100.0, 74.5], "knee_far": [100.0, 105.5], "ankle_far": [100.0, 135.5],
            "toe_far": [110.0, 135.5],
        },
        "end": {
            "head": [98.7, 63.5], "neck": [96.8, 74.3], "shoulder_near": [95.5, 79.1],
            "elbow_near": [94.0, 100.1], "hand_near": [112.0, 94.0], "shoulder_far": [95.5, 79.1],
            "elbow_far": [94.0, 100.1], "hand_far": [112.0, 94.0], "hip_near": [82.0, 112.5],
            "knee_near": [112.5, 106.7], "ankle_near": [104.0, 135.5], "toe_near": [114.0, 135.5],
            "hip_far": [82.0, 112.5], "knee_far": [112.5, 106.7], "ankle_far": [104.0, 135.5],
            "toe_far": [114.0, 135.5],
        },
        "props": [{"kind": "kettlebell", "joint": "hand_near", "offset": [2, 3]}],
        "arrow": {"joint": "hip_near", "offset": [-10, 0], "bend": 0.3},
    },
    "single-leg-bridge": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [123.7, 113.6], "ankle_near": [146.7, 94.3],
            "toe_near": [151.7, 85.6], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [57.7, 129.7], "neck": [68.6, 131.2], "shoulder_near": [73.6, 131.2],
            "elbow_near": [94.6, 132.0], "hand_near": [113.6, 132.0],
            "shoulder_far": [73.6, 131.2], "elbow_far": [94.6, 132.0], "hand_far": [113.6, 132.0],
            "hip_near": [104.0, 112.0], "knee_near": [134.5, 106.6], "ankle_near": [164.1, 101.4],
            "toe_near": [171.7, 95.0], "hip_far": [104.0, 112.0], "knee_far": [134.5, 106.5],
            "ankle_far": [142.0, 135.5], "toe_far": [152.0, 135.5],
        },
        "behind": ["arm_far"],
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hip_near", "offset": [-14, -6], "bend": 0},
    },
    "hip-thrust": {
        "view": "side",
        "start": {
            "head": [58.6, 84.7], "neck": [60.5, 95.6], "shoulder_near": [63.7, 99.4],
            "elbow_near": [65.3, 120.3], "hand_near": [84.0, 123.5], "shoulder_far": [63.7, 99.4],
            "elbow_far": [65.3, 120.3], "hand_far": [84.0, 123.5], "hip_near": [80.0, 131.5],
            "knee_near": [106.2, 114.9], "ankle_near": [128.0, 135.5], "toe_near": [138.0, 135.5],
            "hip_far": [80.0, 131.5], "knee_far": [106.2, 114.9], "ankle_far": [128.0, 135.5],
            "toe_far": [138.0, 135.5],
        },
        "end": {
            "head": [54.0, 85.3], "neck": [57.7, 95.6], "shoulder_near": [62.1, 98.1],
            "elbow_near": [83.0, 99.7], "hand_near": [98.0, 88.0], "shoulder_far": [62.1, 98.1],
            "elbow_far": [83.0, 99.7], "hand_far": [98.0, 88.0], "hip_near": [98.0, 96.0],
            "knee_near": [127.5, 105.5], "ankle_near": [128.0, 135.5], "toe_near": [138.0, 135.5],
            "hip_far": [98.0, 96.0], "knee_far": [127.5, 105.5], "ankle_far": [128.0, 135.5],
            "toe_far": [138.0, 135.5],
        },
        "props": [
            {"kind": "sofa", "x": 60, "facing": "right"},
            {"kind": "kettlebell", "joint": "hip_near", "offset": [0, -10]},
        ],
        "arrow": {"joint": "hip_near", "offset": [10, 4], "bend": 0},
    },
    "split-squat": {
        "view": "side",
        "start": {
            "head": [93.8, 26.5], "neck": [93.8, 37.5], "shoulder_near": [94.0, 42.5],
            "elbow_near": [93.3, 63.5], "hand_near": [93.9, 82.5], "shoulder_far": [94.0, 42.5],
            "elbow_far": [93.3, 63.5], "hand_far": [93.9, 82.5], "hip_near": [94.0, 78.5],
            "knee_near": [76.4, 104.0], "ankle_near": [58.5, 128.1], "toe_near": [66.2, 134.5],
            "hip_far": [94.0, 78.5], "knee_far": [110.4, 104.8], "ankle_far": [125.3, 130.8],
            "toe_far": [135.3, 130.8],
        },
        "end": {
            "head": [91.8, 48.5], "neck": [91.8, 59.5], "shoulder_near": [92.0, 64.5],
            "elbow_near": [91.3, 85.5], "hand_near": [91.9, 104.5], "shoulder_far": [92.0, 64.5],
            "elbow_far": [91.3, 85.5], "hand_far": [91.9, 104.5], "hip_near": [92.0, 100.5],
            "knee_near": [84.0, 130.4], "ankle_near": [54.0, 131.5], "toe_near": [61.7, 137.9],
            "hip_far": [92.0, 100.5], "knee_far": [122.5, 106.0], "ankle_far": [128.0, 135.5],
            "toe_far": [138.0, 135.5],
        },
        "arrow": {"joint": "hip_near", "offset": [14, 0], "bend": 0},
    },
    "step-up": {
        "view": "side",
        "start": {
            "head": [95.8, 22.5], "neck": [95.8, 33.5], "shoulder_near": [96.0, 38.5],
            "elbow_near": [92.4, 59.2], "hand_near": [95.7, 77.9], "shoulder_far": [96.0, 38.5],
            "elbow_far": [92.4, 59.2], "hand_far": [95.7, 77.9], "hip_near": [96.0, 74.5],
            "knee_near": [124.1, 87.6], "ankle_near": [126.0, 117.5], "toe_near": [136.0, 117.5],
            "hip_far": [96.0, 74.5], "knee_far": [96.6, 105.5], "ankle_far": [96.0, 135.5],
            "toe_far": [106.0, 135.5],
        },
        "end": {
            "head": [125.8, 4.5], "neck": [125.8, 15.5], "shoulder_near": [126.0, 20.5],
            "elbow_near": [122.4, 41.2], "hand_near": [125.7, 59.9], "shoulder_far": [126.0, 20.5],
            "elbow_far": [122.4, 41.2], "hand_far": [125.7, 59.9], "hip_near": [126.0, 56.5],
            "knee_near": [126.6, 87.5], "ankle_near": [126.0, 117.5], "toe_near": [136.0, 117.5],
            "hip_far": [126.0, 56.5], "knee_far": [123.5, 87.4], "ankle_far": [120.0, 117.2],
            "toe_far": [130.0, 117.2],
        },
        "props": [{"kind": "step", "x": [112, 172], "height": 18}],
        "arrow": {"joint": "hip_near", "offset": [-10, -4], "bend": 0.3},
    },
    "foam-rolling-hip-flexors-quads": {
        "view": "side",
        "start": {
            "head": [167.5, 116.2], "neck": [156.5, 115.3], "shoulder_near": [151.5, 115.3],
            "elbow_near": [151.5, 136.3], "hand_near": [170.5, 136.3],
            "shoulder_far": [151.5, 115.3], "elbow_far": [151.5, 136.3],
            "hand_far": [170.5, 136.3], "hip_near": [116.0, 121.0], "knee_near": [85.5, 126.8],
            "ankle_near": [56.3, 133.4], "toe_near": [52.9, 142.8], "hip_far": [116.0, 121.0],
            "knee_far": [123.8, 134.4], "ankle_far": [102.8, 136.3], "toe_far": [93.0, 138.0],
        },
        "end": {
            "head": [149.3, 116.2], "neck": [138.4, 115.2], "shoulder_near": [133.4, 115.2],
            "elbow_near": [133.4, 136.2], "hand_near": [152.4, 136.2],
            "shoulder_far": [133.4, 115.2], "elbow_far": [133.4, 136.2],
            "hand_far": [152.4, 136.2], "hip_near": [98.0, 122.0], "knee_near": [67.0, 120.5],
            "ankle_near": [40.0, 133.5], "toe_near": [36.6, 142.9], "hip_far": [98.0, 122.0],
            "knee_far": [105.8, 135.4], "ankle_far": [84.8, 137.3], "toe_far": [75.0, 139.0],
        },
        "props": [{"kind": "mat"}, {"kind": "roller", "at": [90, 133]}],
        "arrow": {"joint": "shoulder_near", "offset": [0, -12], "bend": 0},
        "seconds": 6,
    },
    "light-walking": {
        "view": "side",
        "start": {
            "head": [95.8, 24.5], "neck": [95.8, 35.5], "shoulder_near": [96.0, 40.5],
            "elbow_near": [88.8, 60.2], "hand_near": [87.2, 79.2], "shoulder_far": [96.0, 40.5],
            "elbow_far": [103.2, 60.2], "hand_far": [112.7, 76.7], "hip_near": [96.0, 76.5],
            "knee_near": [108.2, 105.0], "ankle_near": [119.0, 133.0], "toe_near": [128.9, 131.2],
            "hip_far": [96.0, 76.5], "knee_far": [92.2, 107.3], "ankle_far": [76.0, 132.5],
            "toe_far": [84.7, 137.5],
        },
        "end": {
            "head": [103.8, 24.5], "neck": [103.8, 35.5], "shoulder_near": [104.0, 40.5],
            "elbow_near": [111.2, 60.2], "hand_near": [120.7, 76.7], "shoulder_far": [104.0, 40.5],
            "elbow_far": [96.8, 60.2], "hand_far": [95.2, 79.2], "hip_near": [104.0, 76.5],
            "knee_near": [100.2, 107.3], "ankle_near": [84.0, 132.5], "toe_near": [92.7, 137.5],
            "hip_far": [104.0, 76.5], "knee_far": [116.2, 105.0], "ankle_far": [127.0, 133.0],
            "toe_far": [136.9, 131.2],
        },
        "seconds": 2.4,
        "pause": 0.02,
    },
    "gentle-yoga": {
        "view": "side",
        "start": {
            "head": [101.9, 133.8], "neck": [91.9, 129.2], "shoulder_near": [87.2, 127.5],
            "elbow_near": [108.0, 130.4], "hand_near": [127.0, 131.4],
            "shoulder_far": [87.2, 127.5], "elbow_far": [108.0, 130.4], "hand_far": [127.0, 131.4],
            "hip_near": [52.0, 120.0], "knee_near": [78.6, 135.9], "ankle_near": [48.6, 135.9],
            "toe_near": [38.7, 136.7], "hip_far": [52.0, 120.0], "knee_far": [78.6, 135.9],
            "ankle_far": [48.6, 135.9], "toe_far": [38.7, 136.7],
        },
        "end": {
            "head": [129.0, 95.4], "neck": [118.0, 95.4], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.1, 117.5], "hand_near": [113.1, 136.5],
            "shoulder_far": [113.1, 96.5], "elbow_far": [113.1, 117.5], "hand_far": [113.1, 136.5],
            "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5],
            "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5],
            "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "hip_near", "offset": [0, -14], "bend": 0.3},
        "seconds": 6,
    },
    "mobility-flow": {
        "view": "side",
        "start": {
            "head": [129.0, 95.4], "neck": [118.0, 95.4], "shoulder_near": [113.1, 96.5],
            "elbow_near": [113.1, 117.5], "hand_near": [113.1, 136.5],
            "shoulder_far": [113.1, 96.5], "elbow_far": [113.1, 117.5], "hand_far": [113.1, 136.5],
            "hip_near": [78.0, 104.5], "knee_near": [78.0, 135.5], "ankle_near": [48.0, 135.5],
            "toe_near": [38.2, 137.2], "hip_far": [78.0, 104.5], "knee_far": [78.0, 135.5],
            "ankle_far": [48.0, 135.5], "toe_far": [38.2, 137.2],
        },
        "end": {
            "head": [93.8, 50.6], "neck": [93.8, 61.6], "shoulder_near": [94.0, 66.6],
            "elbow_near": [85.9, 85.9], "hand_near": [98.0, 100.6], "shoulder_far": [94.0, 66.6],
            "elbow_far": [85.9, 85.9], "hand_far": [98.0, 100.6], "hip_near": [94.0, 102.6],
            "knee_near": [92.0, 133.5], "ankle_near": [62.0, 133.5], "toe_near": [52.0, 134.4],
            "hip_far": [94.0, 102.6], "knee_far": [124.6, 107.8], "ankle_far": [136.0, 135.5],
            "toe_far": [146.0, 135.5],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "head", "offset": [0, -8], "bend": 0.3},
        "seconds": 6,
    },
    "knees-to-chest": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [85.0, 134.6], "hand_near": [104.0, 134.3],
            "shoulder_far": [64.0, 133.5], "elbow_far": [85.0, 134.6], "hand_far": [104.0, 134.3],
            "hip_near": [100.0, 133.5], "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5],
            "toe_near": [148.0, 135.5], "hip_far": [100.0, 133.5], "knee_far": [121.1, 110.7],
            "ankle_far": [138.0, 135.5], "toe_far": [148.0, 135.5],
        },
        "end": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [78.8, 118.6], "hand_near": [91.5, 104.5], "shoulder_far": [64.0, 133.5],
            "elbow_far": [78.8, 118.6], "hand_far": [91.5, 104.5], "hip_near": [100.0, 133.5],
            "knee_near": [82.2, 108.1], "ankle_near": [108.2, 123.1], "toe_near": [118.0, 121.4],
            "hip_far": [100.0, 133.5], "knee_far": [82.2, 108.1], "ankle_far": [108.2, 123.1],
            "toe_far": [118.0, 121.4],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "knee_near", "offset": [0, -10], "bend": 0.3},
        "seconds": 6,
    },
    "legs-on-chair-rest": {
        "view": "side",
        "start": {
            "head": [43.1, 132.0], "neck": [54.0, 133.5], "shoulder_near": [59.0, 133.5],
            "elbow_near": [80.0, 134.6], "hand_near": [99.0, 134.3], "shoulder_far": [59.0, 133.5],
            "elbow_far": [80.0, 134.6], "hand_far": [99.0, 134.3], "hip_near": [95.0, 133.5],
            "knee_near": [96.1, 102.5], "ankle_near": [126.1, 102.5], "toe_near": [129.5, 93.1],
            "hip_far": [95.0, 133.5], "knee_far": [96.1, 102.5], "ankle_far": [126.1, 102.5],
            "toe_far": [129.5, 93.1],
        },
        "end": {
            "head": [43.1, 132.0], "neck": [54.0, 133.5], "shoulder_near": [59.0, 133.5],
            "elbow_near": [80.0, 134.6], "hand_near": [99.0, 133.9], "shoulder_far": [59.0, 133.5],
            "elbow_far": [80.0, 134.6], "hand_far": [99.0, 133.9], "hip_near": [95.0, 133.5],
            "knee_near": [96.1, 102.5], "ankle_near": [126.1, 102.5], "toe_near": [129.5, 93.1],
            "hip_far": [95.0, 133.5], "knee_far": [96.1, 102.5], "ankle_far": [126.1, 102.5],
            "toe_far": [129.5, 93.1],
        },
        "spine": {"start": [0, -1.5], "end": [0, 1]},
        "props": [{"kind": "mat"}, {"kind": "chair", "x": 124, "facing": "left"}],
        "seconds": 8,
        "pause": 0.2,
    },
    "mcgill-curl-up": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [68.8, 137.5], "hand_near": [87.8, 138.2], "shoulder_far": [64.0, 133.5],
            "elbow_far": [68.8, 137.5], "hand_far": [87.8, 138.2], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [131.0, 133.5], "ankle_far": [161.0, 133.5],
            "toe_far": [164.4, 124.1],
        },
        "end": {
            "head": [48.8, 124.6], "neck": [59.5, 127.5], "shoulder_near": [64.4, 128.5],
            "elbow_near": [69.2, 132.5], "hand_near": [88.2, 133.2], "shoulder_far": [64.4, 128.5],
            "elbow_far": [69.2, 132.5], "hand_far": [88.2, 133.2], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [131.0, 133.5], "ankle_far": [161.0, 133.5],
            "toe_far": [164.4, 124.1],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "head", "offset": [0, -13], "bend": 0},
    },
    "mcgill-curl-up-elbows-lifted": {
        "view": "side",
        "start": {
            "head": [48.1, 132.0], "neck": [59.0, 133.5], "shoulder_near": [64.0, 133.5],
            "elbow_near": [69.6, 128.8], "hand_near": [86.9, 136.8], "shoulder_far": [64.0, 133.5],
            "elbow_far": [69.6, 128.8], "hand_far": [86.9, 136.8], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [131.0, 133.5], "ankle_far": [161.0, 133.5],
            "toe_far": [164.4, 124.1],
        },
        "end": {
            "head": [48.8, 124.6], "neck": [59.5, 127.5], "shoulder_near": [64.4, 128.5],
            "elbow_near": [70.0, 123.8], "hand_near": [87.2, 131.8], "shoulder_far": [64.4, 128.5],
            "elbow_far": [70.0, 123.8], "hand_far": [87.2, 131.8], "hip_near": [100.0, 133.5],
            "knee_near": [121.1, 110.7], "ankle_near": [138.0, 135.5], "toe_near": [148.0, 135.5],
            "hip_far": [100.0, 133.5], "knee_far": [131.0, 133.5], "ankle_far": [161.0, 133.5],
            "toe_far": [164.4, 124.1],
        },
        "props": [{"kind": "mat"}],
        "arrow": {"joint": "head", "offset": [0, -13], "bend": 0},
    },
}
DESCRIPTIONS = {
    "diaphragmatic-breathing": (
        "Lying on your back, knees bent and feet flat, one hand on the belly and one on the "
        "chest; the belly hand rises as you breathe in."
    ),
    "crocodile-breathing": (
        "Lying face down, forehead resting on your stacked hands, legs long; the back rises a "
        "little as you breathe in."
    ),
    "box-breathing": (
        "Lying on your back, knees bent, a hand on your belly; it rises slowly as you breathe "
        "in, and falls as you breathe out."
    ),
    "marching-in-place": (
        "Standing tall, then one knee lifts to a comfortable height while the opposite arm "
        "swings forward."
    ),
    "ankle-circles": (
        "Standing on one leg, a hand on the wall, the other foot just off the floor; the toes "
        "draw a circle."
    ),
    "knee-circles": (
        "Standing with knees soft and hands resting on them; the knees circle, bending forward "
        "and straightening back."
    ),
    "standing-hip-circles": (
        "Seen from the front: standing on one leg, a hand on the wall; the other knee lifts in "
        "front, then turns out to the side and down in a circle."
    ),
    "leg-swings": (
        "Standing side-on to a wall on one leg; the other leg swings forward, then back."
    ),
    "supine-hip-bridge": (
        "Lying on your back, knees bent and feet flat; the hips lift until shoulders, hips and "
        "knees make a line."
    ),
    "lying-pelvic-tilt": (
        "Lying on your back, knees bent and feet flat; the lower back arches a little, then "
        "flattens to the floor as the pelvis rolls back."
    ),
    "cat-cow-pelvic-tilt": (
        "On hands and knees; the back rounds up with the head down, then the belly sinks and "
        "the head lifts."
    ),
    "lying-knee-rocks": (
        "Seen from above: lying on your back, knees bent and pointing up; both knees lower "
        "together to one side, feet staying on the floor."
    ),
    "ninety-ninety-hip-switch": (
        "Seen from above: sitting with hands on the floor behind, both knees down to one side, "
        "front shin across and back shin behind; the knees turn through the middle to the other "
        "side."
    ),
    "standing-hip-flexor-stretch": (
        "Standing in a split stance facing a wall, one hand on it; the hips shift forward over "
        "the front foot, the back leg long behind."
    ),
    "kneeling-hip-flexor-stretch": (
        "Kneeling on one knee on a cushion, the other foot flat in front, a strap from the back "
        "ankle over the shoulder; the hips shift forward and the strap draws the back heel up."
    ),
    "half-kneeling-hip-flexor-stretch": (
        "Kneeling on one knee on a cushion, the other foot flat in front, hands on the hips; "
        "the hips shift forward, the trunk stays upright."
    ),
    "couch-stretch": (
        "Kneeling with your back to a sofa, the back shin up against its front, the other foot "
        "forward; the trunk leans over the front knee, then lifts upright."
    ),
    "chair-assisted-lunge": (
        "Standing in a split stance beside a chair, a hand on its back; both knees bend and the "
        "body lowers straight down."
    ),
    "dynamic-lunge-with-pause": (
        "Standing tall, then one foot steps back and both knees bend into a lunge, the trunk "
        "upright."
    ),
    "supine-figure-four-stretch": (
        "Lying on your back, one ankle crossed over the other knee; the hands draw the bottom "
        "thigh towards the chest."
    ),
    "thread-the-needle": (
        "On hands and knees, one arm reaching up to the ceiling; it sweeps down and slides "
        "under the body as that shoulder lowers to the floor."
    ),
    "sphinx": (
        "Lying face down on your forearms; the chest lifts onto the forearms, elbows under the "
        "shoulders, hips staying on the floor."
    ),
    "breathing-with-co-contraction": (
        "Lying on your back, knees bent, hands on the lower ribs; the hands move out as the "
        "ribs widen with the breath."
    ),
    "heel-slides": (
        "Lying on your back, knees bent; one heel slides along the floor until the leg is "
        "nearly straight."
    ),
    "dead-bug": (
        "Lying on your back, arms pointing up, hips and knees bent at right angles; one arm "
        "lowers overhead while the opposite leg straightens out."
    ),
    "bird-dog": (
        "On hands and knees, back flat; one arm reaches forward while the opposite leg "
        "stretches back at hip height."
    ),
    "plank": (
        "On forearms and knees, then the knees lift so the body is a straight line from the "
        "heels to the head."
    ),
    "side-plank": (
        "Lying on your side, propped on the bottom forearm, legs stacked; the hips lift until "
        "the body is straight."
    ),
    "side-lying-leg-lift": (
        "Lying on your side, bottom knee bent; the straight top leg lifts a little above hip "
        "height."
    ),
    "side-lying-hip-abduction": (
        "Lying on your side with a band above the knees, bottom knee bent; the straight top leg "
        "lifts against the band."
    ),
    "clamshell": (
        "Lying on your side, hips and knees bent, feet together; the top knee opens upwards "
        "like a shell."
    ),
    "clamshell-with-band": (
        "Lying on your side with a band above the knees, hips and knees bent, feet together; "
        "the top knee opens against the band."
    ),
    "glute-bridge-march": (
        "Lying on your back with the hips lifted in a bridge; one foot lifts just off the floor "
        "while the hips stay level."
    ),
    "bodyweight-hip-hinge": (
        "Standing, hands on the hip creases; the hips push back and the chest tips forward with "
        "a long back, knees soft."
    ),
    "partial-kettlebell-swing": (
        "Hinged at the hips with a kettlebell held between the thighs; the hips drive forward "
        "to stand and the bell floats up to chest height."
    ),
    "kettlebell-deadlift": (
        "Hinged at the hips, knees soft, hands on a kettlebell between the feet; standing up "
        "tall, the bell hangs in front of the thighs."
    ),
    "sit-to-stand": (
        "Sitting on the front of a chair, arms crossed over the chest; leaning forward, then "
        "standing up tall in front of it."
    ),
    "wall-sit": (
        "Standing with your back against a wall, feet a stride out; sliding down until the "
        "knees are bent, thighs no lower than a chair seat."
    ),
    "goblet-squat": (
        "Standing with a kettlebell held at the chest; sitting down between the heels, chest "
        "up, into a deep squat."
    ),
    "single-leg-bridge": (
        "Lying on your back, one foot flat and the other leg straight; the hips lift until the "
        "straight leg lines up with the body."
    ),
    "hip-thrust": (
        "Sitting on the floor, upper back against the edge of a sofa, a kettlebell on the hips; "
        "the hips lift until the body lines up with the thighs."
    ),
    "split-squat": (
        "Standing in a long split stance, back heel raised; the body lowers straight down until "
        "the back knee is just above the floor."
    ),
    "step-up": (
        "Standing at the bottom stair with one foot on the step; pressing through that foot to "
        "stand up on the step."
    ),
    "foam-rolling-hip-flexors-quads": (
        "Lying face down on your forearms with a foam roller under the front of one thigh; the "
        "body slides so the roller moves from above the knee towards the hip."
    ),
    "light-walking": "Walking upright, arms swinging, each hip straightening behind you.",
    "gentle-yoga": (
        "Kneeling in child's pose, arms reaching forward on the floor, then rising onto hands "
        "and knees."
    ),
    "mobility-flow": (
        "On hands and knees, then stepping one foot forward into a half-kneeling hip flexor "
        "stretch."
    ),
    "knees-to-chest": (
        "Lying on your back with knees bent; both knees come towards the chest, hands holding "
        "the shins."
    ),
    "legs-on-chair-rest": (
        "Lying on your back with the calves resting on a chair seat, hips and knees at right "
        "angles, arms by your sides."
    ),
    "mcgill-curl-up": (
        "Lying on your back, one knee bent and the other leg straight, hands under the lower "
        "back; head and shoulders lift just off the floor."
    ),
    "mcgill-curl-up-elbows-lifted": (
        "Lying on your back, one knee bent, hands under the lower back and elbows lifted; head "
        "and shoulders lift just off the floor."
    ),
}


def load_figures(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    kept = []
    for exercise in Exercise.objects.filter(slug__in=FIGURES):
        if exercise.poses:
            kept.append(exercise.slug)
            continue
        exercise.poses = FIGURES[exercise.slug]
        if not exercise.figure_text:
            exercise.figure_text = DESCRIPTIONS[exercise.slug]
        exercise.save(update_fields=["poses", "figure_text"])
    for slug in kept:
        print(f"\n  Left as a trainer drew it (see 0021_starting_figures): {slug}")


class Migration(migrations.Migration):
    dependencies = [("routines", "0020_exercise_figure")]

    operations = [migrations.RunPython(load_figures, migrations.RunPython.noop)]
