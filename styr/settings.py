"""Settings for Styr. Everything a deployment changes comes from the environment."""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STYR_VAR_DIR", BASE_DIR / "var"))

# The default key is public (it is in this file): fine for the demo, refused by a server with debug off
# (styr/production.py).
DEFAULT_SECRET_KEY = "dev-only-not-secret-change-in-production"
SECRET_KEY = os.environ.get("STYR_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = os.environ.get("STYR_DEBUG", "0") == "1"
# Signs the daily history digest the auditor keeps (core.audit); kept apart from the database, so that whoever
# can rewrite the history cannot also sign a matching digest.
DIGEST_KEY = os.environ.get("STYR_DIGEST_KEY", "")
ALLOWED_HOSTS = os.environ.get("STYR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    # First, so that its management commands replace same-named ones of the libraries below (it disables
    # django-simple-history's commands that delete history).
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    # Floors, imports pointing down only: core <- organisations <- decisions <- services <- capability
    # apps <- the project package (styr). See "Architecture" in the README. (core is listed first, above.)
    "organisations",
    "accounts",
    "decisions",
    "services",
    "rules",
    "governance",
    "lifecycle",
    "costs",
    "security",
    "indicators",
    "architecture",
    "portfolio",
    "maturity",
    "reports",
    "catalogue",
    "styr",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.RejectNulMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the "account locked" answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "styr.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.menu",
            ],
        },
    },
]

WSGI_APPLICATION = "styr.wsgi.application"

# SQLite in WAL mode is the embedded default; DATABASE_URL points Styr at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'styr.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Styr reads a server-side cursor (QuerySet.iterator) only to read all of it: the rule evaluation, exports. With
    # PostgreSQL's default (plan for the first 10 % of the rows) the evaluation's R18 query at 100,000 services
    # became a nested loop re-reading a 54,000-row subquery per service (minutes, never finishing) instead of a
    # 2-second hash join. docs/decisions/0037.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c cursor_tuple_fraction=1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
    }
    # Tests run on a file as Styr does, not on Django's shared in-memory database: there, concurrent writers
    # fail at once ("table is locked") instead of waiting their turn, so concurrency could not be tested.
    # One file per test run, so that two runs side by side do not share one.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"styr-test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Django's form renderer, with the choice widgets written out in Python (core/renderers.py: same markup, faster).
FORM_RENDERER = "core.renderers.Renderer"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "styr" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks here first (empty until collectstatic)
# Whitenoise serves the static files with STYR_DEBUG off too (the default), straight from the apps'
# static folders; a production deployment may run `styr collectstatic` for compressed, cached copies.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sign-in: local accounts (throttled by django-axes) and, when configured, OpenID Connect. See "Sign-in" in the
# README and docs/decisions/0012-auth-oidc-tokens.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+address before any password check
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.Backend",  # answers nothing unless STYR_OIDC_CLIENT_ID is set
]
AXES_FAILURE_LIMIT = int(os.environ.get("STYR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("STYR_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# How many reverse proxies in front of Styr append to X-Forwarded-For; the client is the address the outermost
# of them saw. Without a proxy the header is the client's own word and is ignored.
STYR_PROXY_COUNT = int(os.environ.get("STYR_PROXY_COUNT", "1" if os.environ.get("STYR_PROXY_SSL_HEADER") == "1" else "0"))

# OpenID Connect (mozilla-django-oidc), off unless a client id is given. The endpoints come from the issuer's
# discovery document unless given one by one.
STYR_OIDC_ISSUER = os.environ.get("STYR_OIDC_ISSUER", "").rstrip("/")
STYR_OIDC_NAME = os.environ.get("STYR_OIDC_NAME", "OpenID Connect")
STYR_OIDC_ROLES_CLAIM = os.environ.get("STYR_OIDC_ROLES_CLAIM", "groups")
OIDC_RP_CLIENT_ID = os.environ.get("STYR_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("STYR_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("STYR_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("STYR_OIDC_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("STYR_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("STYR_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("STYR_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("STYR_OIDC_JWKS_ENDPOINT", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("STYR_OIDC_END_SESSION_ENDPOINT", "")
OIDC_TOKEN_USE_BASIC_AUTH = os.environ.get("STYR_OIDC_TOKEN_AUTH", "basic") == "basic"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's sign-out
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?oidc=failed"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a refused token is answered 401 with WWW-Authenticate rather than 403.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in to read; an auditor who holds no role that writes is refused every write (core.access).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "core.permissions.WritesOnlyForWriters"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Styr API",
    "DESCRIPTION": "Register of a region's digital services, their single owners, consumers and history.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, not a CDN: Styr must work inside a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ServiceKindEnum": "services.models.Service.Kind",
        "OrganisationKindEnum": "organisations.models.Organisation.Kind",
        "EnvironmentKindEnum": "lifecycle.models.Environment.Kind",
        "IntegrationPhaseEnum": "architecture.models.Integration.Phase",
        "ServicePhaseEnum": "services.models.Service.Phase",
        "IntegrationKindEnum": "architecture.models.Integration.Kind",
        "NeedOfEnum": "portfolio.models.NeedOf",
        "BenefitDirectionEnum": "portfolio.models.Benefit.Direction",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The production profile, from the environment: behind HTTPS (STYR_HTTPS=1) cookies are secure, plain HTTP
# is redirected and HSTS is sent; behind a reverse proxy that terminates TLS, STYR_PROXY_SSL_HEADER=1 trusts
# its X-Forwarded-Proto. See "Run it in production" in the README.
HTTPS = os.environ.get("STYR_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and os.environ.get("STYR_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("STYR_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if os.environ.get("STYR_PROXY_SSL_HEADER", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("STYR_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Origins besides Styr's own that forms may post to or redirect through (core.middleware's CSP).
CSP_FORM_ACTION = [o for o in os.environ.get("STYR_CSP_FORM_ACTION", "").split(",") if o]

# Logs, with the traceback of every server error, go to stderr, where systemd's journal or the container
# runtime keeps them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("STYR_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}

# The public catalogue and its open data (catalogue/, docs/decisions/0019-public-catalogue.md). Anyone may read
# it without signing in; each client address (accounts.network.client_ip, proxy-aware) may make
# STYR_CATALOGUE_RATE_LIMIT requests per STYR_CATALOGUE_RATE_WINDOW seconds (0: no limit), counted in the default
# cache — give a deployment of several processes a shared cache, or each counts on its own.
CATALOGUE_LICENSE_URL = os.environ.get("STYR_CATALOGUE_LICENSE_URL", "http://creativecommons.org/publicdomain/zero/1.0/")
CATALOGUE_LICENSE_NAME = os.environ.get("STYR_CATALOGUE_LICENSE_NAME", "CC0 1.0")
CATALOGUE_PUBLISHER = os.environ.get("STYR_CATALOGUE_PUBLISHER", "")  # empty: the register's region organisation
CATALOGUE_CONTACT_EMAIL = os.environ.get("STYR_CATALOGUE_CONTACT_EMAIL", "")  # a function mailbox, for DCAT
CATALOGUE_RATE_LIMIT = int(os.environ.get("STYR_CATALOGUE_RATE_LIMIT", "120"))
CATALOGUE_RATE_WINDOW = int(os.environ.get("STYR_CATALOGUE_RATE_WINDOW", "60"))
CATALOGUE_MAX_AGE = int(os.environ.get("STYR_CATALOGUE_MAX_AGE", "300"))
