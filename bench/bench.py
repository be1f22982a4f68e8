"""The benchmark of bench/README.md: prints figures, asserts nothing.

    bench/run [--seconds 6] [--concurrency 4] [--users 16] [--registration-seconds 60]
              [--registration-runs 3]

One gunicorn server (2 sync workers, DEBUG off) on 127.0.0.1 over a fresh PostgreSQL database
(hellowork_bench), with bench.settings: the production settings plus /bench/bare/.

(a) requests/s and p50/p95/p99 of the bare view and of each wizard step's POST, closed loop,
    `--concurrency` client processes, each its own logged-in applicant;
(b) complete registrations/s (signup → 認証キー → password → seven steps → 求職番号) with
    `--users` simulated phones at once, beside the Argon2 hashes/s of Django's hasher here;
(c) database queries per request of each page and (d) its bytes as transferred (the HTML as
    GZipMiddleware compresses it, the CSS and JS it links as WhiteNoise's .gz copies), in-process
    with django.test.Client on the same database and settings.
"""

import argparse
import atexit
import gzip
import multiprocessing
import os
import platform
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.answers import STEP_NAMES, answers_of, email_of, posted  # noqa: E402
from bench.client import Browser, Response, ServerError, empty_ack, percentile  # noqa: E402
from bench.cpu import parent_of, tree_seconds  # noqa: E402
from bench.journey import ANSWERS_VERSION, CONFIRM_URL, fill_step, register, step_url  # noqa: E402
from bench.servers import Site  # noqa: E402

# The targets of issue #14 (they replace the production issue's "0.5 × bare view").
TARGET_STEP_P95_MS = 25  # each of steps 1–6's POST, p95 in (a)
TARGET_COMPLETION_P95_MS = 60  # the 完了 POST (step 7), p95 in (a)
TARGET_QUERIES = 5
TARGET_REGISTRATION_RATIO = 0.45  # the median of --registration-runs runs of (b)
# Every page with the CSS and JS it loads, as transferred (issue #14; tests/test_page_budget.py).
TARGET_PAGE_BYTES = 14 * 1024


# -- load generation (runs in spawned client processes) -----------------------------------------


def _load_worker(job: dict) -> tuple[list[float], Counter]:
    """Sends one request after the other until the window closes; returns latencies, statuses."""
    browser = Browser(
        client_address=job["client_address"], cookies=dict(job["cookies"]), keep_bodies=False
    )
    latencies, statuses = [], Counter()
    time.sleep(max(0.0, job["start_at"] - time.time()))
    cpu_started = time.process_time()
    deadline = time.perf_counter() + job["seconds"]
    while time.perf_counter() < deadline:
        try:
            if job["data"] is None:
                response = browser.get(job["port"], job["path"])
            else:
                response = browser.request(job["port"], "POST", job["path"], job["data"])
            statuses[response.status] += 1
            if response.status == job["expect"]:
                latencies.append(response.seconds)
        except ServerError as error:
            statuses[str(error).rsplit(" ", 1)[-1]] += 1
        except OSError:
            statuses["connection error"] += 1
        browser.responses.clear()
    return latencies, statuses, time.process_time() - cpu_started


def measure(pool, jobs: list[dict], seconds: float, meters: dict | None = None) -> dict:
    """One row of (a); `meters` name the process trees whose CPU time per request is shown."""
    start_at = time.time() + 1.0
    for job in jobs:
        job.update(start_at=start_at, seconds=seconds)
    latencies, statuses, client_cpu = [], Counter(), 0.0
    before = {name: tree_seconds(pid) for name, pid in (meters or {}).items()}
    for job_latencies, job_statuses, job_cpu in pool.map(_load_worker, jobs):
        latencies += job_latencies
        statuses += job_statuses
        client_cpu += job_cpu
    after = {name: tree_seconds(pid) for name, pid in (meters or {}).items()}
    latencies.sort()
    expected = jobs[0]["expect"]
    answered = sum(statuses.values()) or 1
    cpu_ms = {"client": client_cpu * 1000 / answered}
    for name, seconds_before in before.items():
        if seconds_before is not None and after[name] is not None:
            cpu_ms[name] = (after[name] - seconds_before) * 1000 / answered
    return {
        "cpu_ms": cpu_ms,
        "rps": len(latencies) / seconds,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "errors": sum(n for status, n in statuses.items() if status != expected),
    }


# -- (b) hashes per second -----------------------------------------------------------------------


def _hash_worker(seconds: float) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    count, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        make_password("Bench-hello7")
        count += 1
    return count


def hash_rate(context, processes: int, seconds: float) -> float:
    started = time.perf_counter()
    with context.Pool(processes) as pool:
        counts = pool.map(_hash_worker, [seconds] * processes)
    return sum(counts) / (time.perf_counter() - started)


def registrations(site: Site, port: int, users: int, seconds: float) -> dict:
    """`users` phones registering one new account after another for `seconds`."""
    run = f"r{int(time.time())}"
    counter = iter(range(10_000_000))
    lock = threading.Lock()
    done, errors, responses = [], [], []
    started = time.perf_counter()
    deadline = started + seconds

    def phone():
        while time.perf_counter() < deadline:
            with lock:
                index = next(counter)
            email = email_of(run, index)
            browser = Browser(client_address=f"10.200.{index // 256 % 256}.{index % 256}")
            try:
                outcome = register(
                    browser, email, answers_of(index, email), site.mailbox, [port],
                    relogin_after=None,
                )  # fmt: skip
                finished = time.perf_counter()
                with lock:
                    if finished <= deadline and outcome.number:
                        done.append(outcome.number)
            except (ServerError, OSError, LookupError) as error:
                with lock:
                    errors.append(str(error))
            with lock:
                responses.extend(r.status for r in browser.responses)

    threads = [threading.Thread(target=phone) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "per_second": len(done) / seconds,
        "completed": len(done),
        "distinct": len(set(done)),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "requests": len(responses),
        "server_errors": sum(1 for status in responses if status >= 500),
    }


# -- (c) queries and (d) bytes per page, in-process ------------------------------------------------

_ASSETS = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def body(response) -> bytes:
    """The response's content, uncompressed if GZipMiddleware compressed it."""
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def pages(site: Site) -> list[dict]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.mailbox import latest_auth_key, latest_login_code

    # A browser's Accept-Encoding: pages come gzip-compressed, as a phone receives them.
    client = Client(SERVER_NAME="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ja", HTTP_ACCEPT_ENCODING="gzip")
    email = email_of(f"p{int(time.time())}", 0)
    answers = answers_of(0, email)
    rows = []

    def sent_bytes(asset: str) -> int:
        """A collected static file as WhiteNoise sends it: its .gz copy where collectstatic
        made one (it does not when gzip saves too little), else the file."""
        file = Path(settings.STATIC_ROOT) / asset.removeprefix(
            "/" + settings.STATIC_URL.strip("/") + "/"
        )
        compressed = file.with_name(file.name + ".gz")
        for candidate in (compressed, file):
            if candidate.exists():
                return candidate.stat().st_size
        return 0

    def visit(name: str, method: str, path: str, data=None, expect: int = 200):
        with CaptureQueriesContext(connection) as queries:
            if method == "GET":
                response = client.get(path)
            else:
                token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
                response = client.post(path, {**(data or {}), "csrfmiddlewaretoken": token})
        sent = response.content if method == "GET" else b""
        html = body(response) if method == "GET" else b""
        assets = sum(
            sent_bytes(asset) for asset in set(_ASSETS.findall(html.decode("utf-8", "replace")))
        )
        rows.append(
            {
                "page": name,
                "method": method,
                "status": response.status_code,
                "queries": len(queries),
                "html": len(sent),
                "assets": assets,
                "unexpected": response.status_code != expect,
            }
        )
        return response

    client.get("/account/signup/")  # the CSRF cookie, as from the page before
    visit("オフィスのトップ", "GET", "/")
    visit("よくある質問", "GET", "/help/")
    visit("チラシ", "GET", "/flyer/")
    visit("マイページ開設の入口", "GET", "/account/")
    visit("メールアドレス入力", "GET", "/account/signup/")
    visit(
        "メールアドレス入力", "POST", "/account/signup/",
        {"email": email, "email_confirm": email, "agree": "on"}, 302,
    )  # fmt: skip
    visit("パスワード登録", "GET", "/account/signup/password/")
    key = latest_auth_key(site.mailbox, email)
    visit(
        "パスワード登録", "POST", "/account/signup/password/",
        {"password1": "Bench-hello7", "password2": "Bench-hello7", "auth_key": key}, 302,
    )  # fmt: skip
    visit("登録完了", "GET", "/account/signup/done/")
    visit("マイページ（申込み前）", "GET", "/mypage/")
    for index, step in enumerate(STEP_NAMES):
        data = {**posted(step, answers[step]), "application_wizard-current_step": step}
        visit(f"{index + 1} {step}", "GET", step_url(step))
        response = visit(f"{index + 1} {step}", "POST", step_url(step), data, 302)
        if response.url == step_url(step):  # the 未入力 notice: the second press
            notice = body(client.get(step_url(step)))
            rows.pop()
            data.update(empty_ack(Response(200, {}, notice, 0, "GET", step_url(step))))
            visit(f"{index + 1} {step}（2回目）", "POST", step_url(step), data, 302)
    confirm = visit("登録内容の確認", "GET", CONFIRM_URL)
    version = ANSWERS_VERSION.search(body(confirm).decode()).group(1)
    visit("登録内容の確認", "POST", CONFIRM_URL, {"send": "apply", "answers_version": version}, 302)
    visit("マイページ（求職番号）", "GET", "/mypage/")
    client.post("/account/logout/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    visit("ログイン", "GET", "/account/login/")
    visit(
        "ログイン", "POST", "/account/login/", {"username": email, "password": "Bench-hello7"}, 302
    )
    visit("ワンタイムパスワード", "GET", "/account/login/code/")
    code = latest_login_code(site.mailbox, email)
    visit("ワンタイムパスワード", "POST", "/account/login/code/", {"login_code": code}, 302)
    visit("/healthz", "GET", "/healthz")
    return rows


# -- the machine and the tables ------------------------------------------------------------------


def postgres_postmaster() -> int | None:
    """The PostgreSQL server's main process, when it runs on this machine (else None)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [backend] = cursor.fetchone()
    connection.close()
    # A backend's parent is the postmaster, on this machine only if /proc knows the backend.
    postmaster = parent_of(backend)
    return postmaster if postmaster and tree_seconds(postmaster) is not None else None


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}, "
        f"sessions in {settings.SESSION_STORE}, rate-limit counters in "
        f"{settings.RATE_LIMIT_STORE}, load average before the run {os.getloadavg()[0]:.1f}"
    )


def table(headers: list[str], rows: list[list], aligns: str) -> str:
    cells = [headers, *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return (
            "| "
            + " | ".join(
                c + " " * (w - _width(c)) if a == "l" else " " * (w - _width(c)) + c
                for c, w, a in zip(row, widths, aligns, strict=True)
            )
            + " |"
        )

    dashes = [
        "-" * (w + 1) + ":" if a == "r" else "-" * (w + 2)
        for w, a in zip(widths, aligns, strict=True)
    ]
    separator = "|" + "|".join(dashes) + "|"
    return "\n".join([line(cells[0]), separator, *[line(r) for r in cells[1:]]])


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def registration_round(site: Site, port: int, meters: dict, context, options) -> dict:
    """One run of (b): the machine's Argon2 rate, then `--users` phones registering for
    `--registration-seconds`, with where the servers' time and the machine's CPU went."""
    hashes_one = hash_rate(context, 1, 5.0)
    hashes_all = hash_rate(context, os.cpu_count() or 1, 5.0)
    hashes = max(hashes_one, hashes_all)
    marks = site.access_log_marks()
    # The machine's CPU during (b), by process: the servers, PostgreSQL, and the simulated
    # phones (threads of this process), per registration completed.
    cpu_before = {name: tree_seconds(pid) for name, pid in meters.items()}
    phones_before = time.process_time()
    registered = registrations(site, port, options.users, options.registration_seconds)
    phones_cpu = time.process_time() - phones_before
    cpu_after = {name: tree_seconds(pid) for name, pid in meters.items()}
    # Where the servers' time went: the password page hashes; everything else not.
    logged = site.access_log(since=marks)
    hashing_ms = sum(ms for method, path, _, ms in logged if path == "/account/signup/password/"
                     and method == "POST")  # fmt: skip
    return {
        "registered": registered,
        "hashes_one": hashes_one,
        "hashes_all": hashes_all,
        "ratio": registered["per_second"] / hashes if hashes else 0,
        "hash_ms": (os.cpu_count() or 1) * 1000 / hashes if hashes else 0,
        "hashing_ms": hashing_ms,
        "other_ms": sum(ms for *_, ms in logged) - hashing_ms,
        # Each phone finishes the registration it has begun before it stops, so every
        # registration begun is in these CPU times, whole.
        "begun": sum(
            1 for method, path, *_ in logged if method == "POST" and path == "/account/signup/"
        ),  # fmt: skip
        "cpu_ms": {
            name: (cpu_after[name] - cpu_before[name]) * 1000
            for name in meters
            if cpu_before.get(name) is not None and cpu_after.get(name) is not None
        },
        "phones_cpu_ms": phones_cpu * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per row of (a)")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes in (a)")
    parser.add_argument("--users", type=int, default=16, help="simulated phones in (b)")
    parser.add_argument("--registration-seconds", type=float, default=60.0)
    parser.add_argument("--registration-runs", type=int, default=3)
    parser.add_argument("--database", default="hellowork_bench")
    options = parser.parse_args()
    context = multiprocessing.get_context("spawn")

    started = time.perf_counter()
    site = Site(database=options.database, settings_module="bench.settings")
    print(f"Database {options.database}: recreating, migrating, demo office …", flush=True)
    site.create()
    site.setup_django()
    about = machine()
    # Stops the servers even when the benchmark fails half-way (stop() is idempotent).
    atexit.register(site.stop)
    [port] = site.start(count=1, workers=2)
    print(f"gunicorn (2 sync workers) on 127.0.0.1:{port}\n{about}\n", flush=True)

    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from accounts.models import User

    # (a) Each client process is its own applicant, logged in, with steps 1–6 saved once.
    password = make_password("Bench-hello7")
    applicants = []
    for index in range(options.concurrency):
        email = email_of(f"a{int(time.time())}", index)
        user = User.objects.create(email=email, password=password)
        login = Client()
        login.force_login(user)
        browser = Browser(
            client_address=f"10.100.0.{index}",
            cookies={"sessionid": login.cookies["sessionid"].value},
        )
        answers = answers_of(index, email)
        sent = {}
        for number, step in enumerate(STEP_NAMES[:-1]):
            sent[step] = fill_step(
                browser, port, step, answers[step], step_url(STEP_NAMES[number + 1])
            )
        sent["pr"] = {}
        applicants.append((browser, sent))

    meters = {"server": site.servers[0].pid}
    postmaster = postgres_postmaster()
    if postmaster:
        meters["postgres"] = postmaster
    results = {}
    with context.Pool(options.concurrency) as pool:
        base = [
            {"port": port, "cookies": b.cookies, "client_address": b.client_address}
            for b, _ in applicants
        ]
        print("(a) bare view …", flush=True)
        results["bare view (GET /bench/bare/)"] = measure(
            pool,
            [{**job, "path": "/bench/bare/", "data": None, "expect": 200} for job in base],
            options.seconds,
            meters,
        )
        results["bare view, logged in (session + account read)"] = measure(
            pool,
            [
                {**job, "path": "/bench/bare-logged-in/", "data": None, "expect": 200}
                for job in base
            ],
            options.seconds,
            meters,
        )
        for number, step in enumerate(STEP_NAMES, start=1):
            print(f"(a) step {number} {step} POST …", flush=True)
            jobs = [
                {
                    **job,
                    "path": step_url(step),
                    "data": {
                        **sent[step],
                        "application_wizard-current_step": step,
                        "csrfmiddlewaretoken": job["cookies"]["csrftoken"],
                    },
                    "expect": 302,
                }
                for job, (_, sent) in zip(base, applicants, strict=True)
            ]
            label = f"step {number} {step} POST" + (
                " (完了: saves the application)" if step == "pr" else ""
            )
            results[label] = measure(pool, jobs, options.seconds, meters)

    rounds = []
    for run in range(1, options.registration_runs + 1):
        print(f"(b) run {run} of {options.registration_runs} …", flush=True)
        rounds.append(registration_round(site, port, meters, context, options))
    # The median run by its ratio: the hash rate moves from run to run on this machine.
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    print("(c, d) queries and bytes per page …", flush=True)
    # While the servers still run: the task worker sends the 認証キー mail that (c) reads.
    page_rows = pages(site)
    site.stop()
    logged_errors = site.server_errors()

    # -- the tables ------------------------------------------------------------------------------
    bare = results["bare view (GET /bench/bare/)"]["rps"]
    print(f"\n## (a) Throughput and latency ({options.concurrency} client processes, closed loop, "
          f"{options.seconds:.0f} s per row)\n")  # fmt: skip
    rows = []
    for label, r in results.items():
        ratio = r["rps"] / bare if bare else 0
        rows.append(
            [label, f"{r['rps']:.0f}", f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p99']:.1f}",
             f"{ratio:.2f}", r["errors"]]
        )  # fmt: skip
    headers = ["request", "req/s", "p50 ms", "p95 ms", "p99 ms", "× bare"]
    print(table([*headers, "errors"], rows, "lrrrrrr"))

    # Where each request's CPU goes; the machine's other load moves these far less than req/s.
    print("\n### CPU time per request (ms), the same rows\n")
    bare_cpu = sum(results["bare view (GET /bench/bare/)"]["cpu_ms"].values())
    rows = []
    for label, r in results.items():
        cpu = r["cpu_ms"]
        total = sum(cpu.values())
        rows.append(
            [label, f"{cpu['client']:.2f}",
             *(f"{cpu[name]:.2f}" if name in cpu else "—" for name in ("server", "postgres")),
             f"{total:.2f}", f"{bare_cpu / total:.2f}" if total else "—"]
        )  # fmt: skip
    print(table(
        ["request", "client", "gunicorn", "PostgreSQL", "total", "bare's total ÷ total"],
        rows, "lrrrrr",
    ))  # fmt: skip

    print(f"\n## (b) Complete registrations ({options.users} simulated phones, "
          f"{options.registration_seconds:.0f} s), the median of {len(rounds)} runs\n")  # fmt: skip
    print(table(
        ["run", "registrations/s", "hashes/s", "registrations/s ÷ hashes/s", "errors"],
        [[str(index), f"{r['registered']['per_second']:.2f}",
          f"{max(r['hashes_one'], r['hashes_all']):.2f}", f"{r['ratio']:.2f}",
          r["registered"]["errors"]]
         for index, r in enumerate(rounds, start=1)],
        "rrrrr",
    ))  # fmt: skip
    print(f"\n### The median run ({median['ratio']:.2f})\n")
    registered, begun = median["registered"], max(1, median["begun"])
    figures = [
        ("registrations/s (signup → key → password → 7 steps → 求職番号)",
         f"{registered['per_second']:.2f}"),
        ("registrations completed in the window", registered["completed"]),
        ("distinct 求職番号 among them", registered["distinct"]),
        ("requests sent", registered["requests"]),
        ("Argon2 hashes/s, 1 process (Django's hasher)", f"{median['hashes_one']:.2f}"),
        (f"Argon2 hashes/s, {os.cpu_count()} processes", f"{median['hashes_all']:.2f}"),
        ("registrations/s ÷ hashes/s (the better of the two)", f"{median['ratio']:.2f}"),
        ("errors (registrations that failed)", registered["errors"]),
        ("server time per registration begun: password POST (Argon2), ms",
         f"{median['hashing_ms'] / begun:.0f}"),
        ("server time per registration begun: the other requests, ms",
         f"{median['other_ms'] / begun:.0f}"),
        # Measured in the same window as the registrations, so the machine's other load
        # weighs on both parts alike; the ratio above compares two different moments.
        ("the password POST's share of that server time (≈ the ratio when the CPU limits)",
         f"{median['hashing_ms'] / max(1, median['hashing_ms'] + median['other_ms']):.2f}"),
        *((f"CPU per registration begun: {label}, ms", f"{median['cpu_ms'][name] / begun:.0f}")
          for name, label in (("server", "gunicorn"), ("postgres", "PostgreSQL"))
          if name in median["cpu_ms"]),
        ("CPU per registration begun: the simulated phones, ms",
         f"{median['phones_cpu_ms'] / begun:.0f}"),
        ("CPU of one Argon2 hash (the machine's cores ÷ its hash rate), ms",
         f"{median['hash_ms']:.0f}"),
    ]  # fmt: skip
    print(table(["figure", "value"], [list(f) for f in figures], "lr"))
    if registered["first_error"]:
        print(f"first error: {registered['first_error']}")

    print("\n## (c) Queries and (d) bytes as transferred per page (django.test.Client, "
          "same database; gzip)\n")  # fmt: skip
    print(table(
        ["page", "method", "status", "queries", "HTML gzip", "CSS+JS gzip", "total bytes"],
        [
            [r["page"], r["method"], r["status"], r["queries"],
             r["html"] or "—", r["assets"] or "—", (r["html"] + r["assets"]) or "—"]
            for r in page_rows
        ],
        "llrrrrr",
    ))  # fmt: skip

    step_rows = {k: v for k, v in results.items() if k.startswith("step") and "完了" not in k}
    slowest_step_p95 = max(v["p95"] for v in step_rows.values())
    completion_p95 = next(v["p95"] for k, v in results.items() if "完了" in k)
    step_queries = [
        r["queries"] for r in page_rows if r["page"][0] in "123456" and r["method"] == "POST"
    ]
    errors = (
        sum(r["errors"] for r in results.values())
        + sum(r["registered"]["errors"] + r["registered"]["server_errors"] for r in rounds)
        + logged_errors
        + sum(1 for r in page_rows if r["unexpected"])
    )
    print("\n## Targets\n")
    worst_queries = max(step_queries)
    largest_page = max(r["html"] + r["assets"] for r in page_rows)
    targets = [
        ("p95 ≤ 25 ms for each step POST (the slowest of steps 1–6), ms",
         f"{slowest_step_p95:.1f}", verdict(slowest_step_p95 <= TARGET_STEP_P95_MS)),
        ("p95 ≤ 60 ms for the 完了 POST (step 7), ms", f"{completion_p95:.1f}",
         verdict(completion_p95 <= TARGET_COMPLETION_P95_MS)),
        ("≤ 5 queries per step POST (steps 1–6)", worst_queries,
         verdict(worst_queries <= TARGET_QUERIES)),
        (f"registrations/s ≥ 0.45 × hashes/s (the median of {len(rounds)} runs)",
         f"{median['ratio']:.2f}", verdict(median["ratio"] >= TARGET_REGISTRATION_RATIO)),
        ("every page ≤ 14 KB as transferred (HTML gzip + CSS+JS gzip)", largest_page,
         verdict(largest_page <= TARGET_PAGE_BYTES)),
        ("0 errors (incl. 5xx in the access log)", errors, verdict(errors == 0)),
    ]  # fmt: skip
    print(table(["target", "figure", ""], [list(t) for t in targets], "lrl"))
    print(f"\n{time.perf_counter() - started:.0f} s in all; server logs in {site.workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
