"""A real streaming replica of the local PostgreSQL server, and the 業務統計 and CSV export read
from it (issue #18 item 5).

    bench/replica [--applications 20] [--database hellowork_replica]

Copies the server on 127.0.0.1:5432 (`BENCH_POSTGRES`) with `pg_basebackup -R` (standby.signal
and primary_conninfo) into a temporary folder, starts it on a free loopback port as a hot
standby (`pg_ctl`, as the postgres user when run as root), and waits until it is in recovery
and streaming (pg_stat_replication on the primary). Then, on the primary: the database
hellowork_replica afresh, migrated, the demo office and a few applications (some accepted at the
counter). With DATABASE_REPLICA_URL naming the replica, the admin's 業務統計 and CSV export are
fetched in this process (Django's test client, production settings); the checks show where their
queries ran (the replica's own statement log and its pg_stat_database), that the export's audit
record was written on the primary, and that the replica refuses writes. Finally the replica is
stopped, its folder and the database removed. Exit code 0 only if every check passed.
"""

import argparse
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import POSTGRES, Site, free_port  # noqa: E402

# What the primary's pg_hba.conf needs for pg_basebackup and the replica to connect from loopback.
HBA_LINE = "host replication postgres 127.0.0.1/32 trust"


def allow_replication(primary: str) -> None:
    """Adds HBA_LINE to the primary's pg_hba.conf and reloads it, unless a rule already lets
    loopback replicate: a fresh Debian cluster has none (`all` does not cover replication)."""
    allowed = query(
        f"{primary}/postgres",
        "SELECT count(*) FROM pg_hba_file_rules WHERE type = 'host' AND "
        "'replication' = ANY(database) AND address IN ('127.0.0.1', 'all')",
    )[0][0]
    if allowed:
        return
    hba_file = Path(query(f"{primary}/postgres", "SHOW hba_file")[0][0])
    with hba_file.open("a") as rules:
        rules.write(
            f"# Added by the project's bench/replica: pg_basebackup from loopback.\n{HBA_LINE}\n"
        )
    query(f"{primary}/postgres", "SELECT pg_reload_conf()")
    print(f"Added to {hba_file}: {HBA_LINE}", flush=True)


def query(url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def wait_for(what: str, condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting: {what}")
        time.sleep(0.2)
    return result


class Standby:
    """A hot standby of the server at `primary` (postgres://user@host:port), in a temporary
    folder, on its own loopback port and socket folder, logging every statement."""

    def __init__(self, primary: str):
        self.primary = primary
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="hellowork-replica-"))
        self.data = self.folder / "data"
        self.log = self.folder / "replica.log"
        self.name = f"hellowork_replica_{self.port}"
        major = query(f"{primary}/postgres", "SHOW server_version_num")[0][0][:-4]
        self.bin = Path(os.environ.get("PG_BIN", f"/usr/lib/postgresql/{major}/bin"))
        if os.geteuid() == 0:  # the cluster's files belong to postgres, and pg_ctl refuses root
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, fixed arguments
            [*as_postgres, *command], capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise RuntimeError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")

    def copy(self) -> None:
        host, port = re.search(r"@([^:/]+):(\d+)", self.primary).groups()
        allow_replication(self.primary)
        self._run(
            str(self.bin / "pg_basebackup"),
            *("--host", host, "--port", port, "--username", "postgres"),
            *("--pgdata", str(self.data), "--write-recovery-conf", "--wal-method=stream"),
            *("--checkpoint=fast", "--no-sync"),
        )
        # A Debian cluster keeps its configuration outside the data folder: the copy gets its own.
        self._write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self._write("pg_ident.conf", "")
        self._write(
            "postgresql.conf",
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.folder}'\ncluster_name = '{self.name}'\n"
            "hot_standby = on\nssl = off\nlog_statement = 'all'\n"
            "log_line_prefix = '%m [%p] %d '\n",
        )

    def _write(self, name: str, text: str) -> None:
        path = self.data / name
        path.write_text(text)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def start(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "--log",
                      str(self.log), "--wait", "start")  # fmt: skip
        except RuntimeError as error:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{error}\n{log[-2000:]}") from None
        in_recovery = query(self.url("postgres"), "SELECT pg_is_in_recovery()")[0][0]
        if not in_recovery:
            raise RuntimeError("the copy started as a primary, not as a standby")
        wait_for(
            "the replica streaming from the primary",
            lambda: query(
                f"{self.primary}/postgres",
                "SELECT 1 FROM pg_stat_replication WHERE application_name = %s"
                " AND state = 'streaming'",
                self.name,
            ),
        )

    def catch_up(self) -> None:
        """Waits until the replica has replayed everything the primary has written so far."""
        written = query(f"{self.primary}/postgres", "SELECT pg_current_wal_lsn()")[0][0]
        wait_for(
            "the replica replaying the primary's writes",
            lambda: query(
                self.url("postgres"), "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", written
            )[0][0],
        )

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():  # started, even if it never answered
            self._run(str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "--mode", "fast",
                      "--wait", "stop")  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def fill(applications: int) -> int:
    """On the primary, through the router: `applications` more applicants whose answers went
    through the step forms (setup_demo's), every third accepted at the counter; returns how
    many applications there are."""
    from accounts.models import User
    from jobseeker import services
    from jobseeker.forms import STEPS
    from jobseeker.management.commands.setup_demo import DEMO_ANSWERS, DEMO_STAFF_EMAIL
    from jobseeker.models import Application

    staff = User.objects.get(email=DEMO_STAFF_EMAIL)
    answers = {}
    for step, form_class in STEPS.items():
        form = form_class({f"{step}-{k}": v for k, v in DEMO_ANSWERS[step].items()}, prefix=step)
        assert form.is_valid(), form.errors
        answers[step] = form.cleaned_data
    for n in range(applications):
        user = User.objects.create(email=f"replica{n}@example.jp")
        application = services.submit_application(user, answers, site_url="http://127.0.0.1")
        if n % 3 == 0:
            services.accept_at_counter(application, staff)
    return Application.objects.count()


# log_statement's lines: "statement: …", or "execute <name>: …" for the extended protocol (the
# export's server-side cursor).
_STATEMENT = re.compile(r"(?:statement|execute [^:]*): (.*)")


def replica_statements(standby: Standby, since: int, database: str) -> list[str]:
    """The statements the replica's log shows for `database` after byte `since`."""
    text = standby.log.read_bytes()[since:].decode(errors="replace")
    return [
        match.group(1)
        for line in text.splitlines()
        if f"] {database} " in line and (match := _STATEMENT.search(line))
    ]


def transactions_on(standby: Standby, database: str) -> int:
    """Transactions the replica itself has counted in `database` (pg_stat_database)."""
    return query(
        standby.url("postgres"),
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
        database,
    )[0][0]


def serve_from_replica(standby: Standby, database: str, total: int) -> list[str]:
    """Fetches 業務統計 and the CSV export as the demo office's clerk; returns what failed."""
    from django.db import connections
    from django.db.utils import DatabaseError
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from accounts.models import User
    from jobseeker.management.commands.setup_demo import DEMO_STAFF_EMAIL
    from jobseeker.models import Application, AuditRecord

    setup_test_environment()  # the test client's host, and response.context
    failures = []
    clerk = Client()
    clerk.force_login(User.objects.get(email=DEMO_STAFF_EMAIL))
    today = timezone.localdate().isoformat()
    log_mark = standby.log.stat().st_size
    before = transactions_on(standby, database)
    pages = {
        "業務統計": f"/admin/jobseeker/application/statistics/?from={today}&to={today}",
        "CSV export": "/admin/jobseeker/application/export/",
    }
    for name, url in pages.items():
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections["replica"]) as on_replica,
        ):
            response = clerk.get(url)
            body = b"".join(response).decode("utf-8-sig")
        reads = [q["sql"] for q in on_replica if 'FROM "jobseeker_application"' in q["sql"]]
        on_primary_reads = [
            q["sql"]
            for q in on_primary
            if 'FROM "jobseeker_application"' in q["sql"] and "COUNT(*)" not in q["sql"]
        ]
        print(
            f"  {name}: {response.status_code}, "
            f"{len(reads)} queries of applications on the replica, "
            f"{len(on_primary_reads)} on the primary (besides the list's counts)"
        )
        if response.status_code != 200 or not reads or on_primary_reads:
            failures.append(f"{name} not read from the replica ({response.status_code})")
        if name == "業務統計" and response.context["total_submitted"] != total:
            failures.append(f"業務統計 counted {response.context['total_submitted']}, not {total}")
        if name == "CSV export" and len(body.splitlines()) != total + 1:
            failures.append(f"the CSV has {len(body.splitlines()) - 1} rows, not {total}")
    logged = [
        sql for sql in replica_statements(standby, log_mark, database)
        if "jobseeker_application" in sql
    ]  # fmt: skip
    connections["replica"].close()  # a session's statistics are counted when it ends
    after = wait_for(
        "the replica's statistics", lambda: transactions_on(standby, database) - before, 10
    )
    print(f"  the replica's log: {len(logged)} statements on jobseeker_application:")
    for sql in logged[:4]:
        print(f"    {sql[:110]}…")
    print(f"  the replica's pg_stat_database for {database}: {after} transactions more")
    if len(logged) < 3:  # submitted and accepted per day, and the export's rows
        failures.append("the replica's log does not show the statistics and the export")
    exported = AuditRecord.objects.using("default").filter(action=AuditRecord.Action.EXPORT)
    print(f"  the export's audit record on the primary: {exported.count()}")
    if exported.count() != 1:
        failures.append("the export's audit record is not on the primary")
    try:
        Application.objects.using("replica").update(given_name="書き込み")
        failures.append("the replica accepted a write")
    except DatabaseError as error:  # a standby's transactions are read-only
        print(f"  a write on the replica: refused ({str(error).strip()})")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=20)
    parser.add_argument("--database", default="hellowork_replica")
    options = parser.parse_args()
    # SIGTERM ends the run through the same clean-up as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(143))

    size = query(f"{POSTGRES}/postgres", "SELECT pg_size_pretty(sum(pg_database_size(oid))) "
                 "FROM pg_database")[0][0]  # fmt: skip
    standby = Standby(POSTGRES)
    site = Site(database=options.database, settings_module="bench.settings")
    failures = []
    try:
        print(f"pg_basebackup of {POSTGRES} ({size}) into {standby.folder} …", flush=True)
        started = time.perf_counter()
        standby.copy()
        standby.start()
        print(
            f"replica on 127.0.0.1:{standby.port} in recovery and streaming "
            f"({time.perf_counter() - started:.0f} s; pg_stat_replication: {standby.name})",
            flush=True,
        )
        print(f"Database {options.database} on the primary: migrating, demo office …", flush=True)
        site.create()
        os.environ.update(
            site.environment() | {"DATABASE_REPLICA_URL": standby.url(options.database)}
        )
        import django

        django.setup()
        total = fill(options.applications)
        standby.catch_up()
        print(f"{total} applications written on the primary and replayed on the replica")
        failures = serve_from_replica(standby, options.database, total)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        standby.remove()
        query(f"{POSTGRES}/postgres", f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        shutil.rmtree(site.workdir, ignore_errors=True)
        print(f"replica stopped and removed; database {options.database} dropped")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nOK: 業務統計 and the CSV export were read on the replica, the audit on the primary.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
