"""{% passkey_login %}: 「パスキーでログイン」 on the login page, where passkeys are on."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("accounts/passkey_login.html", takes_context=True)
def passkey_login(context) -> dict:
    return {"passkeys_enabled": settings.PASSKEYS_ENABLED, "next": context.get("next", "")}
