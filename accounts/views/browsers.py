"""「信頼済みのブラウザ」: the browsers that skip the login code, and removing them
(accounts.browsers)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .. import browsers


@method_decorator(never_cache, name="dispatch")
class TrustedBrowsersView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/browsers.html"

    def get_context_data(self, **kwargs):
        here = browsers.browser_here(self.request, self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "browsers": browsers.current_browsers(self.request.user),
            "here": here,
        }

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("remove", "")
        if "remove_all" in request.POST and browsers.forget_browsers(request.user):
            messages.success(request, _("信頼済みのブラウザをすべて解除しました。"))
        elif pk.isdigit() and browsers.forget_browsers(request.user, int(pk)):
            messages.success(request, _("信頼済みのブラウザを解除しました。"))
        return redirect("accounts:browsers")
