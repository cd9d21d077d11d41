"""Newsroom settings: one file, configured by environment variables.

Local defaults are safe for a developer's machine (SQLite in the project folder, console mail);
production sets DEBUG off and provides SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SITE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags, process_figure

from core.caching import redis_caches
from core.hosts import AllowedHosts
from core.media import s3_media_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """An environment variable, where an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# A fixed key is acceptable only on a developer's machine; production must bring its own.
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-key-only-for-debug-mode"

# The environment's host names; the portals' host names are added at run time (core/hosts.py, portals/).
ALLOWED_HOSTS = AllowedHosts(env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]"))
# X-Forwarded-Host only behind a proxy that sets it itself (and drops the client's); off by default.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST")

# Absolute base for links that leave the site (mails, feeds, PDFs) and the site's name: the first portal's, as
# long as its own address and name are empty (docs/mehrere-portale.md). Never taken from the Host header.
# `make run` and `make serve` set it to their PORT; production sets it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Verwaltung digital")

INSTALLED_APPS = [
    # The admin with the editorial index ("Meine Entwürfe", "Zur Prüfung"): newsroom/admin.py.
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_prose_editor",
    "csp",
    "axes",
    "taggit",
    "reversion",
    # Django's Tasks API (the django-tasks backport) and its database queue, run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    # The ground floor (imports no project app), then the frameworks, then the feature apps; demo last.
    "core",
    "pagecache",
    "backups",
    "portals",
    "images",
    # Before articles: its post_migrate handler gives the Redaktion role the pages' permissions (roles.py).
    "pages",
    # Before articles, whose bylines name its contributors and whose roles give its permissions.
    "people",
    "articles",
    # Accounts by role (after articles, whose roles it gives).
    "accounts",
    "wordpress",
    "newsletter",
    "demo",
]

MIDDLEWARE = [
    # First: the request's portal, from its host (an alias answers 301), with its content generation (portals/).
    "portals.middleware.PortalMiddleware",
    # Then: a cached page for a reader is answered before anything else runs; it was stored with every header the
    # middleware below added (pagecache/, docs/seiten-cache.md).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.AdminCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a PUT to a public page is answered 405, not with the CSRF page.
    "core.security.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After session, CSRF, auth and messages: which resolved views the page cache may store; editors' pages private.
    "pagecache.middleware.PageCacheViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Former WordPress addresses (after an import) answer 301 instead of 404: wordpress/redirects.py.
    "wordpress.redirects.OldAddressMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "portals.context_processors.portal",
                "articles.context_processors.sections",
                "pages.context_processors.footer_pages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Production keeps each worker's connection for ten minutes: a page-cache hit is then one query on an open
        # connection, not a new connection for every request (half the speed, docs/leistung.md). The development
        # server answers each request in a thread of its own, where kept connections would only pile up.
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0" if DEBUG else "600")),
        # A kept connection that died with a database restart is replaced at the next request instead of failing
        # it (docs/betrieb.md).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: the web server reads while the queue worker writes (docs/newsletter.md), and a commit costs
    # an append instead of two fsyncs of a rollback journal. NORMAL: a power cut may lose the last commits, never
    # the file; a killed process loses nothing.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("CACHE_LOCATION", "newsroom"),
    },
    # Rendered teasers and fragments (articles/templatetags/teasers.py, pagecache/fragments.py). Per process is fine
    # here: a miss only means rendering the teaser once more. No cache holds security state: rate limits, the login
    # lockout and sessions live in the database (core/limits.py, docs/sicherheit.md).
    "fragments": {
        "BACKEND": env("FRAGMENT_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("FRAGMENT_CACHE_LOCATION", "newsroom-fragments"),
        "OPTIONS": {"MAX_ENTRIES": int(env("FRAGMENT_CACHE_MAX_ENTRIES", "5000"))},
    },
    # Whole public pages (pagecache/, docs/seiten-cache.md); per process by default, shared with CACHE_URL.
    "pages": {
        "BACKEND": env("PAGE_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("PAGE_CACHE_LOCATION", "newsroom-pages"),
        "OPTIONS": {"MAX_ENTRIES": int(env("PAGE_CACHE_MAX_ENTRIES", "500"))},
    },
}
# Off only to measure rendering (tests/articles/test_queries.py); on in production.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Seconds a reverse proxy or CDN may keep a public page (Cache-Control max-age); 0: only our own cache keeps it.
PAGE_CACHE_MAX_AGE = int(env("PAGE_CACHE_MAX_AGE", "0"))
# Longest time our cache keeps a page; it is never stale, this only frees memory from pages nobody reads.
PAGE_CACHE_TIMEOUT = int(env("PAGE_CACHE_TIMEOUT", "86400"))
# Several workers or machines: one Redis for every alias above, each under its own key prefix, so that cached pages
# and fragments are shared. An unreachable Redis costs cache hits, never a page (core/caching.py).
if CACHE_URL := env("CACHE_URL"):
    CACHES = redis_caches(
        CACHE_URL,
        CACHES,
        key_prefix=env("CACHE_KEY_PREFIX", "newsroom"),
        socket_timeout=float(env("CACHE_SOCKET_TIMEOUT", "0.5")),
        retry_seconds=float(env("CACHE_RETRY_SECONDS", "5")),
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
# The portal speaks German to every reader, whatever the browser asks for; strings stay translatable.
LANGUAGES = [("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# German short dates as the reference page writes them: 7.11.2022.
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The rich-text editor's own extensions (core/richtext.py, static/js/prose-newsroom.js): German names for every
# button and dialog, and the package's Figure, whose picture button opens the image chooser; the markup allowed
# stays the package's. Loaded by its unhashed name, as its import of static/js/image-chooser.js is.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [f"{STATIC_URL}js/prose-newsroom.js"],
        "extensions": {"NewsroomGerman": html_tags([]), "Figure": process_figure},
    }
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads served by Django itself (core.security.serve_media): while developing, and for `make serve` on one
# machine. In production the web server in front serves /media/ (docs/betrieb.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

STORAGES = {
    # Django's, except that a full disk leaves no half-written file (newsroom/media.py).
    "default": {"BACKEND": "core.media.MediaFileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain files while developing and testing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Proof documents of picture rights and the originals of pictures whose licence ended: never below a public URL,
# opened only through the admin by the Redaktion (docs/bildrechte.md). Outside MEDIA_ROOT, which a web server serves.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES["private"] = {
    "BACKEND": "core.media.PrivateFileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT, which is served to everyone.")

# Several machines: uploads, renditions and cached PDFs in an S3-compatible bucket (docs/betrieb.md).
# Files are read and written only through the storage API; readers load them from MEDIA_PUBLIC_URL.
MEDIA_STORAGE = env("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_URL, STORAGES["default"] = s3_media_settings(os.environ)
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' (default) or 's3'.")
# Pages may show images from the media origin when it is not the site's own.
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if urlsplit(MEDIA_URL).netloc else ""

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "redaktion@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Umlauts become ae/oe/ue in keyword slugs (see articles.models.Keyword).
TAGGIT_CASE_INSENSITIVE = True
# Keywords separated by commas only, in the order typed, never quoted behind the editor's back (articles/keywords.py).
TAGGIT_TAGS_FROM_STRING = "articles.keywords.parse_keywords"
TAGGIT_STRING_FROM_TAGS = "articles.keywords.format_keywords"

# Readers get no cookie: sessions and CSRF cookies exist only where a form or the admin needs them.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Security baseline (issue 7): CSP, HTTPS, login lockout, error pages; docs/sicherheit.md ---------
# Everything comes from this origin; no inline script or style. A script that truly has to be inline
# carries `nonce="{{ request.csp_nonce }}"`: NONCE puts that request's nonce into the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Added to the policy below ADMIN_URL_PREFIX only (core.security.AdminCSPMiddleware); see docs/sicherheit.md.
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CSP_UPDATE = {
    # The one inline <style> that Tiptap (django-prose-editor 0.28.0's editor) injects for its base
    # rules, allowed by its hash and by nothing else. A new editor version may change it: the browser
    # test in tests/site/test_security_browser.py then fails and names the new hash.
    "style-src": ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
}

# HTTPS: all off by default (a developer's http://127.0.0.1), all on in production (docs/sicherheit.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Only behind a proxy that sets this header itself and drops the client's: e.g. "X-Forwarded-Proto".
if proxy_ssl_header := env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
# Number of reverse proxies in front of the site that append to X-Forwarded-For (0: trust no header).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Failed logins lock the combination of user name and client address for a while, never forever.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins are counted in the database, where no cache pressure can erase them (docs/sicherheit.md).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Successful logins are not recorded with address and browser: the lockout needs only the failures.
AXES_DISABLE_ACCESS_LOG = True

NEWSROOM_PAGE_SIZE = int(env("NEWSROOM_PAGE_SIZE", "20"))

# --- Reader actions: Druckversion, PDF, Link mailen (articles/printing.py, articles/mailing.py) ---
# Seconds a PDF render may take before it is stopped and the reader gets a 503 page.
PDF_RENDER_TIMEOUT = float(env("PDF_RENDER_TIMEOUT", "20"))
# `manage.py backup`: JSON Lines that keep times to the microsecond.
SERIALIZATION_MODULES = {"backup": "backups.serializer"}

# Folder in the default storage (MEDIA_ROOT or the bucket) for rendered PDFs, one file per article version.
PDF_CACHE_DIR = env("PDF_CACHE_DIR", "pdf-cache")
# "Link mailen" limits; counters live in the database (core.limits), under a keyed hash, never the address itself.
LINK_MAIL_PER_CLIENT_PER_HOUR = int(env("LINK_MAIL_PER_CLIENT_PER_HOUR", "5"))
LINK_MAIL_PER_RECIPIENT_PER_DAY = int(env("LINK_MAIL_PER_RECIPIENT_PER_DAY", "3"))
LINK_MAIL_PER_DAY = int(env("LINK_MAIL_PER_DAY", "500"))

# --- Newsletter (newsletter/, docs/newsletter.md) ------------------------------------------------------------
# The queue: django-tasks-db's database backend by default (nothing else to run than `manage.py db_worker`; with
# PostgreSQL several workers on several machines share it). TASKS_BACKEND may name another Tasks backend.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Messages a minute from each worker (0: as fast as the mail server takes them).
NEWSLETTER_SEND_PER_MINUTE = int(env("NEWSLETTER_SEND_PER_MINUTE", "3000"))
# Seconds one queue task sends before it hands over to the next (a worker can stop between two).
NEWSLETTER_TASK_SECONDS = float(env("NEWSLETTER_TASK_SECONDS", "30"))
# Tries per address after 4xx answers; the wait before try n+1 is NEWSLETTER_RETRY_MINUTES × 3^(n-1).
NEWSLETTER_MAX_ATTEMPTS = int(env("NEWSLETTER_MAX_ATTEMPTS", "5"))
NEWSLETTER_RETRY_MINUTES = float(env("NEWSLETTER_RETRY_MINUTES", "5"))
# The mailto: in List-Unsubscribe; mail to it is piped into `manage.py newsletter_inbound` (docs/newsletter.md).
NEWSLETTER_UNSUBSCRIBE_ADDRESS = env("NEWSLETTER_UNSUBSCRIBE_ADDRESS", DEFAULT_FROM_EMAIL)
# Signups per client address and hour (counted in the cache under a keyed hash, like Link mailen).
NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR = int(env("NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR", "5"))

# --- Editorial workflow (issue 4): preview share links ---
# Days a signed preview link (/vorschau/<token>/) stays valid.
NEWSROOM_PREVIEW_DAYS = int(env("NEWSROOM_PREVIEW_DAYS", "7"))

# Errors are logged with the request path, never with addresses, query strings or cookies
# (core.security.PersonalDataFilter). Django's "django" logger loses its default handlers (console
# only with DEBUG, mail to ADMINS with the whole request) and goes to the root logger's handler instead.
LOG_LEVEL = env("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "core.security.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": LOG_LEVEL,
            "filters": ["no_personal_data"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

# --- Image library (images/): upload limits and renditions -------------------------------------
# Uploads larger than this many bytes or pixels are refused before Pillow decodes them.
# Picture rights (docs/bildrechte.md): whether an article may be published only with a licence recorded for each
# of its pictures; who gets the digest of licences that end soon (default: the Redaktion's accounts).
IMAGE_RIGHTS_REQUIRED = env_bool("IMAGE_RIGHTS_REQUIRED")
RIGHTS_DIGEST_TO = env_list("RIGHTS_DIGEST_TO")
RIGHTS_PROOF_MAX_BYTES = int(env("RIGHTS_PROOF_MAX_MB", "10")) * 1024 * 1024
IMAGE_MAX_UPLOAD_BYTES = int(env("IMAGE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
IMAGE_MAX_PIXELS = int(env("IMAGE_MAX_MEGAPIXELS", "50")) * 1_000_000
# Widths of the derived images (never wider than the original); change, then `manage.py rebuild_renditions`.
IMAGE_RENDITION_WIDTHS = [320, 640, 960, 1280, 1920]
# Widths of the 16:9 and square cut-outs around the focal point (teaser thumbnails, shown at most 20rem wide).
IMAGE_CROP_WIDTHS = [320, 640]
