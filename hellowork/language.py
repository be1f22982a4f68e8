"""Japanese by default, English when the user chooses it, and a switch that loses nothing typed.

Accept-Language is ignored on purpose: many people in Japan use a phone set to English and still
expect the Japanese service; the language changes only by the switch in the page header, which
Django's language cookie then remembers.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

# What a form posted when its page switched language: {"path": …, "data": {name: [values]},
# "secrets_dropped": [the _SECRET_FIELDS that had a value]}.
TYPED_INPUT = "typed_input"
# Never kept in the session, never shown again: Django's token, the switch's own field, and
# secrets: a password, a 認証キー or a login code (each opens an account; pasting it again is
# quick, and it is not left in clear in a session that outlives it).
_NOT_KEPT = {"csrfmiddlewaretoken", "language"}
_SECRET_FIELDS = ("password", "auth_key", "login_code")
# A switch keeps what a person can type, not whatever a script posts into an anonymous session:
# a few values per name (a group of checkboxes), each cut at _MAX_LENGTH, and whole fields
# only while the total stays under _MAX_BYTES.
_MAX_FIELDS, _MAX_VALUES, _MAX_LENGTH, _MAX_BYTES = 100, 20, 2000, 16 * 1024


class LanguageMiddleware:
    """The language of the cookie set by the switch, else settings.LANGUAGE_CODE (Japanese).

    Active for this request only, so a thread serving the next request (or running the next
    test) starts in Japanese again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if offered(chosen) else settings.LANGUAGE_CODE


def language_switch(request) -> dict:
    """Template context: the language the header's switch offers (the one not shown)."""
    current = translation.get_language()
    code, name = next((c, n) for c, n in settings.LANGUAGES if c != current)
    return {"other_language": {"code": code, "name": name}}


def offered(language: str | None) -> bool:
    """Whether `language` is one the site is written in (settings.LANGUAGES)."""
    return language in dict(settings.LANGUAGES)


def set_language_cookie(response, language: str) -> None:
    """Remembers the switch's choice in Django's language cookie, read by LanguageMiddleware:
    here, and by the switch on a wizard step, which posts to the step (jobseeker's wizard)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def switch_language(request):
    """Sets the language cookie and shows `next` again, with what its form had typed in it.

    The switch is a submit button of the page's own form (or of a small form of its own), so
    the typed fields arrive here and the page gets them back once, from the session, on its
    next GET (KeepsTypedInputMixin). A wizard step's switch posts to the step instead, which
    keeps its input in the account's draft.
    """
    language = request.POST.get("language")
    if not offered(language):
        return HttpResponseBadRequest()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    _keep_typed_input(request, urlsplit(next_url).path)
    response = redirect(next_url)
    set_language_cookie(response, language)
    return response


def _keep_typed_input(request, path: str) -> None:
    data, size, dropped = {}, 0, set()
    for key in list(request.POST)[:_MAX_FIELDS]:
        secrets = [secret for secret in _SECRET_FIELDS if secret in key]
        if secrets and any(request.POST.getlist(key)):
            dropped.update(secrets)
        if key in _NOT_KEPT or secrets:
            continue
        values = [value[:_MAX_LENGTH] for value in request.POST.getlist(key)[:_MAX_VALUES]]
        size += len(key.encode()) + sum(len(value.encode()) for value in values)
        if size > _MAX_BYTES:
            break
        data[key] = values
    if data or dropped:
        request.session[TYPED_INPUT] = {
            "path": path,
            "data": data,
            "secrets_dropped": sorted(dropped),
        }


class KeepsTypedInputMixin:
    """A form page that shows, after a language switch, what was typed before it (once).

    The values come back as the form's initial values, so no error appears for input nobody
    submitted yet. Password fields always start empty.
    """

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        kept = self.request.session.get(TYPED_INPUT) if self.request.method == "GET" else None
        if kept and kept.get("path") == self.request.path:
            del self.request.session[TYPED_INPUT]
            data = QueryDict(mutable=True)
            for key, values in kept["data"].items():
                data.setlist(key, values)
            for name, field in form.fields.items():
                if not isinstance(field.widget, forms.PasswordInput):
                    form.initial[name] = field.widget.value_from_datadict(
                        data, {}, form.add_prefix(name)
                    )
            if notice := _RETYPE_NOTICES.get(tuple(kept.get("secrets_dropped", ()))):
                messages.info(self.request, notice)
        return form


# Said, in the new language, when a switch emptied fields that had been typed in.
_RETYPE_NOTICES = {
    ("auth_key", "password"): _("パスワードと認証キーは、もう一度入力してください。"),
    ("password",): _("パスワードは、もう一度入力してください。"),
    ("auth_key",): _("認証キーは、もう一度入力してください。"),
    ("login_code",): _("ワンタイムパスワードは、もう一度入力してください。"),
}
