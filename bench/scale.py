"""How the counter's and the applicant's costs grow with the data (issue #18): prints figures,
asserts nothing.

    bench/scale [--sizes 10000,100000,1000000] [--offices 544] [--rows 20] [--applicants 8]

For each size: a fresh PostgreSQL database (hellowork_scale) with the demo office, seeded by
`manage.py seed_national` (DEBUG on, for the seed only) with --main-office-share of the
applications in the demo office ハローワーク大口, then ANALYZE; one gunicorn server (2 sync
workers, production settings as bench/run starts them); the demo 窓口職員 of that office logs in
with the mailed code and searches `--rows` of its applications each way a clerk would, opens
the list and 業務統計 and exports about 100,000 rows as CSV; then `--applicants` people register
from the start (bench/journey.py) and their step POSTs and 完了 are timed.
"""

import argparse
import atexit
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import counter  # noqa: E402
from bench.answers import answers_of, email_of  # noqa: E402
from bench.bench import machine, table  # noqa: E402
from bench.client import Browser  # noqa: E402
from bench.journey import CONFIRM_URL, register, step_url  # noqa: E402
from bench.servers import PYTHON, ROOT, Site  # noqa: E402

CLERK = "staff@oguchi.example.jp"  # setup_demo's 窓口職員 of ハローワーク大口
CLERK_PASSWORD = "Scale-bench8"
EXPORT_ROWS = 100_000


def seed(site: Site, size: int, options) -> float:
    """seed_national into the site's database; returns its seconds (progress on stderr)."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, "manage.py", "seed_national", f"--offices={options.offices}",
         f"--applications={size}", f"--main-office-share={options.main_office_share}"],
        cwd=ROOT, env={**site.environment(), "DEBUG": "true"}, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum would do soon after a load this size; the plans need the statistics.
        cursor.execute("ANALYZE")
    return seconds


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def recreate(site: Site, first: bool) -> None:
    if first:
        site.create()
    else:
        import psycopg
        from django.db import connections

        connections.close_all()  # the DROP … WITH (FORCE) would cut this process's connection

        from bench.servers import POSTGRES

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{site.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{site.database}"')
        site.manage("migrate", "--no-input")
        site.manage("setup_demo")


def sample_rows(count: int) -> tuple[list[dict], int]:
    """`count` applications of the clerk's office, at random, and how many the office has."""
    from accounts.models import User
    from jobseeker.models import Application

    clerk = User.objects.get(email=CLERK)
    mine = Application.objects.filter(office=clerk.office, user__isnull=False)
    fields = ["number", "family_name", "given_name", "family_name_kana", "given_name_kana",
              "phone_mobile", "phone_fixed", "email"]  # fmt: skip
    rows = list(mine.order_by("?").values(*fields)[:count])
    return rows, Application.objects.filter(office=clerk.office).count()


def export_path(office_rows: int) -> str:
    """The list's CSV for about EXPORT_ROWS rows: those submitted since the day that leaves
    that many (all of the office's when it has fewer)."""
    from accounts.models import User
    from jobseeker.models import Application

    clerk = User.objects.get(email=CLERK)
    if office_rows <= EXPORT_ROWS:
        return f"{counter.LIST_URL}export/"
    since = (
        Application.objects.filter(office=clerk.office)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[EXPORT_ROWS - 1]
    )
    query = {"submitted_at__gte": since.isoformat()}
    return f"{counter.LIST_URL}export/?{urlencode(query)}"


def applicants(site: Site, port: int, count: int, size: int) -> dict[str, counter.Timings]:
    """`count` registrations from the start; their step POSTs and the 完了 (確認 → 求職番号)."""
    timings = {"step POSTs 1–6": counter.Timings(), "step 7 POST": counter.Timings(),
               "完了 POST (issues the 求職番号)": counter.Timings()}  # fmt: skip
    run = f"s{size}-{int(time.time())}"
    for index in range(count):
        email = email_of(run, index)
        browser = Browser(client_address=f"10.201.{index // 256}.{index % 256}")
        register(browser, email, answers_of(index, email), site.mailbox, [port], relogin_after=None)
        for response in browser.responses:
            if response.method != "POST" or response.status != 302:
                continue
            if response.path == CONFIRM_URL:
                timings["完了 POST (issues the 求職番号)"].add(response)
            elif response.path == step_url("pr"):
                timings["step 7 POST"].add(response)
            elif response.path.startswith("/mypage/apply/"):
                timings["step POSTs 1–6"].add(response)
    return timings


def measure(site: Site, size: int, options) -> dict:
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    User.objects.filter(email=CLERK).update(password=make_password(CLERK_PASSWORD))
    rows, office_rows = sample_rows(options.rows)
    [port] = site.start(count=1, workers=2)
    master = site.servers[0].pid
    clerk = Browser(client_address="10.202.0.1")
    counter.log_in(clerk, port, CLERK, CLERK_PASSWORD, site.mailbox)
    figures = counter.searches(clerk, port, rows)
    last_month_end = date.today().replace(day=1) - timedelta(days=1)
    statistics = "?" + urlencode({"from": last_month_end.replace(day=1), "to": last_month_end})
    figures |= counter.timed_pages(
        clerk, port,
        {"一覧の最初のページ": counter.LIST_URL,
         "業務統計（1か月）": f"{counter.LIST_URL}statistics/{statistics}"},
        options.rows,
    )  # fmt: skip
    clerk.responses.clear()
    exports = [counter.export(clerk, port, export_path(office_rows), master) for _ in range(2)]
    figures |= applicants(site, port, options.applicants, size)
    site.stop()
    return {"figures": figures, "office_rows": office_rows, "exports": exports,
            "errors": site.server_errors()}  # fmt: skip


def report(results: dict[int, dict]) -> None:
    sizes = list(results)
    print("\n## p50 / p95 ms, by applications in the database\n")
    labels = list(next(iter(results.values()))["figures"])
    rows = [[label, *(r["figures"][label].cell() for r in results.values())] for label in labels]
    rows.append(
        [
            "CSV export, s (the faster of two)",
            *(f"{min(e.seconds for e in r['exports']):.1f}" for r in results.values()),
        ]
    )
    rows.append(["CSV rows", *(f"{r['exports'][0].rows:,}" for r in results.values())])
    rows.append(
        ["CSV answers", *(" ".join(str(e.status) for e in r["exports"]) for r in results.values())]
    )
    # The export whose worker grew most: its RSS before, its peak, and its VmHWM after.
    grown = [
        max(r["exports"], key=lambda e: e.rss_peak_mib - e.rss_before_mib) for r in results.values()
    ]
    rows.append(
        [
            "gunicorn worker RSS during the export: before → peak, MiB",
            *(f"{e.rss_before_mib:.0f} → {e.rss_peak_mib:.0f}" for e in grown),
        ]
    )
    rows.append(["gunicorn worker VmHWM after, MiB", *(f"{e.hwm_mib:.0f}" for e in grown)])
    rows.append(
        ["rows in the clerk's office", *(f"{r['office_rows']:,}" for r in results.values())]
    )
    rows.append(["seed_national, s", *(seconds(r["seed_seconds"]) for r in results.values())])
    rows.append(["5xx in the access log", *(str(r["errors"]) for r in results.values())])
    print(table(["", *(f"{size:,}" for size in sizes)], rows, "l" + "r" * len(sizes)))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--offices", type=int, default=544)
    parser.add_argument("--main-office-share", type=float, default=0.3)
    parser.add_argument("--rows", type=int, default=20, help="searches of each kind per size")
    parser.add_argument("--applicants", type=int, default=8, help="registrations per size")
    parser.add_argument("--database", default="hellowork_scale")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the database as a previous run left it, without seeding (one size)",
    )
    options = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",")]

    started = time.perf_counter()
    site = Site(database=options.database, settings_module="bench.settings")
    atexit.register(site.stop)
    results = {}
    for index, size in enumerate(sizes):
        if options.measure_only:
            print(f"{options.database} as it is: measuring …", flush=True)
            site.manage("collectstatic", "--no-input")
            seed_seconds = None  # seeded by an earlier run
        else:
            print(f"{size:,} applications: recreating {options.database}, seeding …", flush=True)
            recreate(site, first=index == 0)
        if index == 0:
            site.setup_django()
            print(machine(), flush=True)
        if not options.measure_only:
            seed_seconds = seed(site, size, options)
            print(f"  seeded in {seed_seconds:.0f} s; measuring …", flush=True)
        results[size] = measure(site, size, options) | {"seed_seconds": seed_seconds}
        report({size: results[size]})
    if len(results) > 1:
        report(results)
    print(f"\n{time.perf_counter() - started:.0f} s in all; logs in {site.workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
