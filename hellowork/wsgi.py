"""WSGI entry point, for gunicorn or any WSGI server: what makes a process a web process.

manage.py commands (migrate, the purge) never import this module, so what is set here holds
for web requests only.
"""

import io
import os

import django
from django.conf import settings
from django.core.management import call_command

from hellowork.form_charset import SiteWSGIHandler


def refuse_to_start_on_check_errors() -> None:
    """gunicorn runs no system checks (runserver and manage.py commands do), so a web process
    would serve with settings that have an error, e.g. a mail backend that prints 認証キー to
    the log (accounts.checks). An error raises SystemCheckError, which stops gunicorn before it
    forks a worker (preload_app); warnings are printed. Here rather than in gunicorn.conf.py:
    every way of starting the site for the web loads this module, and `gunicorn --check-config`
    reports the same errors."""
    call_command("check", stdout=io.StringIO())  # "no issues" is not worth a log line


def limit_statement_time(database: dict) -> None:
    """PostgreSQL ends any statement of a web request that runs longer than
    DB_STATEMENT_TIMEOUT seconds, so a locked or runaway query gets the error page instead of
    holding a worker until gunicorn kills it. Not for commands: a migration or the purge may
    rightly take longer. Set before the first connection (a worker connects on its first query).
    """
    if database["ENGINE"] != "django.db.backends.postgresql" or not settings.DB_STATEMENT_TIMEOUT:
        return
    options = database.setdefault("OPTIONS", {})
    given = options.get("options", "")
    options["options"] = f"{given} -c statement_timeout={settings.DB_STATEMENT_TIMEOUT}s".strip()


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hellowork.settings")
django.setup(set_prefix=False)
refuse_to_start_on_check_errors()
for _database in settings.DATABASES.values():  # the replica's reads too
    limit_statement_time(_database)
application = SiteWSGIHandler()
