"""Failed logins are counted per address and per client (accounts.password_attempts)."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import password_attempts, throttle


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs) -> None:
    client = throttle.client_address(request) if request is not None else ""
    password_attempts.count_failure(credentials.get("username") or "", client)
