"""The portal's one settings module, read from the environment (see .env.example).

Production needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL. With DEBUG=true (the demo) every
variable has a default, so a new laptop runs the portal with nothing else installed.
"""

import math
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's own .env, if any; variables already in the environment win.
environ.Env.read_env(BASE_DIR / ".env")


def _bool(name, default):
    # environ's bool() reads anything it does not know as false; a typo in production should stop the start.
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def _dev_secret_key():
    # Only with DEBUG: a key made once per checkout, kept out of git, so sessions survive a restart.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
    return path.read_text().strip()


DEBUG = _bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="") or (_dev_secret_key() if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY (a long random string), or DEBUG=true for the demo. "
        "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "crispy_forms",
    "csp",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    "template_partials",
    "core",
    "accounts",
    "standards",
    "trainees",
    "competencies",
    "pastoral",
    "evaluation",
    "workforce",
    "integrity",
    "reports",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before LoginRequiredMiddleware, which would send anonymous visitors round by the admin's sign-in.
    "accounts.middleware.AdminForStaffMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.AccessRuleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of sign-in attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "apprentice_portal.urls"
WSGI_APPLICATION = "apprentice_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "apprentice_portal.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's SQLite makes no unique constraint whose empty columns count as equal (a national target has
    # no region or organisation); the services refuse such duplicates themselves, on either database.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads and generated reports are private: kept outside static and public media, served only by views
# that check access.
PRIVATE_STORAGE_ROOT = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Largest evidence attachment accepted, in MB; checked before the file is read (competencies/attachments.py).
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=20)
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- People and sign-in -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Throttle failed sign-ins per account and address together, so one person cannot lock out another.
# The account, not the spelling: any case of the username or the email counts against the same lock.
AXES_USERNAME_CALLABLE = "accounts.backends.throttle_username"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None
AXES_VERBOSE = False

# --- Background work --------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Without Redis, `make demo` runs a real worker and beat on a folder of message files (kombu's filesystem
# transport, demo only). With neither, tasks run in the calling process (the tests, a bare runserver).
DEMO_QUEUE_DIR = env.str("DEMO_QUEUE_DIR", default="")
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Time limits: a report must be made within REPORT_TIME_LIMIT_SECONDS, any other task within
# CELERY_TASK_TIME_LIMIT (hard limits; the soft limit, a little earlier, lets the task say why it stopped).
REPORT_TIME_LIMIT_SECONDS = env.int("REPORT_TIME_LIMIT_SECONDS", default=90)
REPORT_SOFT_TIME_LIMIT_SECONDS = REPORT_TIME_LIMIT_SECONDS - max(1, REPORT_TIME_LIMIT_SECONDS // 10)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=100)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - max(1, CELERY_TASK_TIME_LIMIT // 10)
# Recovery from a killed worker, derived from the time limits so that a short drill keeps the same order
# (tests/reports/test_worker.py): a worker holds a report job for its lease, a little longer than the report
# may take; a message left unacknowledged goes to another worker after the visibility timeout, a little
# longer than any task may take, and that worker finds the lease run out and takes the job over. With the
# defaults (a 30-trainee cohort report takes about 40 s) a killed worker's report is taken over within about
# two minutes (104 s lease, 120 s visibility, a 10 s sweep for abandoned messages); its requester may try it
# again after the lease.
REPORT_LEASE_SECONDS = math.ceil(REPORT_TIME_LIMIT_SECONDS * 1.15)
_longest_task = max(CELERY_TASK_TIME_LIMIT, REPORT_LEASE_SECONDS)
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=math.ceil(_longest_task * 1.15))
if CELERY_VISIBILITY_TIMEOUT <= _longest_task:  # noqa: SIM300 - reads as the rule it checks
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT={CELERY_VISIBILITY_TIMEOUT} must be longer than the longest task "
        f"({_longest_task} s), or a task still running is handed to a second worker."
    )
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fresh child processes every so often, so WeasyPrint's memory cannot grow without bound.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
# A page that queues a task waits at most a few seconds for a broker that is down or hung, then says so.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_IMPORTS = ["apprentice_portal.tasks"]
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # How often a worker sweeps for messages a dead worker left unacknowledged (seconds x every Nth).
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": 1,
        # Redis stopped (refused) or hung (accepts, never answers): give up after seconds, not minutes.
        # A page connects at most twice, at once; a worker reconnects on its own schedule (Celery's).
        "socket_connect_timeout": 3,
        "socket_timeout": 3,
        "max_retries": 1,
        "interval_start": 0,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
    CELERY_REDIS_SOCKET_TIMEOUT = 3
elif DEMO_QUEUE_DIR:
    _queue = Path(DEMO_QUEUE_DIR).resolve()
    for _folder in ("messages", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "messages"),
        "data_folder_out": str(_queue / "messages"),
        "control_folder": str(_queue / "control"),
    }
    # No result store: report jobs and reminders keep their own state in the database.
    CELERY_RESULT_BACKEND = None
else:
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"

# Reports: finished reports are deleted after the retention period. REPORTS_SLOW_DOWN_SECONDS is for
# failure drills only.
REPORT_RETENTION_DAYS = env.int("REPORT_RETENTION_DAYS", default=7)
REPORTS_SLOW_DOWN_SECONDS = env.float("REPORTS_SLOW_DOWN_SECONDS", default=0)
# Reminders: evidence waiting for a mentor longer than this is chased.
REMINDER_EVIDENCE_WAITING_DAYS = env.int("REMINDER_EVIDENCE_WAITING_DAYS", default=7)
# Trainee imports: a file with more rows than this is imported by a worker while the page shows progress.
TRAINEE_IMPORT_BACKGROUND_ROWS = env.int("TRAINEE_IMPORT_BACKGROUND_ROWS", default=100)
# An import job (its file name, and the problems it listed, naming people's addresses) is deleted after this.
TRAINEE_IMPORT_RETENTION_DAYS = env.int("TRAINEE_IMPORT_RETENTION_DAYS", default=30)
# Recruitment: a vacancy's candidates (personal data) are deleted this many days after its closing date, or
# after it was filled or withdrawn if that was later (workforce.services_recruitment).
CANDIDATE_RETENTION_DAYS = env.int("CANDIDATE_RETENTION_DAYS", default=365)

# --- Email ------------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or ""
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="AP Workforce Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people open the portal, for the links in emails (a reminder links to its page). Without it: the
# demo's address under DEBUG, otherwise https:// and the first host name in ALLOWED_HOSTS.
_first_host = next((h for h in ALLOWED_HOSTS if h and h[0] not in ".*["), "")
SITE_URL = env.str("SITE_URL", default="").strip().rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else (f"https://{_first_host}" if _first_host else "")
)
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} must be the portal's address, e.g. https://portal.example.nhs.uk"
    )

# --- Security ---------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _bool("BEHIND_TLS_PROXY", True) else None
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks call it over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_COOKIES = _bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Strict policy: only this site's own files; no inline script or style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Forms, pages, locale ---------------------------------------------------------------------------
# Widgets' templates are found like any other template (templates/ included), e.g. the KSB picker.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# The NHS.UK frontend's form markup, from the project's own pack in core/templates/nhsuk/ (ADR 0007).
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Health check: how long to wait for the database or broker before calling it down.
HEALTHCHECK_TIMEOUT_SECONDS = env.float("HEALTHCHECK_TIMEOUT_SECONDS", default=2.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr, "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler would print each line twice beside the root handler.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
