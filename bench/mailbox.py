"""A mail backend for the scale-out script and the benchmark: each mail is a JSON file.

Several gunicorn processes send mail; the driving script reads the 認証キー and the login codes
from these files, as a person reads their inbox. The folder is BENCH_MAILBOX, one subfolder per
recipient.
Never for production: it keeps every mail, keys included, on disk.
"""

import json
import os
import re
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def recipient_folder(root: Path, address: str) -> Path:
    return root / re.sub(r"[^A-Za-z0-9@._-]", "_", address.lower())


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        root = Path(os.environ["BENCH_MAILBOX"])
        for message in email_messages:
            for address in message.to:
                folder = recipient_folder(root, address)
                folder.mkdir(parents=True, exist_ok=True)
                name = f"{time.time_ns()}-{uuid.uuid4().hex}.json"
                temporary = folder / f".{name}"
                temporary.write_text(
                    json.dumps(
                        {"to": address, "subject": message.subject, "body": message.body},
                        ensure_ascii=False,
                    ),
                    encoding="utf-8",
                )
                # Renamed into place so a reader never sees half a mail.
                temporary.rename(folder / name)
        return len(email_messages)


def read_mails(root: Path, address: str) -> list[dict]:
    """The mails sent to `address`, oldest first."""
    folder = recipient_folder(root, address)
    if not folder.is_dir():
        return []
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("[0-9]*.json"))
    ]


def _latest_line_after(root: Path, address: str, label: str, wait: float) -> str:
    """The line after `label` in the newest mail to `address` that has one (waits up to `wait`
    seconds for it: the mail worker sends it)."""
    deadline = time.monotonic() + wait
    while True:
        for mail in reversed(read_mails(root, address)):
            lines = mail["body"].splitlines()
            if label in lines:
                return lines[lines.index(label) + 1].strip()
        if time.monotonic() > deadline:
            raise LookupError(f"no mail with {label} for {address}")
        time.sleep(0.05)


def latest_auth_key(root: Path, address: str, wait: float = 10.0) -> str:
    """The 認証キー of the newest signup mail to `address` (waits up to `wait` seconds)."""
    return _latest_line_after(root, address, "認証キー：", wait)


def latest_login_code(root: Path, address: str, wait: float = 10.0) -> str:
    """The ワンタイムパスワード of the newest login-code mail to `address`."""
    return _latest_line_after(root, address, "ワンタイムパスワード：", wait)
