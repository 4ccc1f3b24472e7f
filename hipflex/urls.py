from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from hipflex import views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Hipflex library admin"
admin.site.site_title = "Hipflex admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("routines.urls")),
    path("", include("tracking.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
