"""Settings for the whole site, read from the environment.

Every variable is listed in docs/operations.md. Without any, the site runs for development:
SQLite, mail printed to the console, DEBUG on.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable. Anything but the usual words stops the start: a typo read as "no"
    could quietly turn off a protection (SECURE_SSL_REDIRECT=ture)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value: use one of "
            f"{', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}."
        )
    return word in TRUE_WORDS


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# A fixed development key is only acceptable while DEBUG is on; production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, whose site checks staff passwords under the login's limits.
    "accounts.apps.CounterAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Index expressions with an operator class (the counter's trigram indexes, docs/scale.md);
    # it acts only on PostgreSQL connections.
    "django.contrib.postgres",
    "django.forms",
    "anymail",
    "formtools",
    "django_tasks_db",
    # The project's layers, lowest first: each imports only those before it (pyproject.toml's
    # import-linter contracts).
    "hellowork",
    "accounts",
    "jobseeker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything else touches the request (WhiteNoise's documented place).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out gzip-compressed (a page and what it loads fit in 14 KB as transferred,
    # tests/test_page_budget.py). Django's place for it: before any middleware that reads or
    # changes the response body, so that it compresses last; after WhiteNoise, which sends the
    # .gz that collectstatic made. Django (4.2+) pads each compressed page with up to 100
    # random bytes against BREACH (max_random_bytes), on by default.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, but Japanese unless the switch chose English (see the module).
    "hellowork.language.LanguageMiddleware",
    # A form in another charset gets the 400 page before the CSRF check reads its body.
    "hellowork.form_charset.FormCharsetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in person's request moves the end of the login (8 hours from the last one).
    "accounts.session_end.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hellowork.urls"
WSGI_APPLICATION = "hellowork.wsgi.application"

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
                "accounts.context_processors.mail_sender",
                "accounts.context_processors.header_link",
                "accounts.context_processors.session_end",
                "hellowork.language.language_switch",
            ],
            "libraries": {"error_summary": "hellowork.error_summary"},
        },
    },
]
FORM_RENDERER = "hellowork.forms.SiteFormRenderer"


def database(url: str) -> dict:
    """The settings of one database, DATABASE_URL's or the replica's: the same options."""
    config = dj_database_url.parse(
        url,
        # Each gunicorn worker keeps its connection instead of opening one per request.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
        # Behind PgBouncer in transaction pooling mode: a server-side cursor (QuerySet.iterator(),
        # the CSV export) would outlive the transaction that had the server connection.
        disable_server_side_cursors=env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False),
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Writers take the lock when their transaction starts, so two simultaneous submits wait
        # for each other instead of failing with "database is locked".
        config.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database that accepts connections but never answers fails the request (the error
        # page, /healthz 503) after this many seconds, instead of holding a worker until
        # gunicorn kills it. libpq's minimum is 2.
        config.setdefault("OPTIONS", {})["connect_timeout"] = int(
            os.environ.get("DB_CONNECT_TIMEOUT", "3")
        )
    return config


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A PostgreSQL streaming replica of it, e.g. postgres://reader@10.0.0.6:5432/hellowork: the
# admin's 業務統計 and CSV exports read from it, nothing else does (hellowork/db_routers.py).
# The test suite has one database: there the replica is the default's mirror.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["hellowork.db_routers.PrimaryReplicaRouter"]
# Seconds PostgreSQL lets one statement of a web request run; 0: no limit. Web processes only
# (hellowork/wsgi.py applies it), so migrations and the purge are never cut short.
DB_STATEMENT_TIMEOUT = int(os.environ.get("DB_STATEMENT_TIMEOUT", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (development, tests) builds the counter's list index without its INCLUDE columns, which
# only spare PostgreSQL heap reads at a million rows (jobseeker.models.Application.Meta).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.HalfWidthPasswordValidator"},
    {
        # Django's similarity check, plus the mail address's local part without its . _ - +.
        "NAME": "accounts.validators.MailAddressSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email",)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "jobseeker:mypage"
LOGOUT_REDIRECT_URL = "accounts:start"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language chosen with the header's switch, remembered for a year (Accept-Language is not
# used: see hellowork/language.py).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves STATIC_ROOT from the app processes. With DEBUG off the names carry a hash of
# the content (collectstatic writes them, and compressed copies), so they are cached for ten
# years and a changed file gets a new name; with DEBUG on, files are served from static/ as is.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Mail. Development prints to the console; production names any django-anymail backend
# in MAIL_BACKEND and gives its settings as ANYMAIL_<NAME> variables
# (ANYMAIL_MAILGUN_API_KEY=… becomes ANYMAIL["MAILGUN_API_KEY"]).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("MAIL_BACKEND", "hellowork.console_mail.EmailBackend"),
    }
}
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ハローワーク大口 <no-reply@example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every mail is queued and sent by a task (accounts.tasks). "database": a queue in the database
# that `manage.py db_worker` works through, retrying a provider's passing error after each of
# MAIL_RETRY_DELAYS; "immediate": each task runs at once inside the request that queued it, so
# development needs no second process (and a failed mail is not retried).
TASK_QUEUE = os.environ.get("TASK_QUEUE", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASK_QUEUE not in _TASK_BACKENDS:
    raise RuntimeError(f"TASK_QUEUE must be immediate or database, not {TASK_QUEUE!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_QUEUE]}}
MAIL_RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
]

# Sessions and rate-limit counters must be shared by every app process: in the database, or in
# Redis (REDIS_URL) with SESSION_STORE / RATE_LIMIT_STORE "redis" (the default when it is set).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "hellowork"),
        }
    }
SESSION_STORE = os.environ.get("SESSION_STORE", "redis" if REDIS_URL else "db")
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "redis" if REDIS_URL else "db")
for _store_setting, _store in (
    ("SESSION_STORE", SESSION_STORE),
    ("RATE_LIMIT_STORE", RATE_LIMIT_STORE),
):
    if _store not in {"db", "redis"}:
        raise RuntimeError(f"{_store_setting} must be db or redis, not {_store!r}.")
    if _store == "redis" and not REDIS_URL:
        raise RuntimeError(f"{_store_setting}=redis needs REDIS_URL.")
if SESSION_STORE == "redis":
    # Only sessions live in Redis; what a job seeker typed is in the database (ApplicationDraft),
    # so a Redis restart logs people out and loses nothing else.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A logged-in person's re-sent login form goes to the マイページ, not to the cookie advice.
CSRF_FAILURE_VIEW = "hellowork.csrf.csrf_failure"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A login ends this long after its last request (accounts/session_end.py); the pages warn
# SESSION_END_WARNING before, and offer to extend it (issue #17, WCAG 2.2.1).
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_END_WARNING = 5 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts none,
# so a client cannot dodge the per-client limits by sending its own header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    # Behind our own TLS proxy: links in mails must say https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    if "MAIL_BACKEND" not in os.environ:
        # The console backend would print 認証キー and reset links to a production log.
        raise RuntimeError("MAIL_BACKEND must be set when DEBUG is off.")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# 認証キー rules (SPEC "Rules"; the flyer: 有効時間は送付後50分以内).
AUTH_KEY_LIFETIME = timedelta(minutes=50)
# The ワンタイムパスワード mailed at login (issue #16): 6 digits, valid this long, under the
# 認証キー's rules otherwise (accounts.keys).
LOGIN_CODE_LIFETIME = timedelta(minutes=10)
# 「このブラウザを信頼する」: no code at login from that browser for this long.
TRUSTED_BROWSER_LIFETIME = timedelta(days=30)
TRUSTED_BROWSER_COOKIE_NAME = "trusted_browser"
AUTH_KEY_MAX_FAILURES = 5
# Wrong keys are counted per address over this window, across every key sent in it,
# so asking for a new key does not buy five more guesses.
AUTH_KEY_FAILURE_WINDOW = timedelta(hours=24)
# (requests allowed, per period) for each rate-limited action.
RATE_LIMITS = {
    "auth_key_request_per_address": (5, timedelta(hours=1)),
    "auth_key_request_per_client": (20, timedelta(hours=1)),
    "auth_key_check_per_client": (30, timedelta(hours=1)),
    "login_failure_per_address": (10, timedelta(minutes=15)),
    "login_failure_per_client": (50, timedelta(minutes=15)),
    "password_reset_per_address": (5, timedelta(hours=1)),
    "password_reset_per_client": (20, timedelta(hours=1)),
    # 求職番号 + 生年月日 tries; per number they are counted for good (COUNTER_LINK_MAX_FAILURES).
    "counter_link_per_client": (10, timedelta(hours=1)),
    # Login codes (accounts.login_codes): one mail a minute, and ten an hour, per account.
    "login_code_cooldown_per_account": (1, timedelta(minutes=1)),
    "login_code_request_per_account": (10, timedelta(hours=1)),
}
# Mismatched 生年月日 for one 求職番号, counted over the number's lifetime from any client, after
# which online linking of it stops until staff of its office unlock it (~365 birth dates a
# year: a guesser with many addresses gets this many of them, not this many an hour).
COUNTER_LINK_MAX_FAILURES = 5

# Data lifecycle (`manage.py purge_expired`, accounts.lifecycle).
# A wizard draft nobody changed for this long is deleted (a submitted application is not).
DRAFT_RETENTION = timedelta(days=30)
# What a wizard draft takes of posted input (jobseeker/draft_limits.py). The largest step a
# person can send, every box filled to its limit in Japanese, is 9 KB (基本情報, form-encoded;
# 5 KB as the autosave's multipart); filled to twice the limits (what the wizard still keeps
# whole) with 4-byte characters, 19 KB. A body over DRAFT_MAX_REQUEST_BYTES is refused before
# anything is saved, far below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
DRAFT_MAX_REQUEST_BYTES = 64 * 1024
# A draft (its JSON in UTF-8) with all seven steps at twice the limits in 4-byte characters,
# and what is registered beside them, is 46 KB; a write that would make it larger than this is
# refused.
DRAFT_MAX_BYTES = 128 * 1024
# 認証キー are kept this long after sending: longer than AUTH_KEY_FAILURE_WINDOW, which counts
# wrong keys over the keys of the last 24 hours, and long enough that an old mail's key still
# gets "expired", "superseded" or "used" instead of "wrong".
AUTH_KEY_RETENTION = timedelta(days=7)
# A finished task of the mail queue is kept this long, for whoever looks into a failure.
TASK_RESULT_RETENTION = timedelta(days=7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A line for each task started and finished is noise; a failed task is logged as an error.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# The public address of the site (https://…), for the flyer's 2次元コード; empty: this request's.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

# Passkeys (WebAuthn, accounts.passkeys). A passkey is bound for good to the relying party id,
# the host name of PUBLIC_BASE_URL, and an answer is taken only from its origin
# (scheme://host[:port]). Without PUBLIC_BASE_URL both are empty, which means each request's own
# host; that is allowed only with DEBUG on (the dev server on 127.0.0.1:8000, the tests'
# live_server): in production a Host header would decide which name passkeys are bound to, so
# without PUBLIC_BASE_URL passkeys are off (the login page offers none).
_public_site = urlsplit(PUBLIC_BASE_URL)
WEBAUTHN_RP_ID = _public_site.hostname or ""
WEBAUTHN_ORIGIN = f"{_public_site.scheme}://{_public_site.netloc}" if PUBLIC_BASE_URL else ""
PASSKEYS_ENABLED = bool(WEBAUTHN_RP_ID) or DEBUG
# A passkey's challenge is answered within this long, once (and the browser's dialog waits as long).
PASSKEY_CHALLENGE_LIFETIME = timedelta(minutes=5)

# The office that takes applications no area rule assigns elsewhere (the demo office).
DEFAULT_OFFICE_CODE = os.environ.get("DEFAULT_OFFICE_CODE", "74601")
