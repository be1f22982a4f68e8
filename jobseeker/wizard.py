"""The seven-step 求職申込み: a formtools NamedUrlWizardView that never loses what was typed.

The flyer's warnings (input erased after three presses of 次へ進む, by the back button, by the
tabs) come from a wizard that only keeps valid input in a session. This one:

- keeps every step's raw input, valid or not, in an ApplicationDraft row of the account
  (DraftStorage), so reload, back, logout, an expired session or another device lose nothing;
- redirects after every POST, so the back button and reload never resubmit or show stale pages;
- saves the current step before following a tab or 戻る (formtools' own goto-step discards it,
  formtools issue #284).
"""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from formtools.wizard.forms import ManagementForm
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from . import services
from .drafts import draft_from_application
from .forms import STEPS
from .models import Application, ApplicationDraft
from .postal import lookup_address

STEP_TEMPLATES = {
    "basic": "jobseeker/steps/basic.html",
    "education": "jobseeker/steps/education.html",
    "career": "jobseeker/steps/career.html",
}


class DraftStorage(BaseStorage):
    """formtools storage in the account's ApplicationDraft instead of the session.

    Only the steps written in this request are merged into the stored row (under a row lock),
    so two tabs editing different steps never overwrite each other.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, _ = ApplicationDraft.objects.get_or_create(user=self.request.user)
        application = Application.objects.filter(
            user=self.request.user, number__isnull=False
        ).first()
        changed_at = application and application.answers_changed_at
        if application and (
            not self.draft.data or (changed_at and changed_at > self.draft.updated_at)
        ):
            # Typed in or changed at the counter since: start from what is registered.
            self.draft.data = draft_from_application(application)
            self.draft.save(update_fields=["data", "updated_at"])
        self.data = self.draft.data or {}
        if not self.data:
            self.init_data()
        self._written_steps: set[str] = set()
        self._newly_checked: set[str] = set()
        self._loaded_step = self.data.get(self.step_key)

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        self._written_steps.add(step)

    def is_checked(self, step: str) -> bool:
        """Whether 次へ進む (or 完了) was pressed on `step`: only then are its errors shown."""
        return step in self.extra_data.get("checked", [])

    def mark_checked(self, step: str) -> None:
        if not self.is_checked(step):
            self.extra_data.setdefault("checked", []).append(step)
            self._newly_checked.add(step)

    def update_response(self, response):
        super().update_response(response)
        if (
            not (self._written_steps or self._newly_checked)
            and self.current_step == self._loaded_step
        ):
            return
        with transaction.atomic():
            draft = ApplicationDraft.objects.select_for_update().get(pk=self.draft.pk)
            stored = draft.data or json.loads(json.dumps(self.data))
            stored.setdefault(self.step_data_key, {})
            for step in self._written_steps:
                stored[self.step_data_key][step] = self.data[self.step_data_key][step]
            stored[self.step_key] = self.current_step
            extra = stored.setdefault(self.extra_data_key, {})
            extra["checked"] = sorted(set(extra.get("checked", [])) | self._newly_checked)
            draft.data = stored
            draft.save(update_fields=["data", "updated_at"])


@method_decorator(never_cache, name="dispatch")
class ApplicationWizard(LoginRequiredMixin, NamedUrlWizardView):
    form_list = list(STEPS.items())
    storage_name = "jobseeker.wizard.DraftStorage"
    template_name = "jobseeker/wizard_step.html"

    # -- which steps may be shown -------------------------------------------------------------

    def step_form(self, step):
        return self.get_form(step=step, data=self.storage.get_step_data(step))

    def step_is_complete(self, step) -> bool:
        """Whether `step` has saved input that passes its checks (cached for this request)."""
        cache = self.__dict__.setdefault("_complete_steps", {})
        if step not in cache:
            cache[step] = (
                self.storage.get_step_data(step) is not None and self.step_form(step).is_valid()
            )
        return cache[step]

    def first_incomplete_step(self) -> str | None:
        return next((s for s in self.get_form_list() if not self.step_is_complete(s)), None)

    def reachable(self, step: str) -> bool:
        """A step can be opened once every step before it is complete."""
        steps = list(self.get_form_list())
        return all(self.step_is_complete(s) for s in steps[: steps.index(step)])

    def step_state(self, step: str) -> str:
        """done 入力済み, notice 確認待ち (only the 未入力 notice), error エラー (after 次へ進む),
        draft 入力中 (typed, never checked) or empty 未入力."""
        if self.step_is_complete(step):
            return "done"
        if self.storage.get_step_data(step) is None:
            return "empty"
        if not self.storage.is_checked(step):
            return "draft"
        form = self.step_form(step)
        return "notice" if not form.errors and form.unconfirmed_empty_labels else "error"

    def step_tabs(self) -> list[dict]:
        """Each step's tab: 未入力 (nothing saved), 入力済み (complete) or エラー."""
        tabs = []
        for number, step in enumerate(self.get_form_list(), start=1):
            state = self.step_state(step)
            tabs.append(
                {
                    "step": step,
                    "number": number,
                    "title": STEPS[step].title,
                    "state": state,
                    "reachable": self.reachable(step),
                    "current": step == self.steps.current,
                }
            )
        return tabs

    # -- GET ----------------------------------------------------------------------------------

    def get(self, request, *args, step=None, **kwargs):
        if step == self.done_step_name or step not in self.get_form_list():
            if step == self.done_step_name and self.submitted_application():
                return redirect("jobseeker:mypage")
            return redirect(self.get_step_url(self.first_incomplete_step() or self.steps.last))
        if not self.reachable(step):
            return redirect(self.get_step_url(self.first_incomplete_step()))
        self.storage.current_step = step
        form = self.step_form(step)
        # Opening a step (by tab, 戻る or 住所検索) shows what was typed without red errors;
        # they appear once 次へ進む was pressed there.
        form.quiet = not self.storage.is_checked(step)
        return self.render(form)

    # -- POST: always keep the input, then redirect ---------------------------------------------

    def post(self, *args, **kwargs):
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid():
            raise SuspiciousOperation("ManagementForm data is missing or has been tampered.")
        step = management.cleaned_data["current_step"]
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.first))
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.request.POST)
        self.storage.set_step_data(step, self.get_form_step_data(form))

        if "address_lookup" in self.request.POST:
            return self.fill_address(step, form)
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            return redirect(self.get_step_url(goto))
        self.storage.mark_checked(step)
        if not form.is_valid():
            return redirect(self.get_step_url(step))
        if "save_changes" in self.request.POST or step == self.steps.last:
            return self.submit()
        return redirect(self.get_step_url(self.get_next_step(step)))

    def get_form_step_data(self, form):
        """Only this step's own fields, as typed; never the CSRF token or management data."""
        prefix = f"{form.prefix}-"
        # PostgreSQL's jsonb cannot hold NUL, which no keyboard types: it is dropped.
        return {
            key: [value.replace("\x00", "") for value in form.data.getlist(key)]
            for key in form.data
            if key.startswith(prefix)
        }

    def fill_address(self, step, form):
        key = form.add_prefix("postal_code")
        address = lookup_address(self.request.POST.get(key, ""))
        if address is None:
            messages.error(
                self.request,
                _("郵便番号に当てはまる住所が見つかりませんでした。郵便番号を確認してください。"),
            )
        else:
            data = self.storage.get_step_data(step)
            # A code that spans several places fills only the parts they share.
            if address.prefecture:
                data.setlist(form.add_prefix("prefecture"), [address.prefecture])
            if address.city:
                data.setlist(form.add_prefix("city"), [address.city + address.town])
            self.storage.set_step_data(step, data)
            messages.success(
                self.request,
                _("住所を入力しました。番地と建物名・部屋番号を続けて入力してください。"),
            )
        return redirect(f"{self.get_step_url(step)}#id_basic-street")

    def submit(self):
        forms = {step: self.step_form(step) for step in self.get_form_list()}
        for step, form in forms.items():
            if not form.is_valid():
                messages.error(self.request, _("入力内容を確認してください。"))
                return redirect(self.get_step_url(step))
        already_submitted = self.submitted_application() is not None
        answers = {step: form.cleaned_data for step, form in forms.items()}
        for step in forms:
            self.storage.mark_checked(step)
        services.submit_application(
            self.request.user, answers, site_url=self.request.build_absolute_uri("/").rstrip("/")
        )
        if already_submitted:
            messages.success(self.request, _("登録内容を変更しました。求職番号は変わりません。"))
        else:
            messages.success(
                self.request,
                _(
                    "求職申込みが完了しました。求職番号をメモしておいてください"
                    "（このページでいつでも確認できます）。"
                ),
            )
        return redirect("jobseeker:mypage")

    # -- rendering ------------------------------------------------------------------------------

    def submitted_application(self) -> Application | None:
        return Application.objects.filter(user=self.request.user, number__isnull=False).first()

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "career":
            basic = self.get_form(step="basic", data=self.storage.get_step_data("basic"))
            if basic.is_bound and basic.is_valid():
                kwargs["birth_date"] = basic.cleaned_data["birth_date"]
        return kwargs

    def get_form_initial(self, step):
        if step == "basic":
            return {"email": self.request.user.email}
        return super().get_form_initial(step)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list())
        index = steps.index(self.steps.current)
        context.update(
            tabs=self.step_tabs(),
            step_number=index + 1,
            previous_step=steps[index - 1] if index else None,
            is_last_step=index == len(steps) - 1,
            step_template=STEP_TEMPLATES.get(self.steps.current, "jobseeker/steps/fields.html"),
            submitted=self.submitted_application() is not None,
        )
        return context
