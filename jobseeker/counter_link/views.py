"""The page 求職者マイページ開設（アカウント登録手続きの方）, and where an account goes from the
signup pages (registered as accounts.hooks.signup_destination in jobseeker.apps)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from accounts import throttle
from accounts.views.signup import SIGNUP_LINK
from hellowork.language import KeepsTypedInputMixin

from ..models import Application
from . import services
from .forms import CounterAccountForm


class CounterAccountView(KeepsTypedInputMixin, FormView):
    """求職番号 and 生年月日, then the usual signup, which links the account to the application."""

    template_name = "jobseeker/counter_account.html"
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
            return _after_linking(self.request, linked is not None, match.number)
        # The signup links it as it opens the account (services.link_on_signup).
        self.request.session[SIGNUP_LINK] = {"id": match.application_id, "number": match.number}
        return redirect("accounts:signup")


@require_POST
def cancel(request):
    """Back to a signup without a 求職番号, e.g. on a shared phone."""
    if request.session.pop(SIGNUP_LINK, None):
        messages.success(request, _("求職番号との結び付けを取り消しました。"))
    return redirect("accounts:start")


def signup_destination(request, user, link: dict | None = None):
    """accounts.hooks.signup_destination: the マイページ once the account has an application
    (after linking one at signup, saying whether it worked); else None, the signup's own next
    step (登録完了, which leads to the 求職申込み)."""
    if link is not None:
        linked = Application.objects.filter(pk=link["id"], user=user).exists()
        return _after_linking(request, linked, link["number"])
    if Application.objects.filter(user=user).exists():
        return redirect("jobseeker:mypage")
    return None


def _after_linking(request, linked: bool, number: str):
    """To the マイページ, saying whether the account now holds the application of `number`."""
    if linked:
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
