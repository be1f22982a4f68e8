"""Signup (mail → 認証キー → password), login, logout and password reset pages."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from hellowork.language import KeepsTypedInputMixin, save_wizard_input
from jobseeker.models import Application

from . import lifecycle, mail, password_attempts, services, throttle, tracking
from .forms import (
    AccountDeletionForm,
    AccountPasswordForm,
    CounterAccountForm,
    EmailChangeConfirmForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignupForm,
    StaffPasswordChangeForm,
    key_allowance_notice,
    when,
)
from .models import UNDELIVERED_STATUSES, SentMail

SIGNUP_ADDRESS = "signup_address"
CHANGE_ADDRESS = "change_address"
# {"id", "number"} of the counter-made application that 求職番号 and 生年月日 matched; the
# session is stored server-side, so the id cannot be swapped by the browser.
COUNTER_APPLICATION = "counter_application"
# When the limit on wrong passwords that logged this browser out opens (ISO 8601).
LOCKED_OUT_UNTIL = "locked_out_until"
UNSENT_STATUSES = (SentMail.Status.PENDING, SentMail.Status.FAILED, SentMail.Status.CANCELLED)


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _send_key(request, form, email: str, session_key: str = SIGNUP_ADDRESS) -> bool:
    """Asks for a key for `email`; on refusal puts the reason on `form` (or in messages).

    A signup key, or with session_key=CHANGE_ADDRESS one to move the logged-in account there.
    The mail is queued: whether it has gone is for the key page to tell (key_mail_notice).
    """
    client, site_url = throttle.client_address(request), _site_url(request)
    if session_key == CHANGE_ADDRESS:
        result = services.request_address_change(
            user=request.user, email=email, client=client, site_url=site_url
        )
    else:
        result = services.request_auth_key(email=email, client=client, site_url=site_url)
    if result.sent:
        request.session[session_key] = email
        return True
    error = _(
        "認証キーの送信が短時間に続いたため、一時的に送信を停止しています。"
        "約%(minutes)d分後にもう一度お試しください。"
    ) % {"minutes": result.retry_minutes}
    if form is None:
        messages.error(request, error)
    else:
        form.add_error(None, error)
    return False


def _key_mail_notice(address: str | None, tags: tuple[str, ...]) -> dict | None:
    """What the key page says of the mail it waits for, unless it has simply gone."""
    key_mail = address and tracking.latest_key_mail(address, tags)
    if not key_mail:
        return None
    if key_mail.status == SentMail.Status.PENDING:
        if key_mail.next_attempt_at is None:
            return {"template": "accounts/key_mail/pending.html"}
        return {
            "template": "accounts/key_mail/retrying.html",
            "next_attempt": when(key_mail.next_attempt_at),
        }
    if key_mail.status == SentMail.Status.FAILED:
        return {"template": "accounts/key_mail/failed.html"}
    if key_mail.status in UNDELIVERED_STATUSES:
        return {"template": "accounts/key_mail/undelivered.html"}
    return None


def _key_mail_has_gone(address: str, tags: tuple[str, ...]) -> bool:
    """Whether the key mail just asked for has been handed to the provider; until then the key
    page's notice says where it is (_key_mail_notice), and 「送信しました」 would not be true."""
    key_mail = tracking.latest_key_mail(address, tags)
    return key_mail is not None and key_mail.status not in UNSENT_STATUSES


def _after_linking(request, linked_number: str | None, number: str):
    """To the マイページ, saying whether the account now holds the application of `number`."""
    if linked_number:
        messages.success(
            request,
            _("求職者マイページを、求職番号 %(number)s と結び付けました。") % {"number": number},
        )
    else:
        messages.error(
            request,
            _(
                "求職番号 %(number)s は、ほかのアカウントと結び付けられているため、"
                "このアカウントとは結び付けられませんでした。お手数ですが、求職番号をお持ちのうえ、"
                "ハローワークの窓口でお問い合わせください。"
            )
            % {"number": number},
        )
    return redirect("jobseeker:mypage")


def _past_signup(user):
    """Where a logged-in user who comes back to a signup page belongs: its next step."""
    if Application.objects.filter(user=user).exists():
        return redirect("jobseeker:mypage")
    return redirect("accounts:signup_done")


class CounterLinkMixin:
    """A signup page that says which 求職番号 the new account will be linked to, if any."""

    @property
    def counter_link(self) -> dict | None:
        return self.request.session.get(COUNTER_APPLICATION)


class CounterAccountView(KeepsTypedInputMixin, FormView):
    """求職者マイページ開設（アカウント登録手続きの方）: 求職番号 and 生年月日, then the signup."""

    template_name = "accounts/counter_account.html"
    form_class = CounterAccountForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and Application.objects.filter(user=user).exists():
            return redirect("jobseeker:mypage")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        match = services.match_counter_application(
            number=form.cleaned_data["number"],
            birth_date=form.cleaned_data["birth_date"],
            client=throttle.client_address(self.request),
        )
        if match.application_id is None:
            form.add_match_error(match)
            return self.form_invalid(form)
        if self.request.user.is_authenticated:
            # An account opened in another browser (the mail's link) is linked from here.
            linked = services.link_counter_application(self.request.user, match.application_id)
            return _after_linking(self.request, linked, match.number)
        self.request.session[COUNTER_APPLICATION] = {
            "id": match.application_id,
            "number": match.number,
        }
        return redirect("accounts:signup")


@require_POST
def cancel_counter_link(request):
    """Back to a signup without a 求職番号, e.g. on a shared phone."""
    if request.session.pop(COUNTER_APPLICATION, None):
        messages.success(request, _("求職番号との結び付けを取り消しました。"))
    return redirect("accounts:start")


class SignupView(KeepsTypedInputMixin, CounterLinkMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return _past_signup(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # Back from the key page to correct the address: it is there to be corrected.
        return {"email": self.request.session.get(SIGNUP_ADDRESS, "")}

    def form_valid(self, form):
        if _send_key(self.request, form, form.cleaned_data["email"]):
            return redirect("accounts:signup_password")
        return self.form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class SignupPasswordView(KeepsTypedInputMixin, CounterLinkMixin, FormView):
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
            return _past_signup(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email": self.address}

    def key_allowance_notice(self) -> str | None:
        """Fewer wrong tries than usual are left for this address's key (SPEC "Rules")."""
        return self.address and key_allowance_notice(services.key_allowance(self.address))

    def key_mail_notice(self) -> dict | None:
        return _key_mail_notice(self.address, mail.SIGNUP_KEY_TAGS)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        form_is_valid = form.is_valid()
        key = form.cleaned_data.get("auth_key")
        counter_link = self.counter_link
        if key and form.address:
            check = services.open_account(
                email=form.address,
                key=key,
                password=form.cleaned_data["password1"] if form_is_valid else None,
                client=throttle.client_address(request),
                counter_application=counter_link and counter_link["id"],
            )
            if check.user:
                login(request, check.user, backend="django.contrib.auth.backends.ModelBackend")
                request.session.pop(SIGNUP_ADDRESS, None)
                request.session.pop(COUNTER_APPLICATION, None)
                if counter_link:
                    return _after_linking(request, check.linked_number, counter_link["number"])
                return redirect("accounts:signup_done")
            form.add_key_error(check)
        return self.form_invalid(form)


@require_POST
def resend_auth_key(request):
    """A new key for the address already given, without typing it again."""
    address = request.session.get(SIGNUP_ADDRESS)
    if not address:
        return redirect("accounts:signup")
    if _send_key(request, None, address) and _key_mail_has_gone(address, mail.SIGNUP_KEY_TAGS):
        messages.success(
            request,
            _("新しい認証キーを送信しました。最新のメールの認証キーを入力してください。"),
        )
    return redirect("accounts:signup_password")


class SignupDoneView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/signup_done.html"


class LoginView(KeepsTypedInputMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def locked_out_notice(self) -> str | None:
        """Why this browser was logged out (CurrentPasswordPageMixin), while it still holds."""
        until = self.request.session.get(LOCKED_OUT_UNTIL)
        left = until and datetime.fromisoformat(until) - timezone.now()
        if not left or left <= timedelta(0):
            self.request.session.pop(LOCKED_OUT_UNTIL, None)
            return None
        return _(
            "現在のパスワードの入力を続けて間違えたため、安全のためログアウトしました。"
            "約%(minutes)d分後に、もう一度ログインしてください。"
            "パスワードを忘れた場合は、「パスワードを忘れた方」から再設定すると、"
            "すぐにログインできます。"
        ) % {"minutes": throttle.Limited(left).minutes}


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # ログアウト on a wizard step posts the step's form (?from= its page): what was typed on
        # the step is kept in the draft, as a tab would keep it, before the session ends.
        save_wizard_input(request, request.GET.get("from", ""))
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("ログアウトしました。"))
        return response


class PasswordResetView(KeepsTypedInputMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        limited = services.request_password_reset(
            email=form.cleaned_data["email"],
            client=throttle.client_address(self.request),
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        if limited:
            form.add_error(
                None,
                _(
                    "再設定のお申込みが短時間に続いたため、一時的に受け付けを停止しています。"
                    "約%(minutes)d分後にもう一度お試しください。"
                )
                % {"minutes": limited.minutes},
            )
            return self.form_invalid(form)
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        # The mailbox's owner set it: the wrong passwords typed for the old one go.
        password_attempts.forget_failures(form.user.email)
        self.request.session.pop(LOCKED_OUT_UNTIL, None)
        return super().form_valid(form)


class CurrentPasswordPageMixin:
    """A page whose form asks for the current password (forms.CurrentPasswordMixin).

    When the form's wrong password uses up the limit, the session ends: whoever holds it cannot
    go on guessing, and the person is told what happened and when to log in again.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client": throttle.client_address(self.request)}

    def form_invalid(self, form):
        if not form.locked_out:
            return super().form_invalid(form)
        logout(self.request)
        # In the new session, so that the login page says it in whichever language it is
        # shown, for as long as the limit lasts (LoginView.locked_out_notice).
        until = timezone.now() + form.locked_out.retry_after
        self.request.session[LOCKED_OUT_UNTIL] = until.isoformat()
        return redirect("accounts:login")


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(CurrentPasswordPageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("jobseeker:mypage")

    def form_valid(self, form):
        messages.success(self.request, _("パスワードを変更しました。"))
        return super().form_valid(form)


class EmailChangeView(LoginRequiredMixin, CurrentPasswordPageMixin, KeepsTypedInputMixin, FormView):
    template_name = "accounts/email_change.html"
    form_class = EmailChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"email": self.request.session.get(CHANGE_ADDRESS, "")}

    def form_valid(self, form):
        if _send_key(self.request, form, form.cleaned_data["email"], CHANGE_ADDRESS):
            return redirect("accounts:email_change_confirm")
        return self.form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class EmailChangeConfirmView(LoginRequiredMixin, KeepsTypedInputMixin, FormView):
    template_name = "accounts/email_change_confirm.html"
    form_class = EmailChangeConfirmForm

    def dispatch(self, request, *args, **kwargs):
        self.address = request.session.get(CHANGE_ADDRESS)
        if request.user.is_authenticated and not self.address:
            return redirect("accounts:email_change")
        return super().dispatch(request, *args, **kwargs)

    def key_allowance_notice(self) -> str | None:
        allowance = services.key_allowance(self.address, user=self.request.user)
        return key_allowance_notice(allowance)

    def key_mail_notice(self) -> dict | None:
        return _key_mail_notice(self.address, mail.ADDRESS_CHANGE_KEY_TAGS)

    def post(self, request, *args, **kwargs):
        if "resend" in request.POST:
            resent = _send_key(request, None, self.address, CHANGE_ADDRESS)
            if resent and _key_mail_has_gone(self.address, mail.ADDRESS_CHANGE_KEY_TAGS):
                messages.success(request, _("新しい認証キーを送信しました。"))
            return redirect("accounts:email_change_confirm")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        old_address = self.request.user.email
        check = services.change_address(
            user=self.request.user,
            email=self.address,
            key=form.cleaned_data["auth_key"],
            client=throttle.client_address(self.request),
        )
        if not check.user:
            form.add_key_error(check)
            return self.form_invalid(form)
        self.request.session.pop(CHANGE_ADDRESS, None)
        mail.send_address_changed_notice(old_address, self.address, self.request.user)
        messages.success(
            self.request,
            _(
                "メールアドレスを変更しました。次回からは新しいメールアドレスでログインしてください。"
            ),
        )
        return redirect("jobseeker:mypage")


@method_decorator(never_cache, name="dispatch")
class AccountDeletionView(LoginRequiredMixin, CurrentPasswordPageMixin, FormView):
    """アカウントを削除する: what goes and what stays, then the password; see accounts.lifecycle."""

    template_name = "accounts/account_delete.html"
    form_class = AccountDeletionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=lifecycle.deletion_plan(self.request.user), **kwargs)

    def form_valid(self, form):
        if not lifecycle.delete_account(self.request.user):
            return self.form_invalid(form)  # accepted at the counter meanwhile: the page says so
        logout(self.request)
        return redirect("accounts:delete_done")


class StaffPasswordChangeView(CurrentPasswordPageMixin, auth_views.PasswordChangeView):
    """The admin's 「パスワードの変更」 (accounts.admin_site)."""

    form_class = StaffPasswordChangeForm

    def form_invalid(self, form):
        if not form.locked_out:
            return super().form_invalid(form)
        logout(self.request)
        # The admin's login shows messages; staff have no reset page, and no English.
        messages.error(
            self.request,
            _(
                "現在のパスワードの入力を続けて間違えたため、安全のためログアウトしました。"
                "約%(minutes)d分後に、もう一度ログインしてください。"
                "パスワードを忘れた場合は、システム管理者にお問い合わせください。"
            )
            % {"minutes": form.locked_out.minutes},
        )
        return redirect("admin:login")


mynumber_info = TemplateView.as_view(template_name="accounts/mynumber.html")
start = TemplateView.as_view(template_name="accounts/start.html")
password_reset_sent = TemplateView.as_view(template_name="accounts/password_reset_sent.html")
password_reset_complete = login_required(
    TemplateView.as_view(template_name="accounts/password_reset_complete.html")
)
account_deleted = TemplateView.as_view(template_name="accounts/account_deleted.html")
