"""A 窓口職員 at the counter over HTTP, for bench/scale: the admin login with the mailed code,
the searches a clerk types, the list, 業務統計 and the CSV export, each timed by the client
(bench.client), and the gunicorn worker's memory while the export runs (from /proc)."""

import contextlib
import csv
import io
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .client import Browser, ServerError, percentile
from .mailbox import latest_login_code, recipient_folder

LIST_URL = "/admin/jobseeker/application/"
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_HIRAGANA = {chr(c): chr(c - 0x60) for c in range(0x30A1, 0x30F7)}


@dataclass
class Timings:
    """Client-side seconds of one kind of request, and the statuses it got."""

    seconds: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def add(self, response) -> None:
        self.seconds.append(response.seconds)
        self.statuses.append(response.status)

    def cell(self) -> str:
        """'p50 / p95', and how many answers were errors (a 500 at DB_STATEMENT_TIMEOUT)."""
        errors = sum(1 for status in self.statuses if status >= 500)
        text = f"{self.p(0.5):.0f} / {self.p(0.95):.0f}"
        return text + (f" ({errors}× 5xx)" if errors else "")

    def p(self, fraction: float) -> float:
        return percentile(sorted(self.seconds), fraction) * 1000


def log_in(browser: Browser, port: int, email: str, password: str, mailbox: Path) -> None:
    """The admin's login: the password, then the ワンタイムパスワード from the mail."""
    # The codes of earlier runs are no longer valid: only the one this login mails counts.
    for old in recipient_folder(mailbox, email).glob("*.json"):
        old.unlink()
    page = browser.expect(browser.get(port, "/admin/login/"), 200)
    answer = browser.post(
        port,
        "/admin/login/?next=/admin/",
        {"username": email, "password": password, "next": "/admin/"},
        csrf_from=page,
    )
    browser.expect(answer, 302, "/admin/login/code/")
    page = browser.expect(browser.get(port, "/admin/login/code/"), 200)
    code = latest_login_code(mailbox, email, wait=30)
    browser.expect(
        browser.post(port, "/admin/login/code/", {"login_code": code}, csrf_from=page), 302
    )


def search_terms(row: dict) -> dict[str, str]:
    """What a clerk types to find `row` (an application's values), by kind of search."""
    number = row["number"]
    # A one-digit typo in the serial: the check digit no longer fits.
    typo_digit = str((int(number[10]) + 1) % 10)
    phone = row["phone_mobile"] or row["phone_fixed"]
    return {
        "求職番号（スキャン）": number,
        "求職番号の1桁違い": number[:10] + typo_digit + number[11:],
        "カタカナ（姓 名）": f"{row['family_name_kana']} {row['given_name_kana']}",
        "ひらがな（姓 名）": f"{row['family_name_kana']} {row['given_name_kana']}".translate(
            str.maketrans(_HIRAGANA)
        ),
        "漢字の一部（姓と名の1字）": f"{row['family_name']} {row['given_name'][:1]}",
        "電話（全角、ハイフンなし）": phone.replace("-", "").translate(_FULL_WIDTH),
        "電話（ハイフンあり）": phone,
        "メールアドレス": row["email"],
    }


def _get(browser: Browser, port: int, path: str, expected: int):
    """The answer, a 5xx included (counted, not fatal: a search cut by the statement timeout
    is a figure of its size)."""
    try:
        return browser.expect(browser.get(port, path), expected)
    except ServerError:
        if browser.responses and browser.responses[-1].status >= 500:
            return browser.responses[-1]
        raise


def searches(browser: Browser, port: int, rows: list[dict]) -> dict[str, Timings]:
    """Each kind of search once per row; the number opens its record (a 302 to it)."""
    timings: dict[str, Timings] = {}
    for row in rows:
        for kind, term in search_terms(row).items():
            expected = 302 if kind == "求職番号（スキャン）" else 200
            response = _get(browser, port, f"{LIST_URL}?{urlencode({'q': term})}", expected)
            timings.setdefault(kind, Timings()).add(response)
    return timings


def timed_pages(browser: Browser, port: int, paths: dict[str, str], repeat: int) -> dict:
    timings: dict[str, Timings] = {}
    for _ in range(repeat):
        for label, path in paths.items():
            timings.setdefault(label, Timings()).add(_get(browser, port, path, 200))
    return timings


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


@dataclass
class Export:
    seconds: float
    rows: int
    bytes: int
    status: int
    rss_before_mib: float  # the worker that answered, before
    rss_peak_mib: float  # its highest sampled RSS during the export
    hwm_mib: float  # its VmHWM (peak RSS since it started) after the export


def export(browser: Browser, port: int, path: str, master_pid: int) -> Export:
    """Downloads the CSV while a thread samples every worker's RSS each 10 ms."""
    workers = _children(master_pid)
    before = {pid: _status_kib(pid, "VmRSS") for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in workers:
                with contextlib.suppress(OSError):  # a worker renewed meanwhile
                    peak[pid] = max(peak[pid], _status_kib(pid, "VmRSS"))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        response = browser.get(port, path)
    except (ServerError, OSError):
        # A worker killed at gunicorn's timeout: the figure is the failure and its time.
        response = browser.responses[-1] if browser.responses else None
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    worker = max(workers, key=lambda pid: peak[pid] - before[pid])
    body = response.body if response else b""
    browser.responses.clear()
    return Export(
        seconds=seconds,
        rows=max(
            0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig", "replace")))) - 1
        ),
        bytes=len(body),
        status=response.status if response else 0,
        rss_before_mib=before[worker] / 1024,
        rss_peak_mib=peak[worker] / 1024,
        hwm_mib=_status_kib(worker, "VmHWM") / 1024,
    )
