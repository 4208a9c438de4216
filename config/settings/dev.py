"""Local development: `make run`. Never used by tests or production."""

from config.env import env_bool, env_str

from .base import *  # noqa: F403 - settings modules extend the base namespace

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
