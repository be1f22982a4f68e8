"""The page where a person confirms the mail address change the counter started for them
(accounts.counter_address): no login, as their old mailbox, where the login code goes, is gone."""

from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from hellowork.language import KeepsTypedInputMixin

from .. import counter_address, hooks, mail, throttle
from ..forms.counter_address import CounterAddressConfirmForm

# The address just confirmed, for the done page to name.
CONFIRMED_ADDRESS = "counter_address_confirmed"


@method_decorator([never_cache, sensitive_post_parameters("auth_key")], name="dispatch")
class CounterAddressConfirmView(KeepsTypedInputMixin, FormView):
    template_name = "accounts/counter_address_confirm.html"
    form_class = CounterAddressConfirmForm

    def get_context_data(self, **kwargs):
        # Whom to ask for a new key: the page cannot send one.
        return {**super().get_context_data(**kwargs), "office": hooks.contact_office()}

    def get_initial(self):
        token = self.request.GET.get("address", "")
        return {"email": token and mail.address_from_link(token, counter=True)}

    def form_valid(self, form):
        try:
            check = counter_address.confirm_counter_address_change(
                email=form.cleaned_data["email"],
                key=form.cleaned_data["auth_key"],
                client=throttle.client_address(self.request),
            )
        except counter_address.AddressTaken:
            form.add_taken_error()
            return self.form_invalid(form)
        if not check.user:
            form.add_key_error(check)
            return self.form_invalid(form)
        self.request.session[CONFIRMED_ADDRESS] = check.user.email
        return redirect("accounts:counter_address_done")


class CounterAddressDoneView(TemplateView):
    template_name = "accounts/counter_address_done.html"

    def get_context_data(self, **kwargs):
        address = self.request.session.get(CONFIRMED_ADDRESS)
        return {**super().get_context_data(**kwargs), "address": address}
