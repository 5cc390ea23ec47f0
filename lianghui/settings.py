"""Django settings, read from the environment (see docs/configuration.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from lianghui.env import (
    env_bool,
    env_int,
    env_list,
    env_path,
    env_proxy_header,
    env_str,
    env_url,
    redis_channel_prefix,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("LIANGHUI_DATA_DIR", Path.cwd() / "data")

DEBUG = env_bool("DEBUG", False)
# The demo's key is public: `lianghui serve` refuses it (lianghui.checks).
DEMO_SECRET_KEY = "insecure-lianghui-demo-key-set-SECRET_KEY-in-production"
SECRET_KEY = env_str("SECRET_KEY") or DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    # Listed so /api/docs serves Swagger UI from django-ninja's own static files, not a CDN.
    "ninja",
    "axes",  # sign-in lock-out (lianghui/web/signin.py)
    "django_otp",  # second factor at sign-in (lianghui/web/second_factor.py)
    "django_otp.plugins.otp_totp",
    "lianghui.audit",
    "lianghui.people",
    "lianghui.sessions",
    "lianghui.attendance",
    "lianghui.scrutiny",
    "lianghui.votes",
    "lianghui.presidium",
    "lianghui.elections",
    "lianghui.proposals",
    "lianghui.deliberation",
    "lianghui.interpellation",
    "lianghui.recall",
    "lianghui.records",
    "lianghui.hall",
    "lianghui.halls",
    "lianghui.sheets",
    "lianghui.accounts",
    "lianghui.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lianghui.web.csp.SameHostWebsocketCSPMiddleware",  # Content-Security-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): the code was given
    "lianghui.web.second_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked sign-in (last, as axes requires)
]

ROOT_URLCONF = "lianghui.urls"
ASGI_APPLICATION = "lianghui.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lianghui.web.context.roles",
            ],
            # {% punct "：" %}, {% wordgap %}, |listjoin: punctuation in the reader's language.
            "builtins": ["lianghui.web.templatetags.lianghui_text"],
        },
    },
]

# SQLite by default, in the data directory; PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env_url(
    "DATABASE_URL",
    {"sqlite", "postgres", "postgresql"},
    default=f"sqlite:///{DATA_DIR / 'lianghui.sqlite3'}",
)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and a busy timeout: concurrent writers wait instead of
    # failing with "database is locked"; WAL lets readers go on during a vote burst.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not shared-cache memory: concurrency tests need real SQLite locking.
    # One file per process, so that two test runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    # A pool per worker process: a request borrows a connection instead of opening one
    # (opening costs PostgreSQL ~3 ms of CPU), and a burst cannot exceed max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2, minimum=0),
        "max_size": env_int("DB_POOL_MAX", 20, minimum=1),
        "timeout": 30,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One test database per process, so that two test runs on one machine never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
CACHE_PREFIX = env_str("LIANGHUI_CACHE_PREFIX", "lianghui")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # redis-py caps a pool at 100 connections; a hall needs more headroom.
                "hosts": [{"address": REDIS_URL, "max_connections": 1000}],
                "prefix": redis_channel_prefix(REDIS_URL, CACHE_PREFIX),
            },
        }
    }
    CACHES = {
        "default": {
            # Falls back to local memory while Redis is down (lianghui/cache.py).
            "BACKEND": "lianghui.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            "KEY_PREFIX": CACHE_PREFIX,
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "lianghui.sessions.local_layer.LocalChannelLayer"}}
    # Sign-in sessions live here too (cached_db): room for a whole hall of delegates.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS behind a reverse proxy (docs/deploy.md): the header the proxy sets to "https".
SECURE_PROXY_SSL_HEADER = env_proxy_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Content-Security-Policy (django-csp; lianghui/web/csp.py adds the page's own websocket):
# everything from this server only, no inline script or style anywhere, no framing. htmx is
# told not to inject its indicator <style> nor evaluate attributes (base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The audit chain's signing key, never in the database (docs/audit.md). Without either, the
# demo and development make one in the data directory on first use; `lianghui serve` refuses.
AUDIT_SIGNING_KEY = env_str("LIANGHUI_AUDIT_KEY")
AUDIT_SIGNING_KEY_FILE = env_str("LIANGHUI_AUDIT_KEY_FILE")
AUDIT_TRUSTED_KEYS = env_list("LIANGHUI_AUDIT_TRUSTED_KEYS", [])
AUDIT_FALLBACK_KEY_FILE = DATA_DIR / "audit-signing.key"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wrong passwords lock the account, and (at ten times as many) the address: web/signin.py.
AUTHENTICATION_BACKENDS = [
    "lianghui.web.signin.Backend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_LOCK_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "lianghui.web.signin.Handler"
AXES_LOCKOUT_CALLABLE = "lianghui.web.signin.locked_out"
AXES_VERBOSE = False
# The secretariat's and scrutineers' accounts confirm each sign-in with a TOTP code
# (web/second_factor.py). Off by default so that the demo's accounts sign in with a password.
SIGNIN_SECOND_FACTOR = env_bool("SIGNIN_SECOND_FACTOR", False)
OTP_TOTP_ISSUER = env_str("SIGNIN_SECOND_FACTOR_ISSUER", "lianghui")
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded documents have no public URL: sessions.views.document checks access first.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
LIANGHUI_MAX_DOCUMENT_BYTES = env_int("LIANGHUI_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024, minimum=1)
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root

# E-mail: reminders to handling units and filers (proposals_remind, run daily by cron).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lianghui@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "lianghui.log_handlers.CurrentStderrHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"lianghui": {"level": env_str("LOG_LEVEL", "INFO"), "propagate": True}},
}
