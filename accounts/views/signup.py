"""Signup: the mail address (→ a mailed 認証キー), then パスワード and 認証キー, which open the
account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from hellowork.language import KeepsTypedInputMixin

from .. import hooks, mail, services, throttle
from ..forms.keys import key_allowance_notice
from ..forms.signup import AccountPasswordForm, SignupForm
from .key_mail import SIGNUP_ADDRESS, key_mail_has_gone, key_mail_notice, send_key

# What the account about to be opened is to be linked to, put in the session by a page above
# accounts before the signup (jobseeker.counter_link: {"id", "number"} of the counter-made
# application that 求職番号 and 生年月日 matched; the signup pages show its "number"). The
# session is stored server-side, so the browser cannot swap it. open_account hands it to
# signals.account_opened.
SIGNUP_LINK = "signup_link"


def _past_signup(request):
    """Where a logged-in person who comes back to a signup page belongs: its next step."""
    return hooks.signup_destination(request, request.user) or redirect("accounts:signup_done")


class SignupLinkMixin:
    """A signup page that says what the new account will be linked to, if anything."""

    @property
    def signup_link(self) -> dict | None:
        return self.request.session.get(SIGNUP_LINK)


class SignupView(KeepsTypedInputMixin, SignupLinkMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return _past_signup(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # Back from the key page to correct the address: it is there to be corrected.
        return {"email": self.request.session.get(SIGNUP_ADDRESS, "")}

    def form_valid(self, form):
        if send_key(self.request, form, form.cleaned_data["email"]):
            return redirect("accounts:signup_password")
        return self.form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class SignupPasswordView(KeepsTypedInputMixin, SignupLinkMixin, FormView):
    """The page the flyer calls パスワード登録: パスワード, 確認用 and 認証キー, then 完了."""

    template_name = "accounts/signup_password.html"
    form_class = AccountPasswordForm

    def dispatch(self, request, *args, **kwargs):
        token = request.GET.get("address")
        if token and (address := mail.address_from_link(token)):
            request.session[SIGNUP_ADDRESS] = address
        self.address = request.session.get(SIGNUP_ADDRESS)
        if request.user.is_authenticated:
            # Back from the done page: the account exists, the form would only confuse.
            return _past_signup(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email": self.address}

    def key_allowance_notice(self) -> str | None:
        """Fewer wrong tries than usual are left for this address's key (SPEC "Rules")."""
        return self.address and key_allowance_notice(services.key_allowance(self.address))

    def key_mail_notice(self) -> dict | None:
        return key_mail_notice(self.address, mail.SIGNUP_KEY_TAGS)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        form_is_valid = form.is_valid()
        key = form.cleaned_data.get("auth_key")
        link = self.signup_link
        if key and form.address:
            check = services.open_account(
                email=form.address,
                key=key,
                password=form.cleaned_data["password1"] if form_is_valid else None,
                client=throttle.client_address(request),
                link=link,
            )
            if check.user:
                login(request, check.user, backend="django.contrib.auth.backends.ModelBackend")
                request.session.pop(SIGNUP_ADDRESS, None)
                request.session.pop(SIGNUP_LINK, None)
                return hooks.signup_destination(request, check.user, link) or redirect(
                    "accounts:signup_done"
                )
            form.add_key_error(check)
        return self.form_invalid(form)


@require_POST
def resend_auth_key(request):
    """A new key for the address already given, without typing it again."""
    address = request.session.get(SIGNUP_ADDRESS)
    if not address:
        return redirect("accounts:signup")
    if send_key(request, None, address) and key_mail_has_gone(address, mail.SIGNUP_KEY_TAGS):
        messages.success(
            request,
            _("新しい認証キーを送信しました。最新のメールの認証キーを入力してください。"),
        )
    return redirect("accounts:signup_password")


class SignupDoneView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/signup_done.html"


start = TemplateView.as_view(template_name="accounts/start.html")
mynumber_info = TemplateView.as_view(template_name="accounts/mynumber.html")
