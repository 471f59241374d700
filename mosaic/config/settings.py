"""Mosaic settings: everything comes from the environment (see docs/configuration.md).

``MOSAIC_DEV=1`` is the explicit development mode used by ``make run`` and the tests: it allows
a generated secret key and plain-HTTP cookies. Without it, a missing secret or host list stops
start-up (see ``mosaic.config.checks``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from mosaic.config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("MOSAIC_VAR_DIR", str(BASE_DIR / "var")))

DEV = env_bool("MOSAIC_DEV", default=False)
DEBUG = env_bool("MOSAIC_DEBUG", default=False) and DEV

# A development run gets a throwaway key per process; production must supply one.
SECRET_KEY = env_secret("MOSAIC_SECRET_KEY") or (secrets.token_urlsafe(50) if DEV else "")
ALLOWED_HOSTS = env_list("MOSAIC_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver" if DEV else "")
CSRF_TRUSTED_ORIGINS = env_list("MOSAIC_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mosaic.accounts",
    "mosaic.audit",
    "mosaic.people",
    "mosaic.reports",
    "mosaic.linking",
    "mosaic.conduct",
    "mosaic.risk",
    "mosaic.narratives",
    "mosaic.interchange",
    "mosaic.web",
    "mosaic.demo",
    "mosaic.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mosaic.security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mosaic.accounts.middleware.NoStoreMiddleware",
    "mosaic.security.mfa.RequireMfaMiddleware",
    "mosaic.security.failclosed.AuditFailClosedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mosaic.config.urls"
WSGI_APPLICATION = "mosaic.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mosaic" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=env_int("MOSAIC_DB_CONN_MAX_AGE", 60)))
    # SQLite: WAL for concurrent readers, synchronous=FULL so a committed report survives
    # power loss (NORMAL can lose the last transactions in WAL mode; DESIGN.md §7).
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("MOSAIC_SQLITE_PATH", str(VAR_DIR / "mosaic.sqlite3")),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Security (issue 8, docs/security.md). MFA is enforced everywhere outside development mode;
# in development (``make run``) users without a device sign in with their password alone.
MOSAIC_REQUIRE_MFA = env_bool("MOSAIC_REQUIRE_MFA", default=not DEV)
# Reveals and exports need the password (and code) again within this many minutes.
MOSAIC_STEP_UP_MINUTES = env_int("MOSAIC_STEP_UP_MINUTES", 5)
# A break-the-glass grant lasts at most one shift.
MOSAIC_BREAK_GLASS_HOURS = min(env_int("MOSAIC_BREAK_GLASS_HOURS", 10), 10)
OTP_TOTP_ISSUER = "Mosaic"
# Field encryption keys, newest first ("k2:<base64 32 bytes>,k1:…"), and the blind-index key.
# Development mode derives fixed keys when these are unset (docs/adr/0006).
MOSAIC_FIELD_KEYS = env_secret("MOSAIC_FIELD_KEYS")
MOSAIC_FIELD_INDEX_KEY = env_secret("MOSAIC_FIELD_INDEX_KEY")
# Lockout: five failures for one username lock it for 15 minutes, whether or not the account
# exists, so the answers for known and unknown usernames are the same.
AXES_FAILURE_LIMIT = env_int("MOSAIC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MOSAIC_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked.html"
AXES_VERBOSE = False
# axes.W006 asks for IP-based lockout too. Police stations sit behind one shared address, so
# one person's typos would lock out the whole station; lockout is per username instead (and
# the same for names that do not exist). Rate limiting by address belongs at the proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Sessions: 15 minutes idle (refreshed on each request); 12 hours absolute (accounts.middleware).
SESSION_COOKIE_AGE = env_int("MOSAIC_SESSION_IDLE_SECONDS", 15 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE = not DEV or env_bool("MOSAIC_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
if SECURE:
    SESSION_COOKIE_NAME = "__Host-mosaic_session"
    CSRF_COOKIE_NAME = "__Host-mosaic_csrf"
    SECURE_SSL_REDIRECT = env_bool("MOSAIC_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str(
            "MOSAIC_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEV
            else "django_tasks_db.backend.DatabaseBackend",
        ),
    }
}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MOSAIC_LOG_LEVEL", "WARNING")},
}

# Intake limits (validation errors name these).
MOSAIC_NARRATIVE_MAX_CHARS = env_int("MOSAIC_NARRATIVE_MAX_CHARS", 100_000)
WHITENOISE_USE_FINDERS = True

# Linkage: the model JSON in use (empty: the shipped default) and the values that never link
# (999, 101, helplines, switchboards) as data a force administrator edits.
MOSAIC_LINKAGE_MODEL = env_str("MOSAIC_LINKAGE_MODEL", "")
MOSAIC_LINKAGE_GENERIC_FILE = env_str(
    "MOSAIC_LINKAGE_GENERIC_FILE", str(BASE_DIR / "mosaic" / "linking" / "generic.json")
)
# The weakest candidate the intake preview still shows the officer (a probability).
MOSAIC_LINKAGE_SUGGEST_FLOOR = float(env_str("MOSAIC_LINKAGE_SUGGEST_FLOOR", "0.05"))
