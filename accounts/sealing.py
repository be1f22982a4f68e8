"""Sealed (encrypted and authenticated) values for what waits in the database to be mailed.

A queued mail holds a 認証キー or a password-reset link until the task worker sends it, and a
reset request holds the address typed. They are kept sealed with Fernet (AES-CBC with an
HMAC-SHA256, from the `cryptography` package) under a key derived from SECRET_KEY, so that a
copy of the database alone (a backup, a replica, a query log) reveals none of them: only a
process that has SECRET_KEY can open them. Keys from SECRET_KEY_FALLBACKS still open what was
sealed before a rotation.
"""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


class Unreadable(Exception):
    """Sealed with a key this process no longer has, or changed since."""


def _fernet(secret: str) -> Fernet:
    digest = salted_hmac("accounts.sealing", "fernet", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(value: dict) -> str:
    return _keys().encrypt(json.dumps(value).encode()).decode()


def unseal(sealed: str) -> dict:
    try:
        return json.loads(_keys().decrypt(sealed.encode()))
    except InvalidToken as error:
        raise Unreadable from error
