"""A new password's box with its rules as a list under it, for a page without JavaScript
(issue #17): before a submit the rules, after one each rule with whether the password sent met
it, said in words (not by colour or mark alone). With JavaScript, static/js/password.js ticks
them off while typing instead, from the same texts (the box's data-rule-* attributes)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User
from .validators import MailAddressSimilarityValidator, password_checklist, password_help_text

# Each rule of the checklist (accounts.validators), as password.js checks it.
CHECKS = {
    "halfwidth": lambda value, attrs: re.fullmatch(r"[!-~]+", value) is not None,
    "length": lambda value, attrs: len(value) >= int(attrs["data-rule-min"]),
    "letter": lambda value, attrs: re.search(r"[A-Za-z]", value) is not None,
    "digit": lambda value, attrs: re.search(r"[0-9]", value) is not None,
    "symbol": lambda value, attrs: re.search(r"[!-/:-@\[-`{-~]", value) is not None,
    "mail": lambda value, attrs: resembles_no_address(value, attrs.get("data-rule-mail-address")),
}


def resembles_no_address(value: str, address: str | None) -> bool | None:
    """None when the page does not know the address (the form asks for it): not judged here."""
    if not address:
        return None
    try:
        MailAddressSimilarityValidator().validate(value, User(email=address))
    except ValidationError:
        return False
    return True


class PasswordRulesInput(forms.PasswordInput):
    template_name = "django/forms/widgets/password_rules.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        attrs = widget["attrs"]
        typed = (value or "").replace("\u00a5", "\\")  # the yen key is the backslash
        rules = []
        for rule, check in CHECKS.items():
            if f"data-rule-{rule}" not in attrs:
                continue
            text = attrs[f"data-rule-{rule}"]
            met = check(typed, attrs) if typed else None
            if met is True:
                text = _("✓ %(rule)s（満たしています）") % {"rule": text}
            elif met is False:
                text = _("✗ %(rule)s（満たしていません）") % {"rule": text}
            rules.append({"text": text, "met": met})
        widget["rules"] = rules
        widget["rules_checked"] = bool(typed)
        described_by = [attrs.get("aria-describedby"), f"{attrs['id']}_rules"]
        attrs["aria-describedby"] = " ".join(filter(None, described_by))
        return context


def show_password_rules(field: forms.Field, email: str | None) -> None:
    """Makes `field` a new password's box: its rules in the hint, the checklist for the script,
    and the list for a page without it."""
    field.help_text = password_help_text()
    field.widget = PasswordRulesInput(attrs={**field.widget.attrs, **password_checklist(email)})
