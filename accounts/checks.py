"""System checks of the site's mail: where it goes and how it is queued (every start with DEBUG
off), and what it says it is from (`manage.py check --deploy`)."""

from email.utils import parseaddr

from django.conf import settings
from django.core.checks import Error, register
from django.core.mail.handler import DEFAULT_MAILER_BACKEND
from django.utils.module_loading import import_string

# Backends that print a mail, keep it in memory or write it to a local file instead of sending
# it, and every subclass (hellowork.console_mail prints): with DEBUG off, the 認証キー and reset
# links they carry would end up in a production log or on the server's disk.
KEEPING_MAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "anymail.backends.test.EmailBackend",
)

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
            "(docs/operations.md).",
            id="accounts.E001",
        )
        for name in names
        if is_reserved_address(getattr(settings, name))
    ]


@register("mail")
def check_mail_is_sent(app_configs, **kwargs) -> list[Error]:
    """With DEBUG off, no mailer may print or keep mail. Not only with --deploy: `manage.py`
    commands run it, and so does the web start (hellowork/wsgi.py), which it stops."""
    if settings.DEBUG:
        return []
    keeping = tuple(import_string(path) for path in KEEPING_MAIL_BACKENDS)
    errors = []
    for alias, config in settings.MAILERS.items():
        path = config.get("BACKEND", DEFAULT_MAILER_BACKEND)
        # settings.py fills the default mailer from the MAIL_BACKEND variable.
        name = "MAIL_BACKEND" if alias == "default" else f"MAILERS[{alias!r}]['BACKEND']"
        try:
            backend = import_string(path)
        except ImportError:
            # Not one of the keeping backends, which all import; a provider's backend without
            # its package (boto3 for amazon_ses) fails at its first mail, as anymail reports.
            continue
        if issubclass(backend, keeping):
            errors.append(
                Error(
                    f"{name} is {path}, a backend that prints mail, keeps it in memory or "
                    "writes it to local files instead of sending it.",
                    hint="With DEBUG off, set MAIL_BACKEND to a django-anymail backend "
                    "(docs/operations.md).",
                    id="accounts.E002",
                )
            )
    return errors


@register("mail")
def check_mail_is_queued(app_configs, **kwargs) -> list[Error]:
    """With DEBUG off, mail goes through the database queue: sent inside the request, a failed
    mail would never be tried again, and a password reset's response time would tell whether
    the address has an account (accounts.tasks.send_password_reset)."""
    if settings.DEBUG or settings.TASK_QUEUE == "database":
        return []
    return [
        Error(
            f"TASK_QUEUE is {settings.TASK_QUEUE!r}: mail would be sent inside the requests, "
            "never retried, and a reset request's timing would tell who has an account.",
            hint="With DEBUG off, leave TASK_QUEUE unset (database) and run "
            "`manage.py db_worker` (docs/operations.md).",
            id="accounts.E003",
        )
    ]
