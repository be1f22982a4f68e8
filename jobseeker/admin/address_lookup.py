"""住所検索 on the counter's form (#15 item 5), as on the wizard's 基本情報: the script
(static/js/lookup.js) asks the site's endpoint (jobseeker.views.postal_address) and fills the
fields in place; without it the button posts the form, which comes back filled in, unsaved.
"""

from django import forms
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from ..postal import lookup_address, lookup_message
from .forms import ApplicationAdminForm

# The name of the button; a form posted by it is looked up and shown again, never saved.
LOOKUP = "address_lookup"
STATUS_ID = "address-lookup-status"


class PostalCodeLookupInput(forms.TextInput):
    """The 郵便番号 box, its 住所検索 button and the line saying what the search did, with the
    data attributes lookup.js reads (the admin's fields have no prefix)."""

    # What the last 住所検索 without the script said: a postal.LookupMessage, or None.
    message = None

    class Media:
        js = [forms.Script("js/lookup.js", defer=True)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        described = context["widget"]["attrs"].get("aria-describedby", "")
        context["widget"]["attrs"]["aria-describedby"] = f"{described} {STATUS_ID}".strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        kind = f" lookup-status--{self.message.kind}" if self.message else ""
        return format_html(
            '{}<button type="submit" name="{}" value="1" class="button lookup" '
            'data-lookup="{}" data-lookup-prefix="" aria-describedby="{}">{}</button>'
            '<p class="lookup-status{}" id="{}" role="status">{}</p>',
            super().render(name, value, attrs, renderer),
            LOOKUP,
            reverse("jobseeker:postal_address"),
            STATUS_ID,
            gettext("住所検索"),
            kind,
            STATUS_ID,
            self.message.text if self.message else "",
        )


class AddressLookupMixin:
    """For a ModelForm with postal_code, prefecture and city: posted by 住所検索, the form
    shows the posted values with the address found, says what it found, puts the focus where
    to type next, and is never valid, so the admin saves nothing and shows no errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["postal_code"]
        field.widget = PostalCodeLookupInput(attrs=field.widget.attrs)
        field.widget.is_required = field.required
        self.looked_up = self.is_bound and LOOKUP in self.data
        if self.looked_up:
            self._fill_address()

    def _fill_address(self) -> None:
        address = lookup_address(self.data.get("postal_code", ""))
        if address is not None:
            self.data = self.data.copy()
            for name, value in address.form_values().items():
                self.data[name] = value
        message = lookup_message(address)
        self.fields["postal_code"].widget.message = message
        self.fields[message.focus].widget.attrs["autofocus"] = True

    def full_clean(self):
        if self.looked_up:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.looked_up and super().is_valid()


class CounterApplicationForm(AddressLookupMixin, ApplicationAdminForm):
    """The counter's form of an application, with 住所検索."""
