"""The limit on wrong passwords, per account and per client, wherever a password is checked.

The login pages (job seeker and staff) and every page that asks a logged-in person for their
current password (password change, mail address change, account deletion, the admin's password
change) count a wrong password here, against settings.RATE_LIMITS "login_failure_per_address"
and "login_failure_per_client", so that a session left open is no way around the login's limit.
"""

from .throttle import Limited, check, record

_SCOPES = ("login_failure_per_address", "login_failure_per_client")


def refused(email: str, client: str) -> Limited | None:
    """Whether a password for `email` from `client` may not be checked now, and for how long."""
    for scope, identity in zip(_SCOPES, (email, client), strict=True):
        if identity and (limited := check(scope, identity)):
            return limited
    return None


def count_failure(email: str, client: str) -> None:
    for scope, identity in zip(_SCOPES, (email, client), strict=True):
        if identity:
            record(scope, identity)
