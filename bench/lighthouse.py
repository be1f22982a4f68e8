"""Lighthouse over the journey's job-seeker pages (bench/lighthouse runs it; bench/README.md).

The site as production serves it (bench/servers.py: gunicorn, DEBUG off, WhiteNoise's compressed
and hashed static files, PostgreSQL) on 127.0.0.1, an applicant logged in and part-way through
the 求職申込み, whose session cookie Lighthouse sends (--extra-headers) for the pages of a login.
Prints each page's four scores.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import PYTHON, Site  # noqa: E402

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
    site = Site(database="hellowork_lighthouse", settings_module="bench.settings")
    site.create()
    session = (
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "shell", "-c", SIGN_IN],
            cwd=ROOT,
            env=site.environment(),
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    try:
        (port,) = site.start(1)
        base = f"http://127.0.0.1:{port}"
        print(f"{'page':28} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for path in PAGES + LOGGED_IN_PAGES:
            headers = {"Cookie": f"sessionid={session}"} if path in LOGGED_IN_PAGES else None
            result = scores(base + path, site.workdir, headers)
            print(f"{path:28} " + " ".join(f"{result[name]:>14}" for name in CATEGORIES))
            sys.stdout.flush()
    finally:
        site.stop()


if __name__ == "__main__":
    main()
