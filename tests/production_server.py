"""gunicorn started as docs/operations.md's release starts it, on a loopback port.

hellowork/gunicorn.conf.py and hellowork.wsgi with DEBUG off; the only differences are the
address, one worker, and the static files, collected into the test's own folder
(tests/production_settings.py) rather than the checkout's.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "oguchi.example.jp"


def production_env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-test-key-" + "y" * 20 + "0123456789",
        MAIL_BACKEND="anymail.backends.amazon_ses.EmailBackend",
        ALLOWED_HOSTS=HOST,
        # A sender on a real domain: the example one fails `check --deploy` (accounts.checks).
        DEFAULT_FROM_EMAIL="ハローワーク大口 <no-reply@oguchi.hellowork.go.jp>",
    )
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collect_static(static_root: Path) -> None:
    """collectstatic as a release runs it: hashed, compressed names and their manifest."""
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=production_env(
            DJANGO_SETTINGS_MODULE="tests.production_settings", TEST_STATIC_ROOT=str(static_root)
        ),
        check=True,
    )


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str
    seconds: float


class ProductionServer:
    """`gunicorn -c hellowork/gunicorn.conf.py hellowork.wsgi` with `env`, one worker.

    Requests come as through the load balancer: https, to the production host name.
    """

    def __init__(self, env: dict[str, str], log: Path, static_root: Path | None = None):
        self.port = free_port()
        env = {**env, "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"}
        env.setdefault("TRUSTED_PROXY_COUNT", "1")
        if static_root:
            env |= {"DJANGO_SETTINGS_MODULE": "tests.production_settings"}
            env |= {"TEST_STATIC_ROOT": str(static_root)}
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [GUNICORN, "-c", str(ROOT / "hellowork" / "gunicorn.conf.py"), "hellowork.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_until_listening(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not listen within {timeout} s:\n{self.output()}")

    def wait_for_exit(self, timeout: float = 30) -> int:
        """The exit status of a server that refuses to start."""
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.stop()

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
        started = time.monotonic()
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})},
            )
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        return Answer(response.status, response.headers, text, time.monotonic() - started)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
