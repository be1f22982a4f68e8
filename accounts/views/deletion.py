"""アカウントを削除する: what goes and what stays, then the current password; see
accounts.lifecycle."""

from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from .. import lifecycle
from ..forms.deletion import AccountDeletionForm
from .password import CurrentPasswordPageMixin


@method_decorator(never_cache, name="dispatch")
class AccountDeletionView(LoginRequiredMixin, CurrentPasswordPageMixin, FormView):
    template_name = "accounts/account_delete.html"
    form_class = AccountDeletionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        # What the apps above accounts say of the data they hold (e.g. jobseeker's
        # "application") is shown beside the plan.
        plan = lifecycle.deletion_plan(self.request.user)
        return super().get_context_data(plan=plan, **plan.page, **kwargs)

    def form_valid(self, form):
        if not lifecycle.delete_account(self.request.user):
            return self.form_invalid(form)  # accepted at the counter meanwhile: the page says so
        logout(self.request)
        return redirect("accounts:delete_done")


account_deleted = TemplateView.as_view(template_name="accounts/account_deleted.html")
