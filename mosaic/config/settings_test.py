"""Settings for the test suite: development mode, fast password hashing, tasks run at once."""

import os

os.environ.setdefault("MOSAIC_DEV", "1")

from mosaic.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
