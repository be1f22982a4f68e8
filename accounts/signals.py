"""Failed logins are counted per address and per client, for LoginForm's throttle."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import throttle


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs) -> None:
    if email := credentials.get("username"):
        throttle.record("login_failure_per_address", email)
    if request is not None:
        throttle.record("login_failure_per_client", throttle.client_address(request))
