from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from hipflex import accounts, outages, views

admin.site.login = secure_admin_login(admin.site.login)


def _password_change_on_the_site(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """A trainer changes their password where everyone does: allauth records the session it
    keeps, so deleting the account later ends that one too."""
    return redirect("account_change_password")


admin.site.password_change = _password_change_on_the_site
admin.site.site_header = "Hipflex library admin"
admin.site.site_title = "Hipflex admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("routines.urls")),
    path("", include("tracking.urls")),
    # Ahead of allauth's own: a used link says the address is already confirmed.
    path("accounts/confirm-email/<str:key>/", accounts.confirm_email, name="account_confirm_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = outages.server_error
