"""Settings shared by every environment; each value that varies comes from config.env."""

from email.utils import parseaddr
from pathlib import Path

import dj_database_url

from config.database import use_connection_pool
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "common",
    "accounts",
    "cms",
    "proposals",
    "deliberation",
    "analysis",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.HearthUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "django_ratelimit",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.HearthCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the language comes from the URL's prefix (/cy/...), and
    # CommonMiddleware's slash redirects must see the language-prefixed paths.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.site_lookup.SiteLookupMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sends "/" to the home page in the language a person chose (needs request.user).
    "common.i18n.ChosenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
# Threads per worker process that serve HTTP requests (config/asgi_http.py): enough to
# keep the worker's core busy while some wait on PostgreSQL or Redis; more only contend.
HTTP_THREADS = env_int("HTTP_THREADS", 4)
# While a worker's oldest WebSocket handshake under way has waited this many seconds, it
# refuses new ones at once (503, Retry-After) for their clients to retry
# (config/handshakes.py).
WEBSOCKET_HANDSHAKE_MAX_WAIT = env_int("WEBSOCKET_HANDSHAKE_MAX_WAIT", 10)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.easy_read.context",
            ],
        },
    },
]
# Every Django form renders with GOV.UK Design System markup (templates/forms/).
FORM_RENDERER = "common.forms.GovukFormRenderer"

# Database: SQLite file unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}
    }
# A connection pool per process; on by default in production (config/database.py).
use_connection_pool(DATABASES["default"], enabled=env_bool("DB_POOL", default=False))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing at once when several share the file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: live frames (deliberation.realtime.fanout) and the cache are shared between worker
# processes when REDIS_URL is set. No channel layer: no socket needs one.
REDIS_URL = env_str("REDIS_URL")
# Per process, for the cache. Hundreds of sockets joining one worker at once need hundreds
# of connections; 50 ran out in the realtime benchmark.
REDIS_MAX_CONNECTIONS = env_int("REDIS_MAX_CONNECTIONS", 1000)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.SharedPoolRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hearth",
            "OPTIONS": {"max_connections": REDIS_MAX_CONNECTIONS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (Wagtail's search indexing now; analysis runs later). The embedded default
# runs each task at once in the web process; production queues them in the database for
# `manage.py db_worker` processes.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Accounts nobody signs in to for this long are warned by email, then erased after the
# grace period (manage.py apply_retention, run daily). Three years: long enough to span a
# reform programme's consultations, short enough not to keep people's data for nothing.
ACCOUNT_RETENTION_DAYS = env_int("ACCOUNT_RETENTION_DAYS", 3 * 365)
ACCOUNT_RETENTION_GRACE_DAYS = env_int("ACCOUNT_RETENTION_GRACE_DAYS", 30)
LOGIN_URL = "accounts:sign-in"
# A page with a "signed-in people only" restriction sends visitors to the same sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "your-hearth"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Rate limits (django-ratelimit syntax: attempts/period). Sign-in counts failed attempts
# only, per account and, with a ceiling a workshop on shared wifi never meets, per address
# (accounts/sign_in_limits.py); sign-up and password resets count every attempt per address.
RATE_LIMITS = {
    "sign-in": env_str("RATE_LIMIT_SIGN_IN", "10/15m"),
    "sign-in-address": env_str("RATE_LIMIT_SIGN_IN_ADDRESS", "100/15m"),
    "sign-up": env_str("RATE_LIMIT_SIGN_UP", "5/h"),
    "password-reset": env_str("RATE_LIMIT_PASSWORD_RESET", "5/h"),
}
# Posting (per person per thread) and voting (statements and poll answers, per person):
# (actions, seconds). Generous: a person voting through a live session casts far fewer
# than 120 a minute, and a per-person limit never slows many people voting at once.
DELIBERATION_POST_RATE = (env_int("RATE_LIMIT_POSTS_PER_MINUTE", 10), 60)
DELIBERATION_VOTE_RATE = (env_int("RATE_LIMIT_VOTES_PER_MINUTE", 120), 60)
RATELIMIT_VIEW = "accounts.views.rate_limited"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows neither Django's own RedisCache (atomic INCR, shared, used
    # whenever REDIS_URL is set) nor that the embedded default is one process, for which
    # the local-memory cache is exact.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]

# Email
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hearth <hearth@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where the beta banner's "give your feedback" goes: a page or a mailto: link. Without
# one, an email to the address Hearth sends from, so that the link always leads somewhere.
FEEDBACK_URL = env_str("FEEDBACK_URL") or (
    f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}?subject=Feedback%20on%20Hearth"
)

# Languages a person can choose (common/i18n.py, issue 19). British English is the default
# and is served unprefixed; every other language under its code (/cy/...). "en-gb" rather
# than "en": it keeps British date formats, the page's lang="en-GB" and the locale Wagtail
# created for the existing page tree. Each name is in its own language, as the switcher
# shows it whatever the page's language. Urdu, written right to left, proves the mirrored
# layout (hearth-rtl.css); its catalogue covers the header, navigation, forms and errors.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg"), ("ur", "اردو")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Pages, consultations and proposals in each language, with Wagtail's own localisation
# (common/page_language.py): a page tree per language, translated in the admin.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A visitor's choice lasts a year; a signed-in person's is also kept on their account.
LANGUAGE_COOKIE_NAME = "hearth_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Dev and tests serve static files from the finders through Channels' handler;
# production serves the collected, hashed files through WhiteNoise.
SERVE_STATIC_FROM_FINDERS = True

# Sessions are read from the cache and written to both: a signed-in request skips a
# query, and a flushed or unreachable Redis only means reading the database again.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: no inline script or style; only Hearth's own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

WAGTAIL_SITE_NAME = "Hearth"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "wagtail.search.backends.database"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
