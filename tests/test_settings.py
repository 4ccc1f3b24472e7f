from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hipflex import settings as hipflex_settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ",
    "ALLOWED_HOSTS": "hipflex.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://hipflex.example.com",
    "DATABASE_URL": "postgres://hipflex:secret@db:5432/hipflex",
    "CACHE_URL": "redis://redis:6379/0",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for key in (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "HIPFLEX_SINGLE_PROCESS",
    ):
        clean.pop(key, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("cache_url", ["", "locmem://"], ids=["unset", "locmem"])
@pytest.mark.parametrize("command", [["check", "--deploy"], ["migrate", "--check"]])
def test_production_refuses_to_start_without_a_shared_cache(
    cache_url: str, command: list[str]
) -> None:
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "CACHE_URL"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = run_manage(*command, env=env)
    assert result.returncode != 0
    assert "With DEBUG off, CACHE_URL must be a Redis shared by every app process" in (
        result.stderr
    )


def test_a_single_process_deployment_may_opt_out_of_the_shared_cache() -> None:
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmem://", "HIPFLEX_SINGLE_PROCESS": "true"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_with_debug_off_names_the_variable() -> None:
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_a_wrong_boolean_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_USE_TLS", "maybe")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_USE_TLS"):
        hipflex_settings.env_bool("EMAIL_USE_TLS", False)


def test_postgres_url_uses_persistent_connections_with_health_checks() -> None:
    database = hipflex_settings.database_from_url("postgres://app:pw@db.internal:6543/hipflex")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"], database["PORT"]) == (
        "hipflex",
        "app",
        "db.internal",
        6543,
    )
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_unknown_database_scheme_is_a_clear_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        hipflex_settings.database_from_url("mysql://localhost/hipflex")


def test_redis_cache_url_uses_the_shared_client_redis_backend() -> None:
    cache = hipflex_settings.cache_from_url("redis://cache:6379/1")
    assert (cache["BACKEND"], cache["LOCATION"]) == (
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache:6379/1",
    )


def test_smtp_settings_map_onto_the_default_mailer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.com")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_HOST_USER", "mailer")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "pw")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    mailer = hipflex_settings.mailer_from_env(debug=False)
    assert mailer["OPTIONS"] == {
        "host": "smtp.example.com",
        "port": 587,
        "username": "mailer",
        "password": "pw",
        "use_tls": True,
    }


def test_development_prints_emails_to_the_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    mailer = hipflex_settings.mailer_from_env(debug=True)
    assert mailer["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_the_contact_address_defaults_to_the_address_mail_comes_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HIPFLEX_CONTACT_EMAIL", raising=False)
    sender = "Hipflex <hello@hipflex.example.org>"
    assert hipflex_settings.contact_from_env(sender) == "hello@hipflex.example.org"
    assert hipflex_settings.contact_from_env("") == "help@hipflex.example.com"
    monkeypatch.setenv("HIPFLEX_CONTACT_EMAIL", "care@hipflex.example.org")
    assert hipflex_settings.contact_from_env(sender) == "care@hipflex.example.org"


def test_a_contact_address_without_an_at_sign_is_refused_with_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HIPFLEX_CONTACT_EMAIL", "the front desk")
    with pytest.raises(ImproperlyConfigured, match="HIPFLEX_CONTACT_EMAIL must be an email"):
        hipflex_settings.contact_from_env("Hipflex <hello@hipflex.example.org>")
