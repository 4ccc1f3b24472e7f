"""Every command README.md gives works as written.

Each line of a ```sh block is a command. It runs in this checkout, through bash, with an
environment of its own: no variable of the shell or of pytest's settings, a .env file of its own
(HIPFLEX_ENV_FILE, written by make as a newcomer's would be) and a throwaway SQLite database,
already migrated as `make run` leaves it. A block right under `<!-- checked, not run: why -->`
is long-running or changes the checkout: its make targets must exist (`make -n`), the options
it gives a command must be that command's, and what `docker compose` needs must be there.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

FENCE = re.compile(r"^```(?P<language>\S*)\s*$")
CHECKED_ONLY = re.compile(r"^<!-- checked, not run: (?P<why>\S.*?) -->$")
SHELLS = {"sh", "bash", "shell", "console", "zsh"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# What a README command keeps of the environment pytest runs in: where programs, the home
# directory and the installers' settings are. Nothing Hipflex's settings read.
KEPT = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR"}
KEPT_PREFIXES = ("UV_", "PIP_", "XDG_")
# Where each make variable's options go, for the commands that are checked, not run.
OPTIONS_OF = {
    "CMD": lambda words: ["make", "manage", f"CMD={words[0]} --help"],
    "BENCH_ARGS": lambda words: [sys.executable, "bench/run.py", "--help"],
}


@dataclass(frozen=True)
class Command:
    text: str
    line: int
    # Why it is only checked; None when it runs.
    checked_only: str | None

    @property
    def words(self) -> str:
        return shlex.join(shlex.split(self.text, comments=True))

    def __str__(self) -> str:
        return f"README.md line {self.line}: {self.text}"


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    start: int | None = None
    language = ""
    for number, line in enumerate(lines, start=1):
        fence = FENCE.match(line)
        if not fence:
            continue
        if start is None:
            start, language = number, fence["language"]
        else:
            blocks.append(Block(language, "\n".join(lines[start : number - 1]), start))
            start = None
    assert start is None, f"README.md line {start}: a code block is never closed"
    return blocks


def readme_commands(text: str) -> list[Command]:
    lines = text.splitlines()
    commands: list[Command] = []
    for block in readme_blocks(text):
        assert block.language not in SHELLS - {"sh"}, (
            f"README.md line {block.line}: commands go in ```sh blocks, which the test runs"
        )
        assert block.language, f"README.md line {block.line}: say the block's language"
        if block.language != "sh":
            continue
        above = lines[block.line - 2] if block.line >= 2 else ""
        mark = CHECKED_ONLY.match(above)
        for offset, line in enumerate(block.text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(Command(line.strip(), block.line + offset, mark and mark["why"]))
    return commands


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def newcomers_environment(folder: Path, database: Path) -> dict[str, str]:
    kept = {
        name: value
        for name, value in os.environ.items()
        if name in KEPT or name.startswith(KEPT_PREFIXES)
    }
    return {
        **kept,
        "HIPFLEX_ENV_FILE": str(folder / ".env"),
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
    }


def run(
    arguments: list[str], env: dict[str, str], timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        arguments, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def explained(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database as `make run` leaves it; each command gets a copy."""
    folder = tmp_path_factory.mktemp("readme-template")
    database = folder / "db.sqlite3"
    env = {
        **newcomers_environment(folder, database),
        "DEBUG": "true",
        "HIPFLEX_ENV_FILE": "",
    }
    result = run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    assert result.returncode == 0, explained(result)
    return database


@pytest.fixture
def newcomer(tmp_path: Path, migrated_database: Path) -> dict[str, str]:
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_database, database)
    return newcomers_environment(tmp_path, database)


def test_the_readme_starts_with_make_run_and_make_test() -> None:
    assert [command.words for command in COMMANDS[:2]] == [
        "make run",
        "make test",
    ]


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.checked_only is None], ids=lambda c: c.words
)
def test_the_readme_command_works(command: Command, newcomer: dict[str, str]) -> None:
    result = run(["bash", "-c", command.text], newcomer)
    assert result.returncode == 0, f"{command}\n{explained(result)}"


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.checked_only is not None], ids=lambda c: c.words
)
def test_the_readme_command_that_is_not_run_exists(
    command: Command, newcomer: dict[str, str]
) -> None:
    words = shlex.split(command.text, comments=True)
    prefix: dict[str, str] = {}
    while words and ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        prefix[name] = value
    env = {**newcomer, **prefix}
    if words[0] == "make":
        result = run(["make", "-n", *words[1:]], env, timeout=60)
        assert result.returncode == 0, f"{command}\n{explained(result)}"
        for name, value in (word.split("=", 1) for word in words[1:] if "=" in word):
            assert name in OPTIONS_OF, f"{command}: the test cannot check {name}'s options"
            given = shlex.split(value)
            result = run(OPTIONS_OF[name](given), env, timeout=60)
            assert result.returncode == 0, f"{command}\n{explained(result)}"
            for option in (word.split("=")[0] for word in given if word.startswith("--")):
                assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", result.stdout), (
                    f"{command}: {option} is not an option of {value.split()[0]}"
                )
    elif words[:2] == ["docker", "compose"]:
        assert (ROOT / "Dockerfile").is_file()
        compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
        services = set(re.findall(r"^  ([\w-]+):$", compose, re.MULTILINE))
        scaled = [words[i + 1] for i, word in enumerate(words) if word == "--scale"]
        for service in (scale.split("=")[0] for scale in scaled):
            assert service in services, f"{command}: docker-compose.yml has no {service}"
    else:
        pytest.fail(f"{command}: the test knows no way to check it without running it")


def test_the_example_scenario_is_the_one_the_readme_shows() -> None:
    shown = [block for block in readme_blocks(README.read_text()) if block.language == "json"]
    example = ROOT / "tracking" / "example-scenario.json"
    assert [json.loads(block.text) for block in shown] == [json.loads(example.read_text())]
