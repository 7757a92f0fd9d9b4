"""Settings shared by every environment. Values that differ per deployment come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OUVRAGE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # django-allauth's list of sessions says « il y a 3 minutes »
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "template_partials",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "ouvrage.core",
    "ouvrage.accounts",
    "ouvrage.organisations",
    "ouvrage.establishments",
    "ouvrage.frames",
    "ouvrage.audit",
    "ouvrage.campaigns",
    "ouvrage.evidence",
    "ouvrage.actions",
    "ouvrage.documents",
    "ouvrage.reporting_burden",
    "ouvrage.realwork",
    "ouvrage.incidents",
    "ouvrage.ownframe",
    "ouvrage.surveys",
    "ouvrage.complaints",
    "ouvrage.safeguarding",
    "ouvrage.qualitydocs",
    "ouvrage.effects",
    "ouvrage.calendar",
    "ouvrage.projet",
    "ouvrage.national",
    "ouvrage.retention",
    "ouvrage.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise: static files carry the same security headers as pages.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ouvrage.www.middleware.PermissionsPolicyMiddleware",
    "ouvrage.www.middleware.BodySizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ouvrage.www.middleware.SessionLifetimeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ouvrage.www.middleware.NoStoreForSignedInMiddleware",
    "ouvrage.www.middleware.ClosedCampaignMiddleware",
    "ouvrage.www.middleware.OutOfRangeMiddleware",
    "axes.middleware.AxesMiddleware",
    "ouvrage.www.middleware.SecondFactorRequiredMiddleware",
    "ouvrage.www.middleware.RefusalsJournalMiddleware",
    # Last, so that it wraps the view only: a page that is read never writes (ouvrage/www/readonly.py).
    "ouvrage.www.readonly.ReadOnlySafeMethodsMiddleware",
]

ROOT_URLCONF = "config.urls"
WWW_DIR = BASE_DIR / "ouvrage" / "www"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The web layer's templates: the site-wide ones, then each area's (ouvrage/www/<area>/templates).
        "DIRS": [WWW_DIR / "templates", *sorted(WWW_DIR.glob("*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ouvrage.www.context.navigation",
            ],
            # French figures, dates and counts (core/formatting.py): `french` replaces Django's `date`
            # and `pluralize` with French ones (« 1er décembre », « 0 critère »).
            "builtins": [
                "ouvrage.core.templatetags.french",
                "ouvrage.core.templatetags.figures",
                "ouvrage.www.once",
                "ouvrage.www.lines",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ouvrage.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids deadlocks on lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,  # seconds a writer waits for the lock before giving up
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

# Accounts, passwords, second factor, single sign-on and open sessions: django-allauth (README,
# « Libraries »). Nobody signs up: people are invited by their organisation (accounts/invitations).
ACCOUNT_ADAPTER = "ouvrage.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "ouvrage.accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "reset_password": "ouvrage.www.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "ouvrage.www.accounts.forms.ResetPasswordKeyForm",
    "change_password": "ouvrage.www.accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
# Before changing the second factor, a person types their password again (or a code of their
# application): no code sent by e-mail, Ouvrage's sign-in has none.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # the invitation, sent to the address, verified it
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # « Mot de passe oublié » never says whether an account exists
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ouvrage] "
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Spraying one password over many accounts from one address is slowed (per address); a person is
# locked out only from the address that failed (per account and address, django-axes below).
ACCOUNT_RATE_LIMITS = {
    # A whole team behind one address signs in at the start of a shift: generous for sign-ins,
    # strict for failures.
    "login": "300/m/ip",
    "login_failed": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# The client's address behind a reverse proxy: the number of proxies in front of Ouvrage that add
# themselves to X-Forwarded-For (0: Ouvrage faces the clients directly). docs/deploy.md.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("OUVRAGE_TRUSTED_PROXIES", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Ouvrage"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = os.environ.get("OUVRAGE_WEBAUTHN_INSECURE", "0") == "1"
# The library would write each session's last use on every request (five queries); Ouvrage notes it
# at most every SESSION_USE_EVERY seconds instead (www/middleware.py SessionLifetimeMiddleware).
USERSESSIONS_TRACK_ACTIVITY = False
SESSION_USE_EVERY = 300
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True  # the adapter lets in members and invited people only
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False


def _oidc_providers() -> list[dict]:
    """Single sign-on (OpenID Connect), from the environment: OUVRAGE_OIDC_ID, _NAME, _URL (the
    issuer), _CLIENT_ID, _SECRET. Several providers: suffix with _2, _3…"""
    found = []
    for suffix in ("", *(f"_{n}" for n in range(2, 10))):
        url = os.environ.get(f"OUVRAGE_OIDC_URL{suffix}")
        if not url:
            continue
        found.append(
            {
                "provider_id": os.environ.get(f"OUVRAGE_OIDC_ID{suffix}", f"oidc{suffix}".replace("_", "")),
                "name": os.environ.get(f"OUVRAGE_OIDC_NAME{suffix}", "Connexion unique"),
                "client_id": os.environ.get(f"OUVRAGE_OIDC_CLIENT_ID{suffix}", ""),
                "secret": os.environ.get(f"OUVRAGE_OIDC_SECRET{suffix}", ""),
                "settings": {"server_url": url, "token_auth_method": "client_secret_post"},
            }
        )
    return found


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _oidc_providers(), "OAUTH_PKCE_ENABLED": True}}


def _oidc_origins() -> list[str]:
    from urllib.parse import urlsplit

    origins = []
    for app in _oidc_providers():
        parts = urlsplit(app["settings"]["server_url"])
        if parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


# Sessions: eight hours of work, closed with the browser, renewed while in use — and never longer
# than OUVRAGE_SESSION_MAX_HOURS (12) after signing in, however busy (www/middleware.py).
SESSION_MAX_AGE = int(os.environ.get("OUVRAGE_SESSION_MAX_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The 8 hours of inactivity are kept by touching the session at most once a minute
# (SESSION_TOUCH_EVERY, www/middleware.py), not by writing it on every page view.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_EVERY = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A script sending cotations kept on the device gets a JSON answer it understands (ouvrage/www/sync.py).
CSRF_FAILURE_VIEW = "ouvrage.www.home.views.csrf_failure"

# Login throttling (django-axes): 5 failures per account and address lock that pair for 15 minutes;
# the address is the client's, read as allauth reads it (trusted proxies above).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "ouvrage.accounts.adapter.attempted_email"
AXES_CLIENT_IP_CALLABLE = "ouvrage.accounts.adapter.client_ip"

# E-mail: invitations and password resets. The console in the demo; SMTP from the environment.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Ouvrage <ne-pas-repondre@ouvrage.invalid>")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): only our own scripts, styles and images; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        # The single sign-on button's form is redirected to the identity provider (Chrome applies
        # form-action to that redirect).
        "form-action": ["'self'", *_oidc_origins()],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [WWW_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# The organisation whose administrators may change the shared frames (the HAS référentiel) from the
# interface, when the installation serves several (its id); with one organisation, its administrators.
FRAMES_ORGANISATION = os.environ.get("OUVRAGE_FRAMES_ORGANISATION", "")
# Uploaded evidence: never published by the web server, served by a view to the organisation only.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("OUVRAGE_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
# No request body is larger than the largest file a page accepts (evidence, 10 MB) with its form:
# a larger one is refused before it is read (www/middleware.py BodySizeMiddleware). The proxy in
# front should say the same (nginx: client_max_body_size 12m; docs/deploy.md).
MAX_REQUEST_BODY = 12 * 1024 * 1024
# Two pages of administrators take the large public files of the HAS (the open-data results, about
# 16 MB in XLSX for 21,000 rows; the référentiel's files): up to 64 MB there, streamed to disk. The
# proxy's limit for these two paths must say the same (docs/deploy.md).
LARGE_BODY_PATHS = {
    "/organisme/resultats-publies/": 64 * 1024 * 1024,
    "/cadres/mises-a-jour/": 64 * 1024 * 1024,
}
FILE_UPLOAD_HANDLERS = [
    "ouvrage.www.middleware.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OUVRAGE_LOG_LEVEL", "WARNING")},
    # Who downloaded which piece of evidence or document (a read, so not in the journal of changes).
    "loggers": {"ouvrage.downloads": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Long work (reports) runs in the background: Django's Tasks API (django-tasks backport) on the
# database backend; `ouvrage worker` runs the tasks (`ouvrage demo` starts it with the server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Where the frame data files (HAS référentiel and others) live.
FRAMES_DATA_DIR = BASE_DIR / "ouvrage" / "frames" / "data"
