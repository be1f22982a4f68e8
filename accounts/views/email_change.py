"""Mail address change: the new address and the current password, then the 認証キー mailed to
the new address."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from hellowork.language import KeepsTypedInputMixin

from .. import mail, services, throttle
from ..forms.email_change import EmailChangeConfirmForm, EmailChangeForm
from ..forms.keys import key_allowance_notice
from .key_mail import CHANGE_ADDRESS, key_mail_has_gone, key_mail_notice, send_key
from .password import CurrentPasswordPageMixin


class EmailChangeView(LoginRequiredMixin, CurrentPasswordPageMixin, KeepsTypedInputMixin, FormView):
    template_name = "accounts/email_change.html"
    form_class = EmailChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"email": self.request.session.get(CHANGE_ADDRESS, "")}

    def form_valid(self, form):
        if send_key(self.request, form, form.cleaned_data["email"], CHANGE_ADDRESS):
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
        return key_mail_notice(self.address, mail.ADDRESS_CHANGE_KEY_TAGS)

    def post(self, request, *args, **kwargs):
        if "resend" in request.POST:
            resent = send_key(request, None, self.address, CHANGE_ADDRESS)
            if resent and key_mail_has_gone(self.address, mail.ADDRESS_CHANGE_KEY_TAGS):
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
