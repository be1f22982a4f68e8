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
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from formtools.wizard.views import WizardView, normalize_name

# What a form posted when its page switched language: {"path": …, "data": {name: [values]},
# "secrets_dropped": [the _SECRET_FIELDS that had a value]}.
TYPED_INPUT = "typed_input"
# The wizard step a switch saved: opened once without red errors, as a tab opens it.
QUIET_AFTER_SWITCH = "quiet_after_switch"
# Never kept in the session, never shown again: Django's token, the switch's own field, and
# secrets: a password, or a 認証キー (it opens an account; pasting it again is quick, and it is
# not left in clear in a session that outlives it).
_NOT_KEPT = {"csrfmiddlewaretoken", "language"}
_SECRET_FIELDS = ("password", "auth_key")
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
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def language_switch(request) -> dict:
    """Template context: the language the header's switch offers (the one not shown)."""
    current = translation.get_language()
    code, name = next((c, n) for c, n in settings.LANGUAGES if c != current)
    return {"other_language": {"code": code, "name": name}}


@require_POST
def switch_language(request):
    """Sets the language cookie and shows `next` again, with what its form had typed in it.

    The switch is a submit button of the page's own form (or of a small form of its own), so
    the typed fields arrive here: a wizard step saves them as its tabs do, any other page gets
    them back once, from the session, on its next GET.
    """
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    match = _resolve(urlsplit(next_url).path)
    if match and _is_wizard(match):
        # In the new language: the next page is, and so must be what the step says of the
        # input it saved (or could not save).
        with translation.override(language):
            response = _save_wizard_step(request, match) or redirect(next_url)
    else:
        _keep_typed_input(request, urlsplit(next_url).path)
        response = redirect(next_url)
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
    return response


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _is_wizard(match) -> bool:
    view_class = getattr(match.func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, WizardView)


def save_wizard_input(request, path: str) -> None:
    """When `path` is a wizard step's page, what its form posted is saved into its draft.

    For a button of a step's form that leaves the step another way: ログアウト.
    """
    match = _resolve(urlsplit(path).path)
    if match and _is_wizard(match):
        _save_wizard_step(request, match)


def _save_wizard_step(request, match):
    """A wizard step's input, saved by the wizard itself as a tab to the same step would.

    Nothing of a wizard goes to the session: logged out meanwhile, the step's page says so.
    """
    prefix = normalize_name(match.func.view_class.__name__)
    step = request.POST.get(f"{prefix}-current_step")
    if not (step and request.user.is_authenticated):
        return None
    data = request.POST.copy()
    # The step the form came from, not the one `next` names: a goto to a step outside the form
    # list would make the wizard check the step and, on the last one, submit the application.
    # (An unknown step is sent back to the first step by the wizard.)
    data["wizard_goto_step"] = step
    request.POST = data
    response = match.func(request, *match.args, **match.kwargs)
    # Switching is not pressing 次へ進む: the step shows no errors it would not show by tab.
    request.session[QUIET_AFTER_SWITCH] = step
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
}
