"""Local development and the demo: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise."""

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
