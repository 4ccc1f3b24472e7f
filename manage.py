#!/usr/bin/env python
from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    from hipflex.env_file import EnvFileError, load_env_file

    # The development settings `make` writes (hipflex/env_file.py); the environment wins.
    try:
        load_env_file(Path(__file__).resolve().parent)
    except EnvFileError as error:
        sys.exit(str(error))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipflex.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
