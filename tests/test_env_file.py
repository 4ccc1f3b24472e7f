from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipflex.env_file import EnvFileError, load_env_file, parse_env_file

ROOT = Path(__file__).resolve().parent.parent
# Everything Hipflex's settings might read, gone: what is left is the file's and the test's.
SETTINGS_READ = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL", "HIPFLEX_SINGLE_PROCESS")


def test_the_file_fills_only_what_the_environment_lacks(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEBUG=true\nSECRET_KEY=from-the-file\n")
    environ = {"DEBUG": "false"}
    load_env_file(tmp_path, environ)
    assert environ == {"DEBUG": "false", "SECRET_KEY": "from-the-file"}


def test_a_variable_set_empty_in_the_environment_still_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SECRET_KEY=from-the-file\n")
    environ = {"SECRET_KEY": ""}
    load_env_file(tmp_path, environ)
    assert environ == {"SECRET_KEY": ""}


def test_comments_quotes_and_export_read_as_docker_compose_reads_them() -> None:
    text = (
        "# development\n"
        "\n"
        "export DEBUG=true\n"
        "SECRET_KEY='a # not a comment'\n"
        'DEFAULT_FROM_EMAIL="Hipflex <hello@localhost>"\n'
        "TIME_ZONE = Europe/London  # where I am\n"
        "CONN_MAX_AGE=\n"
    )
    assert parse_env_file(text) == {
        "DEBUG": "true",
        "SECRET_KEY": "a # not a comment",
        "DEFAULT_FROM_EMAIL": "Hipflex <hello@localhost>",
        "TIME_ZONE": "Europe/London",
        "CONN_MAX_AGE": "",
    }


@pytest.mark.parametrize("line", ["DEBUG", "DEBUG true", "1DEBUG=true", "=true"])
def test_a_line_that_is_not_name_value_is_refused_with_its_number(line: str) -> None:
    with pytest.raises(EnvFileError) as refused:
        parse_env_file(f"DEBUG=true\n{line}\n", source="/srv/.env")
    assert str(refused.value) == f"/srv/.env, line 2: expected NAME=value, not {line!r}."


def test_no_file_and_an_empty_file_name_read_nothing(tmp_path: Path) -> None:
    environ: dict[str, str] = {}
    load_env_file(tmp_path, environ)
    assert environ == {}
    (tmp_path / ".env").write_text("DEBUG=true\n")
    environ = {"HIPFLEX_ENV_FILE": ""}
    load_env_file(tmp_path, environ)
    assert environ == {"HIPFLEX_ENV_FILE": ""}


def manage_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_READ}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_takes_debug_and_the_key_from_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "development.env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=a-development-key\n")
    result = manage_check(tmp_path, HIPFLEX_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_manage_py_lets_the_shell_override_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "development.env"
    env_file.write_text("DEBUG=true\n")
    result = manage_check(tmp_path, HIPFLEX_ENV_FILE=str(env_file), DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_manage_py_names_a_broken_line_of_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "development.env"
    env_file.write_text("DEBUG=true\nSECRET_KEY\n")
    result = manage_check(tmp_path, HIPFLEX_ENV_FILE=str(env_file))
    assert result.returncode == 1
    assert result.stderr == (f"{env_file}, line 2: expected NAME=value, not 'SECRET_KEY'.\n")
