"""WSGI entry point of the hello app: `gunicorn bench.hello`, beside `gunicorn hipflex.wsgi`."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

# Set, not setdefault: the bench starts both servers from one environment.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.hello_settings"
application = get_wsgi_application()
