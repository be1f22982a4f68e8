"""Reads on a replica (issue #18 item 5): with DATABASE_REPLICA_URL, the admin's 業務統計 and CSV
exports read from the replica; every other read, and every write, goes to the primary.

The suite has one database: here the replica is the default's test mirror (Django's TEST
MIRROR), its own connection to the same test database, so the data must be committed for it to
see (transaction=True) and each query shows which alias ran it.
"""

import csv
import io
import runpy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from hellowork.db_routers import REPLICA, replica_alias
from jobseeker.models import Application, AuditRecord

from . import factories

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])

CHANGELIST = "/admin/jobseeker/application/"
NOVEMBER_20 = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture(scope="module", autouse=True)
def replica_database(django_db_setup):
    """The "replica" alias settings add for DATABASE_REPLICA_URL, made a mirror of the default
    as Django's test runner makes one (settings.DATABASES' TEST MIRROR), for this module only:
    elsewhere the suite runs without a replica."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    connections[REPLICA].creation.set_as_test_mirror(default)
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def admin_client() -> Client:
    """A superuser (every office; no counter group, which an earlier flush may have removed)."""
    office = factories.demo_office()
    for serial in (1, 2):
        factories.make_application(office, serial, submitted_at=NOVEMBER_20)
    client = Client()
    client.force_login(User.objects.create_superuser(email="admin@example.jp", password="x"))
    return client


def queries_on_each(request) -> tuple[str, list[str], list[str]]:
    """The response's text, and the SQL the request ran on the default and on the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = request()
        text = b"".join(response).decode("utf-8-sig")  # a streamed answer too
    assert response.status_code == 200
    return text, [q["sql"] for q in default], [q["sql"] for q in replica]


# PostgreSQL reads an export through a server-side cursor: DECLARE … CURSOR FOR SELECT.
READS = ("SELECT", "DECLARE")


def reading(table: str, queries: list[str]) -> list[str]:
    return [sql for sql in queries if sql.startswith(READS) and f'FROM "{table}"' in sql]


def test_the_statistics_count_on_the_replica(admin_client):
    page, on_default, on_replica = queries_on_each(
        lambda: admin_client.get(f"{CHANGELIST}statistics/?from=2026-11-20&to=2026-11-20")
    )
    assert "業務統計" in page
    assert len(reading("jobseeker_application", on_replica)) == 2  # submitted, accepted
    assert reading("jobseeker_application", on_default) == []
    assert reading("django_session", on_default)  # the login is the primary's


def test_the_csv_export_reads_the_rows_on_the_replica_and_audits_on_the_default(admin_client):
    text, on_default, on_replica = queries_on_each(lambda: admin_client.get(f"{CHANGELIST}export/"))
    exported = sorted(row[0] for row in list(csv.reader(io.StringIO(text)))[1:])
    assert exported == sorted(Application.objects.values_list("number", flat=True))
    rows_read = [sql for sql in reading("jobseeker_application", on_replica) if "COUNT" not in sql]
    assert len(rows_read) == 1
    assert all(sql.startswith(READS) for sql in on_replica)
    assert [sql for sql in on_default if sql.startswith('INSERT INTO "jobseeker_auditrecord"')]
    assert AuditRecord.objects.get(action=AuditRecord.Action.EXPORT).changes["count"] == 2


def test_the_export_of_the_selected_applications_reads_them_on_the_replica(admin_client):
    selected = list(Application.objects.values_list("pk", flat=True))
    text, on_default, on_replica = queries_on_each(
        lambda: admin_client.post(
            CHANGELIST, {"action": "export_selected_csv", "_selected_action": selected}
        )
    )
    assert len(text.splitlines()) == 3
    rows_read = [sql for sql in reading("jobseeker_application", on_replica) if "COUNT" not in sql]
    assert len(rows_read) == 1
    assert [sql for sql in on_default if sql.startswith('INSERT INTO "jobseeker_auditrecord"')]


def test_the_counter_list_and_the_record_never_read_the_replica(admin_client):
    application = Application.objects.first()
    for url in (CHANGELIST, f"{CHANGELIST}{application.pk}/change/"):
        _page, on_default, on_replica = queries_on_each(lambda url=url: admin_client.get(url))
        assert reading("jobseeker_application", on_default)
        assert on_replica == []


def test_an_object_read_on_the_replica_is_saved_to_the_default(admin_client):
    application = Application.objects.using(REPLICA).first()
    application.given_name = "次郎"
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        application.save()
    assert [q["sql"] for q in on_default.captured_queries if q["sql"].startswith("UPDATE")]
    assert on_replica.captured_queries == []


def test_migrations_run_only_on_the_default():
    assert router.allow_migrate("default", "jobseeker")
    assert not router.allow_migrate(REPLICA, "jobseeker")


def test_without_a_replica_the_statistics_read_the_default(admin_client, monkeypatch):
    monkeypatch.delitem(django_settings.DATABASES, REPLICA)
    assert replica_alias() == "default"
    _page, on_default, on_replica = queries_on_each(
        lambda: admin_client.get(f"{CHANGELIST}statistics/?from=2026-11-20&to=2026-11-20")
    )
    assert len(reading("jobseeker_application", on_default)) == 2
    assert on_replica == []


def site_settings(monkeypatch, **env) -> dict:
    """hellowork/settings.py as a process started with `env` would read it."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(django_settings.BASE_DIR / "hellowork" / "settings.py"))


def test_the_settings_add_a_replica_only_with_database_replica_url(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert list(site_settings(monkeypatch)["DATABASES"]) == ["default"]
    databases = site_settings(
        monkeypatch,
        DATABASE_URL="postgres://web@10.0.0.5:5432/hellowork",
        DATABASE_REPLICA_URL="postgres://reader@10.0.0.6:5433/hellowork",
        DB_CONN_MAX_AGE="600",
    )["DATABASES"]
    default, replica = databases["default"], databases[REPLICA]
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == ("10.0.0.6", 5433, "reader")
    assert replica["TEST"] == {"MIRROR": "default"}
    options = ("ENGINE", "NAME", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS")
    assert {key: replica[key] for key in options} == {key: default[key] for key in options}
    assert default["CONN_MAX_AGE"] == 600
