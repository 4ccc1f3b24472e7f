"""The development `.env`: NAME=value lines that manage.py adds to its environment.

`make run` and `make manage` write one on first use (DEBUG on, a SECRET_KEY of its own), so a
management command in development needs nothing remembered. A variable already in the
environment always wins over the file, and a missing file is fine: production, the Docker image
and CI have none. HIPFLEX_ENV_FILE names another file; set to nothing, no file is read (the
tests do this, so a developer's .env never reaches them).

The format is the common subset of Docker Compose's and python-dotenv's: `#` comments, an
optional `export `, values optionally in single or double quotes (taken as written), and an
unquoted value ending at ` #`.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class EnvFileError(ValueError):
    """A line that is not NAME=value."""


def parse_env_file(text: str, source: str = ".env") -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.removeprefix("export ").partition("=")
        name = name.strip()
        if not equals or not NAME.fullmatch(name):
            raise EnvFileError(f"{source}, line {number}: expected NAME=value, not {raw!r}.")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values


def load_env_file(base_dir: Path, environ: MutableMapping[str, str] = os.environ) -> None:
    """Add the env file's variables that `environ` does not already have."""
    name = environ.get("HIPFLEX_ENV_FILE", ".env")
    if not name:
        return
    path = base_dir / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for key, value in parse_env_file(text, source=str(path)).items():
        environ.setdefault(key, value)
