"""
Newsroom settings, read from the environment.

Development needs no configuration: `manage.py` turns DEBUG on and the database is a
SQLite file next to this project. Production (DJANGO_DEBUG unset or false) refuses to
start until DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret, e.g. "
            "DJANGO_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For development, set DJANGO_DEBUG=true instead."
        )
    # Development only: production refuses to start without DJANGO_SECRET_KEY.
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # nosec B105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. List the host names this site answers to, "
        "comma-separated, e.g. DJANGO_ALLOWED_HOSTS=news.example.com,www.news.example.com."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    # Production is served over HTTPS; DJANGO_SECURE_SSL_REDIRECT=false when a proxy
    # in front already redirects, DJANGO_SECURE_PROXY_SSL_HEADER=true behind one that sets
    # X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The header only makes the site eligible for browsers' HTTPS-only list; nothing is
    # listed until someone submits the domain at hstspreload.org.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True  # nothing reads it from JavaScript: forms carry the token

INSTALLED_APPS = [
    # Django's admin with Newsroom's dashboard as its index page.
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks_db",
    "django_prose_editor",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.security.PermissionsPolicyMiddleware",
    # Serves compressed, fingerprinted static files with far-future caching headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees every login attempt (django-axes).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins for a while after repeated failures, before checking any password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address locks that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(env("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("NEWSROOM_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/articles/locked_out.html"

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                # csp_nonce for the admin's (and our overridden third-party) inline scripts.
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
]


def database(url):
    config = dj_database_url.parse(
        url,
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # the start of a transaction so concurrent writers wait instead of failing mid-way.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000",
            "transaction_mode": "IMMEDIATE",
        }
    elif env_bool("DATABASE_POOL"):
        # psycopg 3's pool: connections are reused across requests within a worker.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "pool": {
                "min_size": int(env("DATABASE_POOL_MIN", "2")),
                "max_size": int(env("DATABASE_POOL_MAX", "10")),
                "timeout": 10,
            }
        }
    return config


DATABASES = {"default": database(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Read-only copies of the primary: page and API reads go to them (newsroom/db_routers.py).
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{number}"] = {**database(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]

# Redis when REDIS_URL is set (shared by every app server); otherwise each process keeps its
# own memory cache. If Redis goes away the site keeps working from the database.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("NEWSROOM_CACHE_PREFIX", "newsroom"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    # Sessions survive a Redis restart and any app server can read them.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (scheduled go-live, notifications, purges) is queued in the database and
# run by `manage.py db_worker`, which `make run` starts next to the web server; or, with
# NEWSROOM_TASKS_BACKEND=redis, queued in Redis (RQ) and run by `manage.py rqworker`.
TASKS_BACKEND = env("NEWSROOM_TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "NEWSROOM_TASKS_BACKEND=redis needs REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0."
        )
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # RQ's jobs must run django.tasks tasks; set here so the worker needs no --job-class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be database or redis, not {TASKS_BACKEND!r}."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("NEWSROOM_LANGUAGE", "en")
TIME_ZONE = env("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = env("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, fingerprinted static files served by WhiteNoise (run collectstatic).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("NEWSROOM_MEDIA_STORAGE", "local") == "s3":
    # Uploaded images in S3-compatible object storage, so app servers keep no files.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    custom_domain = env("AWS_S3_CUSTOM_DOMAIN")
    MEDIA_ORIGINS = [f"https://{custom_domain}" if custom_domain else env("AWS_S3_ENDPOINT_URL")]
else:
    MEDIA_ORIGINS = []

# Content-Security-Policy (Django's ContentSecurityPolicyMiddleware): scripts and styles come
# from this site's own files or carry the request's nonce, never inline markup; no plugins;
# forms post only here; no other site may frame a page. DJANGO_CSP_EXTRA_IMG_SRC adds image
# hosts (e.g. a CDN for media); see README, Security.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The rich-text editor (Tiptap in django-prose-editor) adds one fixed <style> element and
    # cannot be handed the nonce: that exact stylesheet is allowed by its hash. After an
    # upgrade, tests/browser/test_content_security_policy.py names a changed hash.
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    # The browsable API's template has two fixed style attributes ("float: right" and
    # "float: right; margin-right: 10px"): exactly those values, nothing else.
    "style-src-attr": [
        CSP.UNSAFE_HASHES,
        "'sha256-WZ567ntT3BKIFaeoTtOOEdkkOJR5UidQJ809ufOE0zk='",
        "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='",
    ],
    "img-src": [
        CSP.SELF,
        "data:",
        *filter(None, MEDIA_ORIGINS),
        *env_list("DJANGO_CSP_EXTRA_IMG_SRC"),
    ],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of Newsroom uses, switched off for every page and frame
# (newsroom.security.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Tags "NATO" and "nato" are one tag.
TAGGIT_CASE_INSENSITIVE = True

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "articles.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.api.authentication.TokenAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonymousThrottle",
        "articles.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env("NEWSROOM_API_THROTTLE_ANONYMOUS", "120/minute"),
        "token": env("NEWSROOM_API_THROTTLE_TOKEN", "1200/minute"),
    },
    # Throttling counts per client address: trust X-Forwarded-For only from this many
    # proxies in front of Newsroom (0: use the connection's address; clients cannot spoof it).
    "NUM_PROXIES": int(env("NEWSROOM_API_NUM_PROXIES", "0")),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.problems.exception_handler",
}

# The integration API (articles/api/) and its webhooks.
NEWSROOM_API = {
    # Prefixed to the paths in webhook payloads, e.g. https://news.example.com.
    "BASE_URL": env("NEWSROOM_BASE_URL", "").rstrip("/"),
    # The change feed holds back changes younger than this, so that a transaction that
    # commits late cannot slip in behind a client's cursor (see README, change feed).
    "FEED_SETTLE_SECONDS": float(env("NEWSROOM_API_FEED_SETTLE_SECONDS", "10")),
    "WEBHOOK_TIMEOUT": float(env("NEWSROOM_WEBHOOK_TIMEOUT", "10")),
    "WEBHOOK_MAX_ATTEMPTS": int(env("NEWSROOM_WEBHOOK_MAX_ATTEMPTS", "8")),
    "WEBHOOK_RETRY_BASE_SECONDS": float(env("NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS", "30")),
}

# Which addresses changed is sent to the CDN after every change readers can see
# (articles/cdn.py). The default only logs them; articles.cdn.HTTPPurger POSTs them to
# NEWSROOM_CDN_PURGE_URL and needs NEWSROOM_BASE_URL for absolute addresses.
NEWSROOM_CDN_PURGER = env("NEWSROOM_CDN_PURGER", "articles.cdn.LoggingPurger")
NEWSROOM_CDN_PURGE_URL = env("NEWSROOM_CDN_PURGE_URL", "")
NEWSROOM_CDN_PURGE_TOKEN = env("NEWSROOM_CDN_PURGE_TOKEN", "")
NEWSROOM_CDN_PURGE_TIMEOUT = float(env("NEWSROOM_CDN_PURGE_TIMEOUT", "5"))

# Request bodies larger than this are refused (413) before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))

# Browsers on these origins may read the API (GET only: writes use tokens, not browsers).
CORS_ALLOWED_ORIGINS = env_list("NEWSROOM_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "X-Total-Count", "Retry-After"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Articles, sections, tags and authors; drafts and the editorial workflow "
    "for token holders. Conventions (fields/expand, pagination, conditional requests, "
    "errors, the change feed, ninjs, webhooks) are described in the project README.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from swagger.io's online validator: the docs load nothing from other hosts.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.add_problem_responses",
    ],
}

NEWSROOM = {
    "SITE_NAME": env("NEWSROOM_SITE_NAME", "Newsroom"),
    "ARTICLES_PER_PAGE": 20,
    "FRONT_PAGE_PER_SECTION": 4,
    "RELATED_ARTICLES": 4,
    "FEED_ITEMS": 30,
    # Feeds carry each article's whole body when true, its summary when false.
    "FEED_FULL_CONTENT": env_bool("NEWSROOM_FEED_FULL_CONTENT", default=True),
    "PAGE_CACHE": {
        "CACHE": "default",
        "SECONDS": int(env("NEWSROOM_PAGE_CACHE_SECONDS", "300")),
        "BROWSER_SECONDS": int(env("NEWSROOM_BROWSER_CACHE_SECONDS", "60")),
        "CDN_SECONDS": int(env("NEWSROOM_CDN_CACHE_SECONDS", "300")),
        "STALE_SECONDS": int(env("NEWSROOM_STALE_SECONDS", "600")),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
