"""Hipflex's own settings, middleware and all, with a URLconf that only says hello.

Served by gunicorn exactly as the app is, it gives the throughput ceiling of this machine:
what Django and its middleware cost before any view does real work.
"""

from __future__ import annotations

from hipflex.settings import *  # noqa: F403

ROOT_URLCONF = "bench.hello_urls"
