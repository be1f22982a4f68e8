"""The site's settings (hellowork/settings.py, from the environment), with the static files
collected into a test's own folder (TEST_STATIC_ROOT), never into the checkout's staticfiles/."""

import os

from hellowork.settings import *  # noqa: F403

STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]
