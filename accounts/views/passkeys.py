"""Passkeys: the マイページ's list (register, rename, remove) and the login with one. The JSON
views carry the ceremonies between static/js/passkeys.js and accounts.passkeys."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DeleteView, FormView, TemplateView

from hellowork.language import KeepsTypedInputMixin

from .. import login_codes, passkeys, throttle
from ..browsers import describe_browser
from ..forms.passkeys import PasskeyNameForm, PasskeyRegistrationForm
from ..passkeys import PasskeyRefused, Refusal
from .password import log_out_for_wrong_passwords


def _refusal_message(refusal: PasskeyRefused, *, registering: bool = False) -> str:
    """What the page says next to the button; a login's refusals name no account."""
    if refusal.reason in (Refusal.NO_CHALLENGE, Refusal.EXPIRED):
        return _("時間が経ったため、パスキーを確認できませんでした。もう一度お試しください。")
    if refusal.reason == Refusal.ALREADY_REGISTERED:
        return _("このパスキーは、すでに登録されています。")
    if registering:
        # Logged in already: the login's advice below would only confuse.
        return _("パスキーを登録できませんでした。もう一度お試しください。")
    if refusal.reason == Refusal.UNKNOWN_CREDENTIAL:
        return _(
            "このパスキーは登録されていません（削除したパスキーかもしれません）。"
            "メールアドレスとパスワードでログインしてください。"
        )
    if refusal.reason == Refusal.LIMITED:
        return _(
            "ログインの失敗が続いたため、一時的にログインできません。"
            "約%(minutes)d分後にもう一度お試しください。"
        ) % {"minutes": refusal.limited.minutes}
    return _(
        "パスキーを確認できませんでした。もう一度お試しいただくか、"
        "メールアドレスとパスワードでログインしてください。"
    )


def _posted(request) -> dict:
    """What the script posted as JSON: {"credential": …, "next": …} ({} if it is not JSON)."""
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _refused(refusal: PasskeyRefused, *, registering: bool = False) -> JsonResponse:
    status = 429 if refusal.reason == Refusal.LIMITED else 400
    message = _refusal_message(refusal, registering=registering)
    return JsonResponse({"error": message}, status=status)


def _require_passkeys() -> None:
    if not settings.PASSKEYS_ENABLED:
        raise Http404


# -- the マイページ's list ------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class PasskeyListView(LoginRequiredMixin, TemplateView):
    """The account's passkeys, and the form the script posts to register one."""

    template_name = "accounts/passkeys.html"

    def get_context_data(self, **kwargs):
        user_agent = self.request.META.get("HTTP_USER_AGENT", "")
        return super().get_context_data(
            passkeys=self.request.user.passkeys.all(),
            passkeys_enabled=settings.PASSKEYS_ENABLED,
            form=PasskeyRegistrationForm(
                initial={"name": describe_browser(user_agent)}, user=self.request.user
            ),
            **kwargs,
        )


@login_required
@require_POST
def registration_options(request):
    _require_passkeys()
    form = PasskeyRegistrationForm(
        request.POST, user=request.user, client=throttle.client_address(request)
    )
    if not form.is_valid():
        if form.locked_out:
            # As on every page that asks for the current password: the session ends.
            log_out_for_wrong_passwords(request, form.locked_out)
            return JsonResponse({"redirect": reverse("accounts:login")})
        field, errors = next(iter(form.errors.items()))
        return JsonResponse({"error": errors[0], "field": field}, status=400)
    return JsonResponse(
        passkeys.registration_options(request, request.user, form.cleaned_data["name"])
    )


@login_required
@require_POST
def register(request):
    _require_passkeys()
    try:
        passkey = passkeys.register(request, request.user, _posted(request).get("credential") or {})
    except PasskeyRefused as refusal:
        return _refused(refusal, registering=True)
    messages.success(request, _("パスキー「%(name)s」を登録しました。") % {"name": passkey.name})
    return JsonResponse({"redirect": reverse("accounts:passkeys")})


@method_decorator(never_cache, name="dispatch")
class PasskeyRenameView(LoginRequiredMixin, KeepsTypedInputMixin, FormView):
    template_name = "accounts/passkey_rename.html"
    form_class = PasskeyNameForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.passkey = get_object_or_404(request.user.passkeys, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"name": self.passkey.name}

    def form_valid(self, form):
        self.passkey.name = form.cleaned_data["name"]
        self.passkey.save(update_fields=["name"])
        messages.success(self.request, _("パスキーの名前を変更しました。"))
        return redirect("accounts:passkeys")


@method_decorator(never_cache, name="dispatch")
class PasskeyDeleteView(LoginRequiredMixin, DeleteView):
    template_name = "accounts/passkey_delete.html"
    context_object_name = "passkey"
    success_url = reverse_lazy("accounts:passkeys")

    def get_queryset(self):
        return self.request.user.passkeys.all()

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("パスキー「%(name)s」を削除しました。") % {"name": self.object.name},
        )
        return response


# -- the login ----------------------------------------------------------------------------------


@require_POST
def login_options(request):
    _require_passkeys()
    return JsonResponse(passkeys.authentication_options(request))


@require_POST
def log_in(request):
    """Logs in the passkey's account, as a password login and its code would, and says where
    to go: the page the login was asked for (a safe `next`), else LOGIN_REDIRECT_URL."""
    _require_passkeys()
    body = _posted(request)
    try:
        user = passkeys.authenticate(request, body.get("credential") or {})
    except PasskeyRefused as refusal:
        return _refused(refusal)
    # A password typed before in this session waits for its code no more; a new session key,
    # as for any login (django.contrib.auth.login cycles it).
    login_codes.end_pending_login(request.session)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = body.get("next")
    if not (
        isinstance(next_url, str)
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    return JsonResponse({"redirect": next_url})
