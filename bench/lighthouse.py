"""Lighthouse over the journey's job-seeker pages (bench/lighthouse runs it; bench/README.md).

A server of its own on 127.0.0.1 (runserver, a fresh SQLite database in a temporary folder),
an applicant logged in and part-way through the 求職申込み, whose session cookie Lighthouse
sends (--extra-headers) for the pages of a login. Prints each page's four scores.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LIGHTHOUSE = ROOT / "build" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = ["/", "/office/jobseekers/", "/account/", "/account/signup/", "/account/login/", "/help/"]
LOGGED_IN_PAGES = [
    "/mypage/",
    *(
        f"/mypage/apply/{step}/"
        for step in ("basic", "disclosure", "preferences", "location", "education", "career", "pr")
    ),
]
CHROME_FLAGS = "--no-sandbox --headless=new --disable-gpu --disable-dev-shm-usage"

# Run in the server's settings: logs an applicant in, saves steps 1–6 with the flyer's answers,
# and prints the session cookie.
SIGN_IN = """
import re
from django.test import Client
from accounts.models import User
from tests.wizard_helpers import FLYER_ANSWERS, STEP_NAMES, post_step, step_url
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.create_user(email="lighthouse@example.jp", password="Light-house7"))
for step in STEP_NAMES[:-1]:
    if post_step(client, step).url == step_url(step):  # the 未入力 notice: press again
        page = client.get(step_url(step)).content.decode()
        ack = re.search(r'name="[a-z]+-empty_ack" value="([^"]*)"', page)[1]
        post_step(client, step, {**FLYER_ANSWERS[step], "empty_ack": ack})
print(client.cookies["sessionid"].value)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server on loopback
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def scores(url: str, workdir: Path, headers: dict | None) -> dict[str, int]:
    report = workdir / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    # Chromium in a busy container now and then loses the trace (NO_NAVSTART): once more.
    for attempt in range(3):
        done = subprocess.run(command, check=attempt == 2)  # noqa: S603 - the npm package
        if done.returncode == 0:
            break
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        workdir = Path(folder)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "DEBUG": "1",
            "SESSION_STORE": "db",
            "RATE_LIMIT_STORE": "db",
        }
        env.pop("REDIS_URL", None)
        manage(env, "compiletranslations")
        manage(env, "migrate", "--no-input")
        session = manage(env, "shell", "-c", SIGN_IN).strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            print(f"{'page':28} " + " ".join(f"{name:>14}" for name in CATEGORIES))
            for path in PAGES + LOGGED_IN_PAGES:
                headers = {"Cookie": f"sessionid={session}"} if path in LOGGED_IN_PAGES else None
                result = scores(base + path, workdir, headers)
                print(f"{path:28} " + " ".join(f"{result[name]:>14}" for name in CATEGORIES))
                sys.stdout.flush()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
