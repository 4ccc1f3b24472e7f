"""Gunicorn's settings for Hipflex, shared by the Dockerfile and `make bench`.

`gunicorn -c python:hipflex.gunicorn hipflex.wsgi`. WEB_CONCURRENCY sets the number of
sync workers (gunicorn reads it itself too).
"""

from __future__ import annotations

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
accesslog = "-"
errorlog = "-"
