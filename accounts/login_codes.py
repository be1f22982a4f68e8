"""The login's second step: the ワンタイムパスワード mailed after a right password (issue #16
item 1), for job seekers and staff alike.

What holds:
- a right password logs nobody in: it starts a PendingLogin in the session, and only a right
  code (or a browser the account trusts, accounts.browsers) turns it into a login;
- a code is 6 digits, valid settings.LOGIN_CODE_LIFETIME (10 minutes) from sending, works once,
  only the newest works, only its HMAC is kept, and 5 wrong tries burn it: accounts.keys' rules,
  the 認証キー's own, with a kind of its own (LOGIN_CODE);
- every wrong code also counts against the login's limits per address and per client
  (accounts.password_attempts), and while they refuse a password they refuse a code too;
- a code is mailed at most ten times an hour per account, and a resend at most a minute after
  the last code (settings.RATE_LIMITS "login_code_request_per_account" and
  "login_code_cooldown_per_account").
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import keys, mail, password_attempts, throttle
from .browsers import describe_browser
from .keys import KeyCheck, KeyKind, KeyOutcome
from .models import AuthKey, AuthKeyPurpose, User

LOGIN_CODE = KeyKind(AuthKeyPurpose.LOGIN, "0123456789", 6, "LOGIN_CODE_LIFETIME")

# A right password waits this long for its code (time to ask for another code or two).
PENDING_LOGIN_LIFETIME = timedelta(minutes=30)
_SESSION_KEY = "pending_login"


@dataclass(frozen=True)
class PendingLogin:
    """Whose password was right in this session, and where they go once the code is right."""

    user_id: int
    backend: str
    next_url: str
    started_at: datetime
    # The account's session check value when the password was right: a password changed (or
    # every session ended) since then ends the half-done login too.
    auth_hash: str

    def user(self) -> User | None:
        user = User.objects.filter(pk=self.user_id, is_active=True).first()
        if user and constant_time_compare(user.get_session_auth_hash(), self.auth_hash):
            return user
        return None


def start_pending_login(session, user: User, next_url: str) -> PendingLogin:
    pending = PendingLogin(
        user.pk, user.backend, next_url, timezone.now(), user.get_session_auth_hash()
    )
    session[_SESSION_KEY] = {
        "user_id": pending.user_id,
        "backend": pending.backend,
        "next_url": pending.next_url,
        "started_at": pending.started_at.isoformat(),
        "auth_hash": pending.auth_hash,
    }
    return pending


def pending_login(session) -> PendingLogin | None:
    """The session's PendingLogin, unless it is older than PENDING_LOGIN_LIFETIME."""
    stored = session.get(_SESSION_KEY)
    if not stored:
        return None
    pending = PendingLogin(**{**stored, "started_at": datetime.fromisoformat(stored["started_at"])})
    if timezone.now() - pending.started_at > PENDING_LOGIN_LIFETIME:
        session.pop(_SESSION_KEY, None)
        return None
    return pending


def end_pending_login(session) -> None:
    session.pop(_SESSION_KEY, None)


@dataclass(frozen=True)
class CodeRequest:
    """A code was mailed (`expires_at`), or the limits refused it for `retry_after`."""

    sent: bool
    expires_at: datetime | None = None
    retry_after: timedelta | None = None


def send_code(
    user: User, *, client: str, user_agent: str, site_url: str, resend: bool = False
) -> CodeRequest:
    """Mails a new login code to `user` (every older one superseded), unless the limits refuse.

    A resend waits a minute after the last code; a code after a right password never waits
    (the last one may be used already), though all of them count against the hourly limit.
    The mail says when, and from which browser, the code was asked for, and what to do if it
    was not the account's owner.
    """
    account = str(user.pk)
    # Counted for every code, so that a resend waits a minute after whichever came last.
    cooldown = throttle.record("login_code_cooldown_per_account", account)
    if resend and cooldown:
        return CodeRequest(sent=False, retry_after=cooldown.retry_after)
    if limited := throttle.record("login_code_request_per_account", account):
        return CodeRequest(sent=False, retry_after=limited.retry_after)
    code, auth_key = keys.issue(LOGIN_CODE, user.email, user, client)
    mail.cancel_unsent_key_mails(user.email, ("login-code",))
    mail.send_login_code(user, code, auth_key.expires_at, describe_browser(user_agent), site_url)
    return CodeRequest(sent=True, expires_at=auth_key.expires_at)


def latest_code(user: User) -> AuthKey | None:
    """The newest code mailed to `user` (the code page tells whether it still works)."""
    return (
        keys.keys_of(user.email, AuthKeyPurpose.LOGIN, user).order_by("-created_at", "-pk").first()
    )


# Outcomes that mean a code was typed and was not the one mailed: a guess, for the limits.
_GUESSES = (KeyOutcome.WRONG, KeyOutcome.BURNED, KeyOutcome.LOCKED)


def check_code(user: User, code: str, *, client: str) -> KeyCheck:
    """Whether `code` is the newest code mailed to `user`; a right one is used up.

    A wrong code counts as a wrong password does (password_attempts) besides the key's own count.
    """
    if limited := password_attempts.refused(user.email, client):
        return KeyCheck(KeyOutcome.RATE_LIMITED, retry_minutes=limited.minutes)
    with transaction.atomic():
        check, matched = keys.check(user.email, code, AuthKeyPurpose.LOGIN, user)
        if matched:
            keys.use(matched)
            return KeyCheck(KeyOutcome.OK, user=user)
    if check.outcome in _GUESSES:
        # Outside the transaction, as accounts.throttle asks.
        password_attempts.count_failure(user.email, client)
    return check


def code_allowance(user: User) -> keys.KeyAllowance:
    return keys.allowance(user.email, AuthKeyPurpose.LOGIN, user)


def lifetime_minutes() -> int:
    return int(settings.LOGIN_CODE_LIFETIME.total_seconds() // 60)
