"""The database going away in the middle of the 求職申込み (issue #6 item 6).

While it is away, every page is the site's own error page (Japanese, no traceback, 500) and the
health URL says 503; when it is back, the draft saved before the outage is read back from the
database unchanged, and the applicant carries on where they were.

A database that accepts connections but never answers is met by real gunicorn with production
settings: the connect timeout (DB_CONNECT_TIMEOUT) ends the wait, so the health URL says 503
within 5 s and a page is the site's error page, instead of a worker held until gunicorn kills it.

On PostgreSQL the outage is real: the app's connection is killed from a second connection
(pg_terminate_backend) and new connections go to a closed port until it is restored. SQLite has
no server to stop, so there every query of the app fails with OperationalError instead (the
test runs on PostgreSQL too).
"""

import contextlib
import html
import socket
import subprocess
import sys
import threading
from unittest import mock

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError
from django.test import Client

from accounts.models import User
from jobseeker.models import ApplicationDraft

from .production_server import ROOT, ProductionServer, production_env
from .test_security import database_url
from .wizard_helpers import FLYER_ANSWERS, post_step, step_url

ERROR_PAGE = "ただいま表示できません"
SAVED_NOTE = "これまでに保存された求職申込みの入力内容は、消えていません。"
# Typed into step 3 and saved (by a tab to step 1) before the outage: half done, not checked.
HALF_TYPED = {"employment_type": "part_time", "desired_job_detail": "ﾚｼﾞ打ち"}


def assert_error_page(response) -> None:
    text = html.unescape(response.content.decode())
    assert response.status_code in (500, 503)
    assert ERROR_PAGE in text
    assert SAVED_NOTE in text
    assert "Traceback" not in text
    assert "OperationalError" not in text
    assert "ApplicationDraft" not in text


def start_applying(client: Client) -> dict:
    """Steps 1 and 2 done, step 3 half typed and saved: the draft as stored, copied."""
    assert post_step(client, "basic").url == step_url("disclosure")
    assert post_step(client, "disclosure").url == step_url("preferences")
    saved = post_step(client, "preferences", HALF_TYPED, wizard_goto_step="basic")
    assert saved.url == step_url("basic")
    return stored_draft()


def stored_draft() -> dict:
    return ApplicationDraft.objects.get(user__email="taro@example.jp").data


def use_the_site_while_down(client: Client, after_each_request=lambda: None) -> None:
    """What an applicant does while the database is away: every answer is the error page."""
    pages = [
        lambda: client.get(step_url("preferences")),
        lambda: post_step(client, "preferences", {**HALF_TYPED, "work_hours": "none"}),
        lambda: client.get("/mypage/"),
        lambda: client.get("/account/"),
    ]
    for open_page in pages:
        assert_error_page(open_page())
        after_each_request()
    assert client.get("/healthz").status_code == 503
    after_each_request()


def assert_back_where_they_were(client: Client, before: dict) -> None:
    assert stored_draft() == before
    page = client.get(step_url("preferences"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["employment_type"].value() == "part_time"
    assert form["desired_job_detail"].value() == "ﾚｼﾞ打ち"
    assert "ﾚｼﾞ打ち" in page.content.decode()
    step1 = client.get(step_url("basic")).content.decode()
    assert FLYER_ANSWERS["basic"]["family_name"] in step1
    # And the applicant carries on: 次へ進む goes on to step 4 (the flyer's 検討中 leaves
    # nothing on step 3 for the notice to name).
    assert post_step(client, "preferences").url == step_url("location")
    assert stored_draft()["step_data"]["basic"] == before["step_data"]["basic"]


@contextlib.contextmanager
def every_query_fails():
    """Each query the app sends fails as it does when the server is gone."""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with (
        mock.patch.object(CursorWrapper, "execute", refuse),
        mock.patch.object(CursorWrapper, "executemany", refuse),
    ):
        yield


@pytest.mark.django_db
def test_while_queries_fail_pages_are_the_error_page_and_the_draft_survives(oguchi):
    User.objects.create_user(email="taro@example.jp")
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email="taro@example.jp"))
    before = start_applying(client)

    with every_query_fails():
        use_the_site_while_down(client)
        with pytest.raises(OperationalError):
            stored_draft()  # the outage is real for the test too

    assert_back_where_they_were(client, before)


# -- PostgreSQL: the server connection killed, and no new one possible ----------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


def admin_connection() -> psycopg.Connection:
    """A second connection, outside Django, as an operator's would be."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params, autocommit=True)


@contextlib.contextmanager
def database_server_gone():
    """Kills the app's connection and sends reconnections to a closed port, until the end."""
    port = connection.settings_dict["PORT"]
    with admin_connection() as operator:
        connection.ensure_connection()
        backend = connection.connection.info.backend_pid
        connection.settings_dict["PORT"] = closed_port()
        operator.execute("SELECT pg_terminate_backend(%s)", [backend])
    try:
        yield
    finally:
        connection.settings_dict["PORT"] = port
        connection.close()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stopping the database server needs PostgreSQL (SQLite has no server to lose)",
)
@pytest.mark.django_db(transaction=True)
def test_when_the_database_server_goes_away_and_comes_back_the_draft_is_intact():
    user = User.objects.create_user(email="taro@example.jp")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    before = start_applying(client)

    with database_server_gone():
        # As after each request of a real server (the test client skips it): a broken
        # connection is dropped, and the next request tries to connect again.
        use_the_site_while_down(client, after_each_request=close_old_connections)

    assert_back_where_they_were(client, before)


# -- A database that accepts connections and never answers (real gunicorn, production) ----------


@contextlib.contextmanager
def silent_database():
    """A port on 127.0.0.1 that accepts every connection and never sends a byte."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    accepted, done = [], threading.Event()

    def accept_until_done():
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept_until_done, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        done.set()
        thread.join()
        listener.close()
        for sock in accepted:
            sock.close()


@pytest.fixture(scope="module")
def server_over_a_silent_database(tmp_path_factory, production_static):
    with silent_database() as port:
        env = production_env(DATABASE_URL=f"postgres://app@127.0.0.1:{port}/hellowork")
        log = tmp_path_factory.mktemp("silent-database") / "gunicorn.log"
        server = ProductionServer(env, log, static_root=production_static)
        try:
            server.wait_until_listening()
            yield server
        finally:
            server.stop()


def test_the_health_url_says_503_within_5_seconds_when_the_database_never_answers(
    server_over_a_silent_database,
):
    answer = server_over_a_silent_database.request("GET", "/healthz")
    assert answer.status == 503
    assert answer.seconds < 5


def test_a_page_is_the_sites_error_page_when_the_database_never_answers(
    server_over_a_silent_database,
):
    answer = server_over_a_silent_database.request("GET", "/")  # the office's top page
    assert answer.status == 500
    text = html.unescape(answer.text)
    assert ERROR_PAGE in text
    assert SAVED_NOTE in text
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # One connection attempt, given up after DB_CONNECT_TIMEOUT (3 s), not gunicorn's 30 s.
    assert answer.seconds < 5


# -- The statement timeout: web requests only ------------------------------------------------


SHOW_STATEMENT_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])"
)
# What gunicorn loads, then a query; and a management command (as migrate or the purge) querying.
WEB_PROCESS = ["-c", f"import hellowork.wsgi\n{SHOW_STATEMENT_TIMEOUT}"]
COMMAND = ["manage.py", "shell", "-c", SHOW_STATEMENT_TIMEOUT]


def statement_timeout_seen_by(process: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, *process], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]  # after what `shell` says of its imports


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="statement_timeout is PostgreSQL's (SQLite has none; CI runs both)",
)
@pytest.mark.django_db
def test_a_web_process_limits_each_statement_and_a_command_does_not():
    """PostgreSQL ends a statement of a web request after DB_STATEMENT_TIMEOUT; migrations and
    the purge run as long as they need."""
    env = production_env(DATABASE_URL=database_url())
    assert statement_timeout_seen_by(WEB_PROCESS, env) == "10s"
    assert statement_timeout_seen_by(WEB_PROCESS, {**env, "DB_STATEMENT_TIMEOUT": "0"}) == "0"
    assert statement_timeout_seen_by(COMMAND, env) == "0"
