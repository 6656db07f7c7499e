"""Settings for the test suite: the real settings, served over plain HTTP.

Production defaults to HTTPS (redirect, HSTS, Secure cookies) whenever DEBUG is off; the
test client and the live server for browser tests speak plain HTTP, so the suite turns
HTTPS off here, in the environment, which also reaches the processes tests start
(`commonground demo`/`serve`). Everything else is `commonground.settings` unchanged.
"""

import os

os.environ.setdefault("HTTPS", "false")

from commonground.settings import *  # noqa: F403
