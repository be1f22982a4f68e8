"""The tracking webhook of the mail provider MAIL_BACKEND names (django-anymail), at
/anymail/<provider>/tracking/.

One view answers that URL for every provider name and hands the request to anymail's tracking
view only for the configured one ("anymail.backends.postmark.EmailBackend" → postmark); any
other name, and every name with a console or test backend, is a 404. Providers the site does not
use cannot be posted to, whatever their settings.

anymail checks the HTTP basic auth of ANYMAIL["WEBHOOK_SECRET"] (the ANYMAIL_WEBHOOK_SECRET
variable) on every call, but without a secret it only warns and lets anyone in. Here the
webhook answers 404 while no secret is set, so no configuration can leave it open. Only tracking
is mounted: the site receives no mail.
"""

import logging

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from anymail.utils import get_anymail_setting
from django.conf import settings
from django.http import Http404
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

app_name = "anymail"
logger = logging.getLogger(__name__)

_ANYMAIL_BACKENDS = "anymail.backends."
# anymail's tracking view of each provider, by the name its backend module has.
_TRACKING_VIEWS = {
    pattern.name.removesuffix("_tracking_webhook"): pattern.callback
    for pattern in anymail_urls.urlpatterns
    if pattern.name.endswith("_tracking_webhook")
}


def webhook_secret_is_set() -> bool:
    # Read as anymail reads it, so the check and anymail's basic auth can never disagree.
    return bool(get_anymail_setting("webhook_secret", default=None))


def configured_provider() -> str | None:
    """The anymail provider of MAIL_BACKEND (settings.MAILERS), or None for any other backend."""
    backend = settings.MAILERS["default"]["BACKEND"]
    if not backend.startswith(_ANYMAIL_BACKENDS):
        return None
    return backend.removeprefix(_ANYMAIL_BACKENDS).split(".")[0]


@csrf_exempt  # providers post without a CSRF token; anymail checks the webhook secret instead
def tracking_webhook(request, provider: str):
    view = _TRACKING_VIEWS.get(provider)
    if view is None or provider != configured_provider() or not webhook_secret_is_set():
        raise Http404
    try:
        return view(request)
    except AnymailConfigurationError as error:
        # The provider's own webhook settings (a signing key …) are missing: a configuration
        # error to fix, answered 404 rather than a server error to whoever posts.
        logger.error("Webhook %s is not configured: %s", request.path, error)
        raise Http404 from None


urlpatterns = [path("<str:provider>/tracking/", tracking_webhook, name="tracking_webhook")]
