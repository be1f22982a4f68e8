"""A fresh PostgreSQL database and gunicorn servers on loopback ports, set up as in production.

Production-like: DEBUG off, a random SECRET_KEY, hashed static files collected, persistent
database connections, one trusted proxy (the simulated load balancer's X-Forwarded-For names
each phone). Only what plain http on 127.0.0.1 needs differs: no https redirect, no Secure
cookies. Mail is queued in the database and sent by a `db_worker` process to bench.mailbox
(files the scripts read the 認証キー from).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
# hellowork/gunicorn.conf.py's access_log_format: … "GET /path HTTP/1.1" 200 1234 5ms
_ACCESS = re.compile(r'"([A-Z]+) (\S+) [^"]*" (\d{3}) \S+ (\d+)ms')
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    """The environment every process of one run shares, and the servers started for it (with
    the mail queue's worker)."""

    database: str
    settings_module: str = "hellowork.settings"
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="hellowork-")))
    servers: list[subprocess.Popen] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)

    @property
    def mailbox(self) -> Path:
        return self.workdir / "mailbox"

    @property
    def database_url(self) -> str:
        return f"{POSTGRES}/{self.database}"

    def environment(self) -> dict[str, str]:
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH"}
            # Sessions and rate-limit counters in Redis, as docs/operations.md allows.
            or name in {"REDIS_URL", "REDIS_KEY_PREFIX", "SESSION_STORE", "RATE_LIMIT_STORE"}
        }
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "DB_CONN_MAX_AGE": "600",
            "MAIL_BACKEND": "bench.mailbox.EmailBackend",
            "BENCH_MAILBOX": str(self.mailbox),
            "BENCH_STATIC_ROOT": str(self.workdir / "static"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXY_COUNT": "1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
        }

    def __post_init__(self):
        self.secret_key = secrets.token_urlsafe(50)
        self.mailbox.mkdir(parents=True, exist_ok=True)

    def manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def create(self) -> None:
        """Drops and recreates the database, migrates it, adds the demo office's logins."""
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.manage("migrate", "--no-input")
        self.manage("setup_demo")
        self.manage("collectstatic", "--no-input")

    def start(self, count: int, workers: int = 2) -> list[int]:
        """Starts `count` gunicorn servers of `workers` sync workers; returns their ports."""
        for _ in range(count):
            port = free_port()
            log = open(self.workdir / f"gunicorn-{port}.log", "wb")  # noqa: SIM115
            self.servers.append(
                subprocess.Popen(  # noqa: S603 - gunicorn from our virtualenv
                    [
                        GUNICORN,
                        "--config",
                        str(ROOT / "hellowork" / "gunicorn.conf.py"),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(workers),
                        "--access-logfile",
                        str(self.workdir / f"access-{port}.log"),
                        "--error-logfile",
                        "-",
                        "hellowork.wsgi",
                    ],
                    cwd=ROOT,
                    env=self.environment(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            self.ports.append(port)
        for port in self.ports:
            self._wait_healthy(port)
        self._start_task_worker()
        return self.ports

    def _start_task_worker(self) -> None:
        """The mail queue's worker, as production runs it (docs/operations.md)."""
        log = open(self.workdir / "db_worker.log", "wb")  # noqa: SIM115
        self.servers.append(
            subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def _wait_healthy(self, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on :{port} did not answer; see {self.workdir}")
            time.sleep(0.2)

    def access_log(self, since: dict[str, int] | None = None) -> list[tuple[str, str, int, int]]:
        """(method, path, status, milliseconds) of every request the servers logged, after the
        line counts `since` (from access_log_marks) where given."""
        entries = []
        for log in sorted(self.workdir.glob("access-*.log")):
            lines = log.read_text(errors="replace").splitlines()
            for line in lines[(since or {}).get(log.name, 0) :]:
                match = _ACCESS.search(line)
                if match:
                    method, path, status, ms = match.groups()
                    entries.append((method, path.split("?")[0], int(status), int(ms)))
        return entries

    def access_log_marks(self) -> dict[str, int]:
        return {
            log.name: len(log.read_text(errors="replace").splitlines())
            for log in self.workdir.glob("access-*.log")
        }

    def server_errors(self) -> int:
        """5xx answers in the servers' access logs."""
        return sum(1 for _, _, status, _ in self.access_log() if status >= 500)

    def stop(self) -> None:
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
        for server in self.servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        self.servers.clear()
        self.ports.clear()

    def setup_django(self) -> None:
        """This process talks to the same database with the same settings (for the checks)."""
        os.environ.update(self.environment())
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django

        django.setup()
