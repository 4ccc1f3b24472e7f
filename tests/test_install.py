from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_would_run(*arguments: str) -> list[str]:
    result = subprocess.run(
        ["make", "--dry-run", *arguments],
        cwd=ROOT,
        # Not the flags of a make that runs the tests (make test).
        env={k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_new_lock_installs_it_again_for_make_run_and_make_test() -> None:
    lines = make_would_run("--what-if=uv.lock", ".venv/.dev")
    syncs = [line for line in lines if " sync --locked " in line]
    assert len(syncs) == 2, lines
    assert syncs[0].endswith(" --no-dev")
    assert not syncs[1].endswith(" --no-dev")


def test_the_docker_image_takes_the_uv_the_makefile_takes() -> None:
    makefile = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    dockerfile = re.search(r"^ARG UV_VERSION=(\S+)$", (ROOT / "Dockerfile").read_text(), re.M)
    assert makefile and dockerfile
    assert dockerfile[1] == makefile[1]
