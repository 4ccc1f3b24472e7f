"""The WSGI application, and a process made ready to serve before its first request.

Django imports the views when the first request resolves its address, and each engine
compiles a template when a page first draws it: one person a worker waited a second or more
for all of it, and the pages' first seconds in make bench had a p99 of 250-300 ms. Done here,
each worker (gunicorn loads this module in every worker) pays it once as it starts. What is
loaded then is frozen out of the garbage collector's later passes: a full pass had walked the
whole of Django each time (0.31 ms a request of /today/, 0.17 ms frozen).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipflex.settings")
application = get_wsgi_application()


def ready_to_serve() -> None:
    from django.template import engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for engine in engines.all():
        suffix = ".jinja" if engine.name == "jinja2" else ".html"
        for directory in map(Path, engine.dirs):
            for template in directory.rglob(f"*{suffix}"):
                engine.get_template(template.relative_to(directory).as_posix())
    gc.freeze()


ready_to_serve()
