"""The login's second page: the ワンタイムパスワード mailed after a right password, and
「このブラウザを信頼する」 (accounts.login_codes, accounts.browsers). The job seekers' page and the
admin's are the same view with their own templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from hellowork.language import KeepsTypedInputMixin

from .. import browsers, hooks, login_codes, throttle
from ..forms.keys import when
from ..forms.login_code import LoginCodeForm
from ..keys import KeyOutcome
from ..models import AuthKeyState


def send_code(request, user, *, resend: bool = False) -> None:
    """Mails a login code to `user`; when the limits refuse, says how long to wait instead."""
    sent = login_codes.send_code(
        user,
        resend=resend,
        client=throttle.client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    if sent.sent:
        return
    seconds = int(sent.retry_after.total_seconds()) + 1
    if seconds <= 60:
        wait = _("約%(seconds)d秒") % {"seconds": seconds}
    else:
        wait = _("約%(minutes)d分") % {"minutes": throttle.Limited(sent.retry_after).minutes}
    messages.warning(
        request,
        _(
            "ワンタイムパスワードの送信が続いたため、%(wait)s後まで送信できません。"
            "先に届いたメールのワンタイムパスワードが有効期限内であれば、そのまま使えます。"
        )
        % {"wait": wait},
    )


class SecondStepLoginMixin:
    """For a LoginView: a right password logs in at once only on a browser the account trusts;
    elsewhere it mails a login code and opens the page that asks for it."""

    code_page = "accounts:login_code"

    def form_valid(self, form):
        user = form.get_user()
        if browsers.trusted_browser(self.request, user):
            login_codes.end_pending_login(self.request.session)
            auth_login(self.request, user)
            return HttpResponseRedirect(self.get_success_url())
        # A session planted before the login must not even hold the half-done login.
        self.request.session.cycle_key()
        login_codes.start_pending_login(self.request.session, user, self.get_success_url())
        send_code(self.request, user)
        return redirect(self.code_page)


@method_decorator([never_cache, sensitive_post_parameters("login_code")], name="dispatch")
class LoginCodeView(KeepsTypedInputMixin, FormView):
    template_name = "accounts/login_code.html"
    form_class = LoginCodeForm
    login_page = "accounts:login"
    extra_context: dict | None = None

    def dispatch(self, request, *args, **kwargs):
        self.pending = login_codes.pending_login(request.session)
        self.user = self.pending and self.pending.user()
        if self.user is None:
            if not request.user.is_authenticated:
                messages.info(
                    request,
                    _(
                        "ワンタイムパスワードの入力時間が過ぎたか、ログインの手続きが"
                        "始まっていません。メールアドレスとパスワードを入力してください。"
                    ),
                )
            return redirect(self.login_page)
        return super().dispatch(request, *args, **kwargs)

    def code_sent(self) -> dict | None:
        """The newest code mailed for this login's account: when it expires, if it still
        works (else None: the page then says only that it was sent)."""
        latest = login_codes.latest_code(self.user)
        if latest is None:
            return None
        usable = latest.state(timezone.now()) is AuthKeyState.ACTIVE
        return {
            "expires_at": when(latest.expires_at) if usable else None,
            "lifetime_minutes": login_codes.lifetime_minutes(),
        }

    def allowance_notice(self) -> str | None:
        """Fewer than the usual wrong tries are left for the code (earlier wrong codes)."""
        allowance = login_codes.code_allowance(self.user)
        if allowance.remaining >= settings.AUTH_KEY_MAX_FAILURES:
            return None
        if allowance.remaining > 0:
            return _(
                "この24時間にワンタイムパスワードの入力を間違えた回数を数えています。"
                "あと%(remaining)d回間違えると、このワンタイムパスワードは使えなくなります。"
            ) % {"remaining": allowance.remaining}
        return _(
            "ワンタイムパスワードの入力を%(max_failures)d回間違えたため、%(lifts_at)sまでは、"
            "1回間違えるとワンタイムパスワードは使えなくなります。"
            "メールの6桁の数字を確かめて入力してください。"
        ) % {
            "max_failures": settings.AUTH_KEY_MAX_FAILURES,
            "lifts_at": when(allowance.limit_lifts_at),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "address": self.user.email,
            "office": hooks.contact_office(),
        }

    def post(self, request, *args, **kwargs):
        if "resend" in request.POST:
            before = login_codes.latest_code(self.user)
            send_code(request, self.user, resend=True)
            if login_codes.latest_code(self.user) != before:
                messages.success(request, _("新しいワンタイムパスワードを送信しました。"))
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        check = login_codes.check_code(
            self.user, form.cleaned_data["login_code"], client=throttle.client_address(self.request)
        )
        if check.outcome is not KeyOutcome.OK:
            form.add_key_error(check)
            return self.form_invalid(form)
        login_codes.end_pending_login(self.request.session)
        auth_login(self.request, self.user, backend=self.pending.backend)
        response = HttpResponseRedirect(self.pending.next_url)
        if form.cleaned_data["trust_browser"]:
            browsers.trust_browser(self.request, response, self.user)
        return response
