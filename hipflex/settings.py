"""Hipflex settings: one module, every deployer-facing value read from the environment.

Defaults make `make run` work on SQLite with nothing else installed; production sets
DEBUG off and supplies SECRET_KEY, DATABASE_URL, CACHE_URL and the mail settings.
"""

from __future__ import annotations

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Waiting longer than this many seconds for PostgreSQL to connect, or for Redis to answer at all,
# means it is out: the person gets the calm 503 page (hipflex/outages.py) instead of a request
# held until gunicorn kills it. Redis answers in well under a millisecond when it answers.
DATABASE_CONNECT_TIMEOUT_SECONDS = 3
CACHE_TIMEOUT_SECONDS = 1
# Each connection keeps the statements it has run twice planned (psycopg's prepared
# statements; they need the values sent apart from the SQL, server-side binding). PostgreSQL
# then skips parsing and planning a page's queries: half its CPU a request in make bench
# (/today/ 1.9 -> 0.9 ms, 2026-12-02). Behind PgBouncer in transaction mode, that needs
# max_prepared_statements (PgBouncer 1.21 or later).
DATABASE_PREPARE_THRESHOLD = 2


def database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db
        path = unquote(parsed.path[1:]) if parsed.path.startswith("/") else parsed.path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / path if path else "",
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options: dict[str, object] = {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT_SECONDS,
            "server_side_binding": True,
            "prepare_threshold": DATABASE_PREPARE_THRESHOLD,
            **{key: values[-1] for key, values in parse_qs(parsed.query).items()},
        }
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": parsed.port or "",
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parsed.scheme!r}."
    )


def cache_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parsed.scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem:// or redis://, not {parsed.scheme!r}."
    )


def mailer_from_env(debug: bool) -> dict[str, object]:
    default_backend = (
        "django.core.mail.backends.console.EmailBackend"
        if debug
        else "django.core.mail.backends.smtp.EmailBackend"
    )
    backend = env_str("EMAIL_BACKEND", default_backend)
    options: dict[str, object] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))}
    return {"BACKEND": backend, "OPTIONS": options}


def contact_from_env(from_email: str) -> str:
    """HIPFLEX_CONTACT_EMAIL, else the address mail is sent from (DEFAULT_FROM_EMAIL)."""
    contact = env_str("HIPFLEX_CONTACT_EMAIL").strip()
    if not contact:
        sender = parseaddr(from_email)[1]
        return sender if "@" in sender else "help@hipflex.example.com"
    if "@" not in contact:
        raise ImproperlyConfigured(
            f"HIPFLEX_CONTACT_EMAIL must be an email address, not {contact!r}."
        )
    return contact


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string, for "
            "example: python -c 'import secrets; print(secrets.token_urlsafe(50))'. In "
            'development, run commands as make manage CMD="..." (DEBUG on, a key of its own).'
        )
    SECRET_KEY = "insecure-development-only-key-never-use-in-production-" + "x" * 20

# Where the site is reached, for links in emails and the calendar feed.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "routines",
    "tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the session: a page made for an error raised there (an
    # outage's 503 page, hipflex/outages.py) still carries these headers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hipflex.outages.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "hipflex.urls"
# Forms render through templates/django/forms/, so every field looks and reads the same.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "hipflex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The busiest pages and the layout every page shares (hipflex/jinja2.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "hipflex.jinja2.environment",
            "context_processors": ["hipflex.jinja2.page"],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "locmem://")
# Sessions and sign-in rate limits live in the cache: a cache of one process's own lets a
# signed-out cookie in through another process, and multiplies the limits.
SHARED_CACHE = CACHE_URL.startswith(("redis://", "rediss://"))
if not DEBUG and not SHARED_CACHE and not env_bool("HIPFLEX_SINGLE_PROCESS", False):
    raise ImproperlyConfigured(
        f"With DEBUG off, CACHE_URL must be a Redis shared by every app process "
        f"(redis://host:6379/0), not {CACHE_URL!r}. To run a single process on purpose, "
        "set HIPFLEX_SINGLE_PROCESS=true."
    )
CACHES = {
    "default": {
        **cache_from_url(CACHE_URL),
        # For a Redis shared with other apps (or test runs): every key starts with it.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
    }
}

# Background tasks (reminder emails): stored in the database and run by `manage.py db_worker`
# in production; run at once, in the request, for `make run`.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
# Sessions live in the cache for speed and in the database for durability, so any web
# container can serve any request, and a Redis restart or outage signs nobody out
# (hipflex/sessions.py).
SESSION_ENGINE = "hipflex.sessions"

# Django's and allauth's, reading the profile with the user (hipflex/backends.py). The last
# two only keep sessions signed in before 2026-12-01 working (their path is stored in each
# session); remove them once those have expired (SESSION_COOKIE_AGE, two weeks).
AUTHENTICATION_BACKENDS = [
    "hipflex.backends.ModelBackend",
    "hipflex.backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Hipflex is written in British English only: no translation machinery on every page
# (dates and numbers still take en-gb's formats).
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Mail: Django 6.1's MAILERS, filled from the classic EMAIL_* variable names.
MAILERS = {"default": mailer_from_env(DEBUG)}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hipflex <hello@hipflex.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write for help: shown where a page says "write to us" (the account pages, the
# privacy notice).
HIPFLEX_CONTACT_EMAIL = contact_from_env(DEFAULT_FROM_EMAIL)

# Security. The three cookie/redirect switches default on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Accounts (django-allauth): email and password, verified email before any app page.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tracking:today"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Sensitive actions ask for the password again unless it was given in the last five minutes:
# adding or changing an email address, changing the password, turning off two-factor, and
# Hipflex's own deletion and export (tracking.views).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
}
ACCOUNT_FORMS = {
    "signup": "routines.forms.SignupForm",
    "login": "hipflex.accounts.LoginForm",
    "change_password": "hipflex.accounts.ChangePasswordForm",
    "reset_password": "hipflex.accounts.ResetPasswordForm",
    "reset_password_from_key": "hipflex.accounts.ResetPasswordKeyForm",
}
# Hipflex's own words for allauth's error messages (the pages are in templates/account/).
ACCOUNT_ADAPTER = "hipflex.accounts.AccountAdapter"
MFA_ADAPTER = "hipflex.accounts.MFAAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Hipflex: "
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hipflex"
# Each sign-in is recorded (device, address, time) for the "Signed-in devices" page; pages do
# not write "last seen" on every visit, so reading a page never writes to the database.
USERSESSIONS_TRACK_ACTIVITY = False

# The version of the privacy notice a person consents to at sign-up.
PRIVACY_NOTICE_VERSION = "2026-11"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stdout": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
}
