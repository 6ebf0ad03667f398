"""egov settings: one module, every value from an environment variable with a safe default.

Variables (see docs/operations.md):
  EGOV_VAR_DIR      where the embedded database, secret key and uploaded files live (default ./var)
  DATABASE_URL      e.g. postgres://user@host:5432/egov (default: SQLite in EGOV_VAR_DIR)
  SECRET_KEY        (default: generated once into EGOV_VAR_DIR/secret_key)
  DEBUG             "1" only for development; the demo sets it
  ALLOWED_HOSTS     comma-separated (default: localhost names)
  EGOV_BEHIND_TLS   "1" when served over HTTPS behind a proxy: secure cookies, HSTS, redirect
  EGOV_PROVINCE_NAME  the name shown in the header when the database has no top agency yet
  EGOV_REQUIRE_ADMIN_TOTP  "0" to let administrators sign in without a second factor (demo only)
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS  (outgoing mail)
  EGOV_PUBLIC_URL   the site's public address, for links in e-mails (default http://127.0.0.1:8000)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _default_var_dir() -> Path:
    # In a source checkout (editable install) the data lives beside the code: <repo>/var.
    repo = SRC_DIR.parent.parent
    if (repo / "pyproject.toml").exists():
        return repo / "var"
    return Path.cwd() / "var"


VAR_DIR = Path(os.environ.get("EGOV_VAR_DIR") or _default_var_dir())
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tasks_db",
    "egov.core",
    "egov.organizations",
    "egov.accounts",
    "egov.procedures",
    "egov.dossiers",
    "egov.notifications",
    "egov.payments",
    "egov.feedback",
    "egov.portal",
    "egov.web",
]

MIDDLEWARE = [
    "egov.core.middleware.RequestIdMiddleware",
    "egov.web.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "egov.accounts.permissions.GrantsCacheMiddleware",
    "egov.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "egov.accounts.session_expiry.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egov.web.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'egov.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker use the embedded database at the same time.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # A file, not memory, so that a worker subprocess started by a test sees the test database;
    # one per test process, so that test runs side by side do not delete each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-egov-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work (Django Tasks, database backend) -------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "outbox"],
    }
}
# Outbox delivery: retries with exponential backoff (base × 2^n, capped), then "dead". A delivery
# holds its event for the lease; the scheduler re-enqueues it if the worker died meanwhile.
EGOV_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("EGOV_OUTBOX_MAX_ATTEMPTS", "8"))
EGOV_OUTBOX_BASE_DELAY_SECONDS = float(os.environ.get("EGOV_OUTBOX_BASE_DELAY_SECONDS", "30"))
EGOV_OUTBOX_MAX_DELAY_SECONDS = float(os.environ.get("EGOV_OUTBOX_MAX_DELAY_SECONDS", "21600"))
EGOV_OUTBOX_LEASE_SECONDS = float(os.environ.get("EGOV_OUTBOX_LEASE_SECONDS", "300"))
EGOV_OUTBOX_SWEEP_SECONDS = float(os.environ.get("EGOV_OUTBOX_SWEEP_SECONDS", "60"))

# --- Codes and numbering (ADR 0006) -------------------------------------------------------------
# Dossier codes: agency identifier, receipt date, sequence (TT 03/2025 widths unconfirmed, so a
# setting); checked at start-up by `egov check`.
EGOV_DOSSIER_CODE_PATTERN = os.environ.get("EGOV_DOSSIER_CODE_PATTERN", "{agency}-{yymmdd}-{seq:4}")
EGOV_UPLOAD_MAX_BYTES = int(os.environ.get("EGOV_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# ClamAV daemon scanning every upload: tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl (empty: no scan).
EGOV_CLAMD_URL = os.environ.get("EGOV_CLAMD_URL", "")
# A citizen's online draft is kept this many days after its last change (egov.portal.draft_rules).
EGOV_DRAFT_DAYS = int(os.environ.get("EGOV_DRAFT_DAYS", "30"))
# On-time classification by exact moment (default) or by date only, as some provinces do (DOMAIN §3).
EGOV_TIMELINESS_COMPARE = "date" if os.environ.get("EGOV_TIMELINESS_COMPARE") == "date" else "moment"

# --- People and sign-in ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["egov.accounts.backends.LockoutAwareBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
EGOV_LOCKOUT_ATTEMPTS = int(os.environ.get("EGOV_LOCKOUT_ATTEMPTS", "5"))
EGOV_LOCKOUT_MINUTES = int(os.environ.get("EGOV_LOCKOUT_MINUTES", "15"))
EGOV_REQUIRE_ADMIN_TOTP = _env_bool("EGOV_REQUIRE_ADMIN_TOTP", default=True)
# One-time codes by SMS (egov.accounts.sms): "console" prints them (demo), "http" POSTs JSON to a
# brandname gateway at EGOV_SMS_URL with the bearer EGOV_SMS_TOKEN, sender name EGOV_SMS_SENDER.
EGOV_SMS_BACKEND = os.environ.get("EGOV_SMS_BACKEND", "console")
EGOV_SMS_URL = os.environ.get("EGOV_SMS_URL", "")
EGOV_SMS_TOKEN = os.environ.get("EGOV_SMS_TOKEN", "")
EGOV_SMS_SENDER = os.environ.get("EGOV_SMS_SENDER", "")

# --- Language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail ------------------------------------------------------------------------------------
# Django 6.1 mailers. Without EMAIL_HOST the demo prints e-mails on the console.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend"
        if os.environ.get("EMAIL_HOST")
        else "django.core.mail.backends.console.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS"),
        }
        if os.environ.get("EMAIL_HOST")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "egov <no-reply@localhost>")
# The address citizens reach the site at: links in e-mails (lookup page /tra-cuu/<code>/).
EGOV_PUBLIC_URL = os.environ.get("EGOV_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security ----------------------------------------------------------------------------------
BEHIND_TLS = _env_bool("EGOV_BEHIND_TLS")
SESSION_COOKIE_HTTPONLY = True
# Sessions expire after EGOV_SESSION_IDLE_MINUTES without activity and EGOV_SESSION_MAX_HOURS after
# signing in (egov.accounts.session_expiry).
SESSION_COOKIE_AGE = int(float(os.environ.get("EGOV_SESSION_IDLE_MINUTES", "60")) * 60)
EGOV_SESSION_MAX_HOURS = float(os.environ.get("EGOV_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = BEHIND_TLS
CSRF_COOKIE_SECURE = BEHIND_TLS
SECURE_SSL_REDIRECT = BEHIND_TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS else None
SECURE_HSTS_SECONDS = 31536000 if BEHIND_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = BEHIND_TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    )

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "egov.core.api.problem_details_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "egov API",
    "DESCRIPTION": "API của nền tảng chính quyền điện tử egov (LGSP).",
    "VERSION": "0.1.0",
    # One name per choice set shared by several fields/models, so the schema validates without warnings.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "egov.organizations.models.Agency.Kind",
        "ProcedureLevelEnum": "egov.procedures.models.ProcedureVersion.Level",
        "FeeKindEnum": "egov.procedures.models.Fee.Kind",
        "NationalStatusEnum": "egov.dossiers.models.NATIONAL_STATUS_CHOICES",
        "DossierChannelEnum": "egov.dossiers.models.Dossier.Channel",
        "OfficerChannelEnum": "egov.dossiers.api.inputs.OFFICER_CHANNELS",
    },
}

# --- Province ----------------------------------------------------------------------------------
EGOV_PROVINCE_NAME = os.environ.get("EGOV_PROVINCE_NAME", "")

# --- Payments (docs/thanh-toan.md) ---------------------------------------------------------------
# The sandbox gateway pays without any outside service (demo, tests); turn it off in production.
EGOV_PAYMENT_SANDBOX = _env_bool("EGOV_PAYMENT_SANDBOX", True)
# The sandbox's signing key; "" = derived from SECRET_KEY.
EGOV_PAYMENT_SANDBOX_SECRET = os.environ.get("EGOV_PAYMENT_SANDBOX_SECRET", "")
EGOV_PAYMENT_EXPIRY_MINUTES = int(os.environ.get("EGOV_PAYMENT_EXPIRY_MINUTES", "1440"))
EGOV_PAYMENT_BILL_PATTERN = os.environ.get("EGOV_PAYMENT_BILL_PATTERN", "TT{yymmdd}{seq:5,daily,global}")
# Gateways (docs/thanh-toan.md, "Cổng thanh toán"): a gateway without its keys is not offered.
EGOV_VNPAY_TMN_CODE = os.environ.get("EGOV_VNPAY_TMN_CODE", "")
EGOV_VNPAY_HASH_SECRET = os.environ.get("EGOV_VNPAY_HASH_SECRET", "")
EGOV_VNPAY_URL = os.environ.get("EGOV_VNPAY_URL", "")
EGOV_VNPAY_EXPIRE_MINUTES = os.environ.get("EGOV_VNPAY_EXPIRE_MINUTES", "15")
EGOV_VIETQR_BIN = os.environ.get("EGOV_VIETQR_BIN", "")
EGOV_VIETQR_ACCOUNT = os.environ.get("EGOV_VIETQR_ACCOUNT", "")
EGOV_VIETQR_ACCOUNT_NAME = os.environ.get("EGOV_VIETQR_ACCOUNT_NAME", "")
EGOV_NATIONAL_PAYMENT_URL = os.environ.get("EGOV_NATIONAL_PAYMENT_URL", "")
EGOV_NATIONAL_PAYMENT_CLIENT_ID = os.environ.get("EGOV_NATIONAL_PAYMENT_CLIENT_ID", "")
EGOV_NATIONAL_PAYMENT_SECRET = os.environ.get("EGOV_NATIONAL_PAYMENT_SECRET", "")
EGOV_NATIONAL_PAYMENT_NOTIFY_URL = os.environ.get("EGOV_NATIONAL_PAYMENT_NOTIFY_URL", "")
EGOV_NATIONAL_PAYMENT_TIMEOUT = os.environ.get("EGOV_NATIONAL_PAYMENT_TIMEOUT", "10")

# --- Logging: structured JSON on stdout --------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "egov.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Single sign-on with OpenID Connect (VNeID or another provider; docs/dang-nhap-mot-lan.md) --
# Off unless EGOV_OIDC_ENABLED=1 with a discovery URL and a client id. The provider key is stored
# with each linked account: change it only together with the provider, never for the same one.
EGOV_OIDC_ENABLED = _env_bool("EGOV_OIDC_ENABLED")
EGOV_OIDC_PROVIDER = os.environ.get("EGOV_OIDC_PROVIDER", "vneid")
EGOV_OIDC_NAME = os.environ.get("EGOV_OIDC_NAME", "VNeID")
EGOV_OIDC_DISCOVERY_URL = os.environ.get("EGOV_OIDC_DISCOVERY_URL", "")
EGOV_OIDC_CLIENT_ID = os.environ.get("EGOV_OIDC_CLIENT_ID", "")
EGOV_OIDC_CLIENT_SECRET = os.environ.get("EGOV_OIDC_CLIENT_SECRET", "")
# client_secret_basic (default), client_secret_post, or none for a public client without a secret.
EGOV_OIDC_TOKEN_AUTH_METHOD = os.environ.get("EGOV_OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")
EGOV_OIDC_SCOPES = os.environ.get("EGOV_OIDC_SCOPES", "openid profile email phone")
# Which claims hold the citizen id, the name, the phone number and the e-mail address.
EGOV_OIDC_CLAIM_CITIZEN_ID = os.environ.get("EGOV_OIDC_CLAIM_CITIZEN_ID", "citizen_id")
EGOV_OIDC_CLAIM_NAME = os.environ.get("EGOV_OIDC_CLAIM_NAME", "name")
EGOV_OIDC_CLAIM_PHONE = os.environ.get("EGOV_OIDC_CLAIM_PHONE", "phone_number")
EGOV_OIDC_CLAIM_EMAIL = os.environ.get("EGOV_OIDC_CLAIM_EMAIL", "email")
# "1" only for a provider that vouches for citizen ids (VNeID): an existing account with the same
# citizen id is then linked at the first single sign-on instead of being refused.
EGOV_OIDC_TRUST_CITIZEN_ID = _env_bool("EGOV_OIDC_TRUST_CITIZEN_ID")
# Seconds to wait for the provider (discovery, keys, token, user info) before giving up.
EGOV_OIDC_TIMEOUT = float(os.environ.get("EGOV_OIDC_TIMEOUT", "10"))
