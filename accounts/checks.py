"""Deployment checks (`manage.py check --deploy`) for what the site's mail says it is from."""

from email.utils import parseaddr

from django.conf import settings
from django.core.checks import Error, register

# Domains that can never be a real sender: RFC 2606 and RFC 6761, and JPRS's example.jp.
RESERVED_DOMAINS = ("example.jp", "example.com", "example.net", "example.org", "localhost")
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")


def is_reserved_address(address: str) -> bool:
    """Whether a mail address (with or without its display name) is on a reserved domain."""
    domain = parseaddr(address)[1].rpartition("@")[2].lower().rstrip(".")
    return (
        not domain
        or domain in RESERVED_DOMAINS
        or domain.endswith(tuple(f".{name}" for name in RESERVED_DOMAINS + RESERVED_TOP_LEVEL))
    )


@register("mail", deploy=True)
def check_sender_address(app_configs, **kwargs) -> list[Error]:
    """The signup page tells people to allow mail from DEFAULT_FROM_EMAIL (the flyer: key mails
    get filtered), so production must send from the office's real address."""
    # SERVER_EMAIL follows DEFAULT_FROM_EMAIL (settings.py); checked only if set apart.
    names = ["DEFAULT_FROM_EMAIL"]
    if settings.SERVER_EMAIL != settings.DEFAULT_FROM_EMAIL:
        names.append("SERVER_EMAIL")
    return [
        Error(
            f"{name} is {getattr(settings, name)!r}, an address on a reserved example domain.",
            hint="Set DEFAULT_FROM_EMAIL to the address the office's mail is sent from "
            "(README: Running in production).",
            id="accounts.E001",
        )
        for name in names
        if is_reserved_address(getattr(settings, name))
    ]
