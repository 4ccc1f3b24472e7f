"""Gunicorn's settings for Hipflex, shared by the Dockerfile and `make bench`.

`gunicorn -c python:hipflex.gunicorn hipflex.wsgi`. WEB_CONCURRENCY sets the number of sync
workers; by default two per CPU this process may run on, so one worker computes while another
waits for PostgreSQL (make bench: /today/ +7%, /sessions/ +32% over one per CPU, 2026-12-01),
and never more than MAX_DEFAULT_WORKERS: inside a container the CPUs counted are the host's,
and each worker holds a PostgreSQL connection open.
"""

from __future__ import annotations

import os

MAX_DEFAULT_WORKERS = 8

workers = int(
    os.environ.get("WEB_CONCURRENCY", min(2 * len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS))
)
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
accesslog = "-"
errorlog = "-"
