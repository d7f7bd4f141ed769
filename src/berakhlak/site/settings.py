"""The one settings module, driven by environment variables.

A fresh checkout runs on SQLite with no configuration. With BERAKHLAK_ENV=production every
secret must come from the environment and a missing one stops the process at start-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ConfigurationError(f"environment variable {name} is required")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """postgres://user:password@host:port/name (a Unix socket as ?host=/dir) or sqlite:///path
    as a Django DATABASES entry."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path) or ":memory:"}
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": query.get("host", [parsed.hostname or ""])[0],
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("BERAKHLAK_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            # Prepared statements allowed (the submission's, responses/statement.py).
            # Off behind a transaction-pooling PgBouncer older than 1.21.
            "OPTIONS": {
                "prepare_threshold": 5 if env_bool("BERAKHLAK_DB_PREPARED", True) else None
            },
        }
    raise ConfigurationError(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")


# Under pytest the default is the test environment (fast password hashing, temporary data).
ENVIRONMENT = env_str("BERAKHLAK_ENV", "test" if "pytest" in sys.modules else "development")
if ENVIRONMENT not in ("development", "production", "test"):
    raise ConfigurationError("BERAKHLAK_ENV must be development, production or test")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(env_str("BERAKHLAK_DATA_DIR", str(Path.cwd() / "var"))).resolve()
if ENVIRONMENT == "test" and "BERAKHLAK_DATA_DIR" not in os.environ:
    import tempfile

    DATA_DIR = Path(tempfile.mkdtemp(prefix="berakhlak-test-"))

if PRODUCTION:
    SECRET_KEY = env_str("BERAKHLAK_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ConfigurationError("BERAKHLAK_SECRET_KEY must be at least 50 characters")
    ALLOWED_HOSTS = env_list("BERAKHLAK_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ConfigurationError("BERAKHLAK_ALLOWED_HOSTS is required in production")
    DATABASES = {"default": database_from_url(env_str("DATABASE_URL"))}
    DEBUG = False
else:
    SECRET_KEY = env_str("BERAKHLAK_SECRET_KEY", "development-only-secret-key-" + "x" * 40)
    ALLOWED_HOSTS = env_list("BERAKHLAK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DATABASES = {
        "default": database_from_url(
            os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'berakhlak.sqlite3'}"
        )
    }
    DEBUG = env_bool("BERAKHLAK_DEBUG", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

SITE_URL = env_str("BERAKHLAK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("BERAKHLAK_CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "berakhlak.common",
    "berakhlak.accounts",
    "berakhlak.orgs",
    "berakhlak.surveys",
    "berakhlak.responses",
    "berakhlak.evaluation",
    "berakhlak.results",
    "berakhlak.reports",
    "berakhlak.audit",
    "berakhlak.uploads",
    "berakhlak.followup",
    "berakhlak.opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "berakhlak.site.middleware.SecurityHeadersMiddleware",
    "berakhlak.site.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "berakhlak.site.middleware.NulRejectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "berakhlak.site.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "berakhlak.site.urls"
WSGI_APPLICATION = "berakhlak.site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent.parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "berakhlak.accounts.context.membership",
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":  # tests create many users; Argon2 itself has a test of its own
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("BERAKHLAK_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("BERAKHLAK_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["berakhlak.site.formats"]  # dates in full: 2 November 2026
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [Path(__file__).resolve().parent.parent / "static"]
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None  # collectstatic in production
STORAGES = {
    # Uploaded files, under random names; never served as /media/, only through a view
    # that checks who asks (berakhlak/uploads).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files"), "base_url": "/-/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MAX_AGE = 60 * 60 * 24 if not PRODUCTION else 60 * 60 * 24 * 365

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
BERAKHLAK_MAX_UPLOAD_BYTES = env_int("BERAKHLAK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Photos and documents users upload as evidence (berakhlak/uploads): each file at most
# 10 MB, and an instansi's files together at most the quota.
BERAKHLAK_FILE_MAX_BYTES = 10 * 1024 * 1024
BERAKHLAK_FILE_QUOTA_BYTES = env_int("BERAKHLAK_FILE_QUOTA_BYTES", 500 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Request logs would carry client addresses; the questionnaire must not leave any.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}

# Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted.
BERAKHLAK_TRUSTED_PROXIES = env_int("BERAKHLAK_TRUSTED_PROXIES", 0)

# Rate limits of the public questionnaire (per client address; "off" disables them, e.g. for
# load benchmarks from one machine). Offices share one address behind NAT: stay generous.
BERAKHLAK_THROTTLE = env_bool("BERAKHLAK_THROTTLE", True)
BERAKHLAK_SUBMIT_LIMIT = env_int("BERAKHLAK_SUBMIT_LIMIT", 200)  # submissions per hour
BERAKHLAK_CODE_LIMIT = env_int("BERAKHLAK_CODE_LIMIT", 20)  # wrong personal codes per 15 min
# Malformed requests to the submission API per hour; they never count as submissions.
BERAKHLAK_MALFORMED_LIMIT = env_int("BERAKHLAK_MALFORMED_LIMIT", 200)

# E-mail (invitations of operators, accounts/invitations.py). BERAKHLAK_EMAIL picks the
# backend: "smtp" (the default in production, the server from the variables below),
# "file" (one file per message in DATA_DIR/mail: the demo and the tests) or "console"
# (the default in development: printed by the server).
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
BERAKHLAK_EMAIL = env_str(
    "BERAKHLAK_EMAIL",
    {"production": "smtp", "test": "file"}.get(ENVIRONMENT, "console"),
)
if BERAKHLAK_EMAIL not in EMAIL_BACKENDS:
    raise ConfigurationError(f"BERAKHLAK_EMAIL={BERAKHLAK_EMAIL!r} is not smtp, file or console")
EMAIL_BACKEND = EMAIL_BACKENDS[BERAKHLAK_EMAIL]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("BERAKHLAK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BERAKHLAK_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("BERAKHLAK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("BERAKHLAK_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = env_bool("BERAKHLAK_EMAIL_SSL", False)  # TLS from the start (port 465)
EMAIL_USE_TLS = env_bool("BERAKHLAK_EMAIL_STARTTLS", not EMAIL_USE_SSL)  # STARTTLS (587)
EMAIL_TIMEOUT = env_int("BERAKHLAK_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("BERAKHLAK_EMAIL_FROM", "BerAKHLAK <noreply@localhost>")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ConfigurationError("BERAKHLAK_EMAIL_STARTTLS and BERAKHLAK_EMAIL_SSL exclude each other")
# How many days an invitation link works.
BERAKHLAK_INVITATION_DAYS = env_int("BERAKHLAK_INVITATION_DAYS", 7)
