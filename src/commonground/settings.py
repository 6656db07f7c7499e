"""Django settings, read from the environment only.

Every deployment difference (database, task queue, secret, hosts) is an environment
variable, so the same code runs as `make demo` on a laptop (SQLite, database-backed task
queue worked in-process) and as several stateless web processes on one PostgreSQL and one
Redis. See README.md, "Configuration".
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from commonground.paths import PACKAGE_DIR, project_dir, shared_dir

BASE_DIR = project_dir()
VAR_DIR = Path(os.environ.get("COMMONGROUND_VAR_DIR", BASE_DIR / "var")).resolve()
# Real public data (census, boundaries, Pabulib) shipped beside the checkout.
SHARED_DIR = shared_dir()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _development_secret_key() -> str:
    """Keep one generated key under var/ so sessions survive restarts in development."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",  # each app's rules.py: permissions declared once
    "commonground.core",
    "commonground.measures",
    "commonground.consult",
    "commonground.fund",
    "commonground.people",
    "commonground.services",
    "commonground.safety",
    "commonground.schools",
    "commonground.evaluation",
    "commonground.readiness",
    "commonground.involved",
    "commonground.leaders",
    "commonground.referrals",
    "commonground.volunteering",
    "commonground.challenges",
    "commonground.openbook",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Control characters (NUL…) in the path, query, headers or a form: 400, before the
    # session, the sign-in throttle or a view hands them to the database.
    "commonground.core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless it is marked @login_not_required:
    # a forgotten decorator fails closed, not open.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A fund page reached too early or too late says so and when, not "no role" (403).
    "commonground.fund.middleware.RoundClosedMiddleware",
    # Turns a sign-in throttle lock-out into the "try again after" page (last, see axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commonground.urls"
WSGI_APPLICATION = "commonground.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "commonground.core.context_processors.platform",
            ],
            # {% scrolltable %} wraps wide tables for phones on every page (core/templatetags).
            "builtins": ["commonground.core.templatetags.layout"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'commonground.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the in-process task worker write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:tasks"  # "Your tasks": what waits for this person, their tools
LOGOUT_REDIRECT_URL = "core:home"

# Sign-in throttle (django-axes, stored in the database so every web process shares it): after
# SIGN_IN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused until SIGN_IN_COOLOFF_MINUTES after its last failure, on /sign-in/ and the admin's
# sign-in alike. Locking the pair, not the account, means nobody can lock a real user out
# from elsewhere; the cool-off means no lock lasts for ever. See docs/security.md.
AUTHENTICATION_BACKENDS = [
    "commonground.core.signin.SignInThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused try during the lock does not extend it: the time the page promises holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "commonground.core.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "commonground.core.signin.client_address"
AXES_HTTP_RESPONSE_CODE = 429
# Keep failures only (deleted once their cool-off passes), not a log of every sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Background work: Django's tasks framework. "database" (default) needs nothing else
# installed; "redis" puts the queue on Redis (RQ) for several web machines; "immediate"
# runs tasks inline (tests).
# E-mail (core.messaging's e-mails: call-outs, referral updates, alerts): written as files
# under var/mail/ unless a deployment names a backend, e.g.
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and EMAIL_PORT.
_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": (
            {"file_path": str(VAR_DIR / "mail")}
            if _EMAIL_BACKEND.endswith("filebased.EmailBackend")
            else {
                name.lower(): (int(value) if name == "PORT" else value)
                for name in ("HOST", "PORT")
                if (value := os.environ.get(f"EMAIL_{name}"))
            }
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@commonground.invalid")

TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    # RQ with each task's time limit (job_timeout) and tries (Retry): commonground.core.jobs.rq
    "redis": {"BACKEND": "commonground.core.jobs.rq.RecoveringRQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ValueError(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASK_BACKEND!r}")
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
# Stuck work (docs/background-work.md): a running task's lease lasts TASK_LEASE_SECONDS and its
# worker renews it; a task whose lease runs out is queued again, up to TASK_MAX_ATTEMPTS tries
# in all; a task runs at most TASK_TIME_LIMIT seconds unless it declares its own limit.
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "60"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))
TASK_TIME_LIMIT = int(os.environ.get("TASK_TIME_LIMIT", "1800"))
if TASK_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ur", "اردو"),
    ("pl", "Polski"),
]
LANGUAGES_BIDI = ["ur", "ar", "he", "fa"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# HTTPS: one explicit switch, true unless DEBUG is on. When true the site redirects to
# HTTPS, sends HSTS and marks its cookies Secure. `commonground demo` (plain HTTP on a
# laptop) and the test suite set HTTPS=false for themselves. Behind a proxy that ends TLS,
# name the header it sets (HTTPS_PROXY_HEADER=X-Forwarded-Proto) or every request redirects.
#
# A demo site is the exception: `commonground demo` marks the embedded SQLite database it
# fills (DEMO_MARK, beside it in VAR_DIR), and a later `commonground serve` on that database
# speaks plain HTTP too, as the demo's own server does; with DATABASE_URL set (a deployment)
# the mark is never read.
DEMO_MARK = VAR_DIR / "demo-site"
_EMBEDDED_DEMO = "DATABASE_URL" not in os.environ and DEMO_MARK.exists()
HTTPS = env_bool("HTTPS", not DEBUG and not _EMBEDDED_DEMO)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
_proxy_header = os.environ.get("HTTPS_PROXY_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Joining the browsers' HSTS preload list is the domain owner's decision, not the app's.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (Django's own middleware): scripts only from our static files,
# styles from our static files or a <style nonce> element; no inline script or style
# attribute anywhere. `data:` images: the chart download draws the SVG through one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Published figures: counts (and shares built on counts) below this are shown as "[c]"
# so that nobody can be identified in a small area.
MEASURES_SUPPRESS_BELOW = int(os.environ.get("MEASURES_SUPPRESS_BELOW", "5"))

# Server-made PDFs that anyone may download are rendered once per version of their content and
# kept here (docs/exports-and-pdfs.md); at scale a folder every web machine shares. At most
# PDF_RENDER_SLOTS renders run at once on a machine; PDF_CACHE_FILES caps the folder.
PDF_CACHE_DIR = Path(os.environ.get("PDF_CACHE_DIR", VAR_DIR / "cache" / "pdf"))
PDF_RENDER_SLOTS = int(os.environ.get("PDF_RENDER_SLOTS", "1"))
PDF_CACHE_FILES = int(os.environ.get("PDF_CACHE_FILES", "500"))

# Partner uploads: how much of a file is read before it is refused (docs/measures.md, "Limits").
# An XLSX is a zip: its inflated size and compression ratio are checked before it is opened.
MEASURES_UPLOAD_MAX_BYTES = int(os.environ.get("MEASURES_UPLOAD_MAX_BYTES", str(50 * 1024**2)))
MEASURES_UPLOAD_MAX_ROWS = int(os.environ.get("MEASURES_UPLOAD_MAX_ROWS", "200000"))
MEASURES_UPLOAD_MAX_CELLS = int(os.environ.get("MEASURES_UPLOAD_MAX_CELLS", "2000000"))
MEASURES_UPLOAD_MAX_CELL_CHARS = int(os.environ.get("MEASURES_UPLOAD_MAX_CELL_CHARS", "2000"))
MEASURES_UPLOAD_MAX_INFLATED_BYTES = int(
    os.environ.get("MEASURES_UPLOAD_MAX_INFLATED_BYTES", str(200 * 1024**2))
)
MEASURES_UPLOAD_MAX_ZIP_RATIO = int(os.environ.get("MEASURES_UPLOAD_MAX_ZIP_RATIO", "100"))

# How many proxies (load balancers) stand in front of the web processes: the vote's limit on
# failed eligibility checks counts per client address, read from X-Forwarded-For that many
# hops back. 0 means the address the web process sees is the client's.
FUND_TRUSTED_PROXY_HOPS = int(os.environ.get("FUND_TRUSTED_PROXY_HOPS", "0"))

# Each open vote's key file (voter salt, sealing key), destroyed at the close: outside the
# database so that closing really destroys it (src/commonground/fund/README.md, threat model).
FUND_KEY_DIR = Path(os.environ.get("COMMONGROUND_FUND_KEY_DIR", VAR_DIR / "fund-keys"))

# The vote's limits on failed eligibility checks, per kind of key (access_code, voter_list,
# person, device, address), as JSON overriding commonground.fund.throttle.DEFAULT_LIMITS
# (10 each, 100 per address), e.g. FUND_CHECK_LIMITS='{"address": 200}'; and their window.
FUND_CHECK_LIMITS = json.loads(os.environ.get("FUND_CHECK_LIMITS", "{}"))
FUND_CHECK_WINDOW_MINUTES = int(os.environ.get("FUND_CHECK_WINDOW_MINUTES", "15"))

# The platform's own name in the page header: each council brands its instance.
PLATFORM_NAME = os.environ.get("PLATFORM_NAME", "Common Ground")
