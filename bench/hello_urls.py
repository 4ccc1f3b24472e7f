from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from hipflex.views import healthz


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("", hello, name="hello"),
    path("healthz", healthz, name="healthz"),
]
