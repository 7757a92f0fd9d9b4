"""Local development and the demo: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise."""

import os

from .base import *

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"  # the proof suite serves with DEBUG off
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # passkeys on http://127.0.0.1 during the demo
