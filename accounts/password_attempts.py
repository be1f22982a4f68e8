"""The limit on wrong passwords, per account and per client, wherever a password is checked.

The login pages (job seeker and staff) and every page that asks a logged-in person for their
current password (password change, mail address change, account deletion, the admin's password
change) count a wrong password here, against settings.RATE_LIMITS "login_failure_per_address"
and "login_failure_per_client", so that a session left open is no way around the login's limit.
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import throttle

_SCOPES = ("login_failure_per_address", "login_failure_per_client")


def refused(email: str, client: str) -> throttle.Limited | None:
    """Whether a password for `email` from `client` may not be checked now, and for how long."""
    for scope, identity in zip(_SCOPES, (email, client), strict=True):
        if identity and (limited := throttle.check(scope, identity)):
            return limited
    return None


def count_failure(email: str, client: str) -> None:
    for scope, identity in zip(_SCOPES, (email, client), strict=True):
        if identity:
            throttle.record(scope, identity)


def remaining(email: str, client: str) -> int:
    """How many more wrong passwords for `email` from `client` are checked before the limit."""
    return min(
        throttle.remaining(scope, identity)
        for scope, identity in zip(_SCOPES, (email, client), strict=True)
        if identity
    )


def forget_failures(email: str) -> None:
    """The address's owner has set a new password from the reset mail: the wrong passwords
    typed for the old one no longer stand between them and a login."""
    throttle.clear("login_failure_per_address", email)


@receiver(user_login_failed, dispatch_uid="accounts.password_attempts")
def count_login_failure(sender, credentials, request=None, **kwargs) -> None:
    """A failed login (job seeker's or staff's) counts against both limits."""
    client = throttle.client_address(request) if request is not None else ""
    count_failure(credentials.get("username") or "", client)
