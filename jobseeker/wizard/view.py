"""The 求職申込み's view: which button was pressed on a step, and where it leads."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView

from accounts.views.login import log_out
from hellowork.language import offered, set_language_cookie

from .. import services
from ..forms import STEPS
from ..models import Application
from ..postal import lookup_address, lookup_message
from . import unsent
from .confirm import CONFIRM, RETURN_MODES, RETURN_TO, ConfirmPage, confirm_url
from .states import StepStates, page_texts

# The answer of a 住所検索 made without JavaScript, for the reloaded page: {"text", "kind"}.
ADDRESS_LOOKUP = "address_lookup"
STEP_TEMPLATES = {
    "basic": "jobseeker/steps/basic.html",
    "education": "jobseeker/steps/education.html",
    "career": "jobseeker/steps/career.html",
}


@method_decorator(never_cache, name="dispatch")
class ApplicationWizard(ConfirmPage, LoginRequiredMixin, NamedUrlWizardView):
    """A formtools NamedUrlWizardView that never loses what was typed.

    The flyer's warnings (input erased after three presses of 次へ進む, by the back button, by
    the tabs) come from a wizard that only keeps valid input in a session. Every POST here
    first keeps the step's raw input, valid or not, in the account's draft (DraftStorage),
    then redirects: to the next step, to the same one (which then shows its errors), to a tab
    (formtools' own goto-step discards the step, formtools issue #284), or out of the wizard
    (the header's language switch and ログアウト). The back button and reload never resubmit.
    Nothing is registered from a step: the last step, and 変更内容を確認する when correcting,
    lead to 登録内容の確認 (confirm.py), whose button sends.
    """

    form_list = list(STEPS.items())
    storage_name = "jobseeker.wizard.storage.DraftStorage"
    template_name = "jobseeker/wizard_step.html"

    @cached_property
    def states(self) -> StepStates:
        return StepStates(self.storage, self.step_form)

    def step_form(self, step):
        return self.get_form(step=step, data=self.storage.get_step_data(step))

    def get_form_kwargs(self, step=None):
        return {**super().get_form_kwargs(step), **self.states.form_kwargs(step)}

    def get_form_initial(self, step):
        if step == "basic":
            return {"email": self.request.user.email}
        return super().get_form_initial(step)

    # -- GET ----------------------------------------------------------------------------------

    def get(self, request, *args, step=None, **kwargs):
        if (kept := unsent.take(request, self.storage.draft.updated_at.timestamp())) is not None:
            return self.restore_unsent(*kept)
        if step == self.done_step_name and self.submitted_application():
            return redirect("jobseeker:mypage")
        if step == CONFIRM:
            return self.confirm_get()
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.states.first_incomplete() or self.steps.last))
        if not self.states.reachable(step):
            return redirect(self.get_step_url(self.states.first_incomplete()))
        self.storage.current_step = step
        form = self.step_form(step)
        # A step shows red errors once 次へ進む was pressed there, however it is opened again
        # (tab, 戻る, 住所検索, reload, the language switch): before that, only what was typed.
        form.quiet = not self.storage.is_checked(step)
        if not form.quiet:
            # The page validates it anyway (to show its errors).
            self.states.record(step, form)
        return self.render(form)

    # -- POST: always keep the input, then redirect ---------------------------------------------

    def post(self, *args, step=None, **kwargs):
        if step == CONFIRM:
            return self.confirm_post()
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid():
            raise SuspiciousOperation("ManagementForm data is missing or has been tampered.")
        step = management.cleaned_data["current_step"]
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.first))
        if "autosave" in self.request.POST:
            return self.autosave(step)
        if "language" in self.request.POST or "logout" in self.request.POST:
            return self.leave(step)
        if not self.keep_input(step):
            return redirect(self.step_url(step))
        # Validated as stored: a value cut at its limit is checked (and shown) as it was kept.
        form = self.step_form(step)
        if "address_lookup" in self.request.POST:
            return self.fill_address(step, form)
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            return redirect(self.step_url(goto))
        if goto == CONFIRM:
            return self.back_to_confirm()
        self.storage.mark_checked(step)
        self.states.record(step, form)
        if not form.is_valid():
            return redirect(self.step_url(step))
        done = "save_changes" in self.request.POST or step == self.steps.last
        if done or self.return_to():
            return self.back_to_confirm()
        return redirect(self.step_url(self.get_next_step(step)))

    def keep_input(self, step, data=None) -> bool:
        """Saves the step's posted input (or `data`) into the draft, and says what of it was
        not kept: False when it was over the draft's limits (then nothing is kept)."""
        self.storage.set_step_data(step, self.request.POST if data is None else data)
        if self.storage.refused:
            messages.error(
                self.request,
                _(
                    "入力内容が大きすぎるため、保存できませんでした（前回保存した内容はそのまま"
                    "残っています）。長い文章は短くして、もう一度入力してください。"
                ),
            )
            return False
        self.storage.current_step = step
        for label, length in self.storage.shortened.items():
            text = _("「%(label)s」は長すぎたため、初めの%(length)d文字だけを保存しました。")
            messages.warning(self.request, text % {"label": label, "length": length})
        return True

    def autosave(self, step):
        """Keeps the step's input, as typed, when its page is left without a button: form.js
        beacons it when the back button, a reload or another app hides the page (never_cache
        pages get no form restoration). It is not 次へ進む: no red errors later because of it.
        A beacon reads no answer (204; 413 over the draft's limits, and nothing is kept). The
        outcomes the input changes are recorded now: no page of the wizard may follow, and
        the マイページ reads them (unsaved_corrections())."""
        self.storage.set_step_data(step, self.request.POST)
        if self.storage.refused:
            return HttpResponse(status=413)
        self.states.refresh()
        return HttpResponse(status=204)

    def leave(self, step):
        """The header's language switch or ログアウト, pressed on this step (they submit its
        form here): the input is kept as a tab keeps it, then the language changes or the
        session ends, as they do from any other page."""
        if "logout" in self.request.POST:
            self.keep_input(step)
            return log_out(self.request)
        language = self.request.POST["language"]
        if not offered(language):
            return HttpResponseBadRequest()
        # What the step says of the input it kept (or could not keep) is read on the next
        # page, in the new language.
        with translation.override(language):
            self.keep_input(step)
        # Switching is not pressing 次へ進む: the step comes back as a reload shows it, with
        # its errors (in the new language) only if it was checked before.
        response = redirect(self.step_url(step))
        set_language_cookie(response, language)
        return response

    def handle_no_permission(self):
        """The login ended (or was ended elsewhere) before the step was sent: its input waits
        in the session for the same account's next login (unsent.py), and the header's buttons
        still do what they say: the login page comes in the language chosen."""
        if "logout" in self.request.POST:
            return log_out(self.request)
        step = self.kwargs.get("step")
        kept = self.request.method == "POST" and step in STEPS and unsent.keep(self.request, step)
        # A beacon's answer is never read: its notice would come on some later page.
        if kept and "autosave" not in self.request.POST:
            messages.info(
                self.request,
                _(
                    "ログインの有効時間が終わっていました。もう一度ログインすると、"
                    "入力していた内容が戻ります。"
                ),
            )
        response = super().handle_no_permission()
        if offered(language := self.request.POST.get("language")):
            set_language_cookie(response, language)
        return response

    def restore_unsent(self, step, data):
        """The input sent after the login ended, kept in the draft now that its owner is back:
        the step opens with it, as it was before 次へ進む was pressed."""
        if step not in self.get_form_list() or not self.keep_input(step, data):
            return redirect(self.get_step_url(self.steps.first))
        messages.info(
            self.request,
            _("入力していた内容を戻しました。確認して、もう一度ボタンを押してください。"),
        )
        mode = data.get(RETURN_TO)
        return redirect(self.step_url(step, mode if mode in RETURN_MODES else ""))

    def fill_address(self, step, form):
        key = form.add_prefix("postal_code")
        address = lookup_address(form.data.get(key, ""))
        if address is not None and address.form_values():
            data = self.storage.get_step_data(step)
            # A code that spans several places fills only the parts they share.
            for name, value in address.form_values().items():
                data.setlist(form.add_prefix(name), [value])
            self.storage.set_step_data(step, data)
        message = lookup_message(address)
        # Shown once by the 住所検索 button, where the script shows it, and the page opens at the
        # field to look at next: the 郵便番号 itself when nothing was found.
        self.request.session[ADDRESS_LOOKUP] = {"text": str(message.text), "kind": message.kind}
        return redirect(f"{self.step_url(step)}#{form[message.focus].auto_id}")

    def valid_answers(self, return_to: str = "confirm"):
        """Every step's cleaned data, or the redirect to the first step with an error (whose
        tab and the マイページ's notice then say エラー), opened to return to the 確認 page in
        mode `return_to` once fixed."""
        forms = {step: self.step_form(step) for step in self.get_form_list()}
        for number, (step, form) in enumerate(forms.items(), start=1):
            if not form.is_valid():
                # Nothing is registered; the step to fix opens with its errors shown, and its
                # tab and the マイページ's notice say エラー.
                self.storage.mark_checked(step)
                self.states.record(step, form)
                if self.storage.has_application:
                    text = _(
                        "「%(number)s %(title)s」の入力内容を確認してください。"
                        "変更はまだ保存されていません。"
                    )
                else:
                    text = _("「%(number)s %(title)s」の入力内容を確認してください。")
                messages.error(self.request, text % {"number": number, "title": form.title})
                return redirect(self.step_url(step, return_to))
        return {step: form.cleaned_data for step, form in forms.items()}

    def submit(self):
        """この内容で申し込む or この内容で変更する, on the 確認 page."""
        answers = self.valid_answers(return_to="confirm")
        if not isinstance(answers, dict):
            return answers
        already_submitted = self.submitted_application() is not None
        services.submit_application(
            self.request.user,
            answers,
            site_url=self.request.build_absolute_uri("/").rstrip("/"),
            draft_as_read=self.storage.steps_as_read(),
        )
        # The draft is now what was registered (submit_application): nothing of it to write.
        self.storage.write_nothing()
        if already_submitted:
            text = _("登録内容を変更しました。求職番号は変わりません。")
        else:
            text = _(
                "求職申込みが完了しました。求職番号をメモしておいてください"
                "（このページでいつでも確認できます）。"
            )
        messages.success(self.request, text)
        return redirect("jobseeker:mypage")

    def submitted_application(self) -> Application | None:
        return Application.objects.filter(user=self.request.user, number__isnull=False).first()

    # -- rendering ------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list())
        index = steps.index(self.steps.current)
        context.update(
            page_texts(
                form,
                index + 1,
                len(steps),
                correcting=self.storage.has_application,
                returning=bool(self.return_to()),
            ),
            tabs=self.states.tabs(self.steps.current),
            step_number=index + 1,
            previous_step=steps[index - 1] if index else None,
            is_last_step=index == len(steps) - 1,
            step_template=STEP_TEMPLATES.get(self.steps.current, "jobseeker/steps/fields.html"),
            submitted=self.storage.has_application,
            return_to=self.return_to(),
            return_to_name=RETURN_TO,
            confirm_url=confirm_url(renew=self.return_to() == "renew"),
            owner_field=unsent.OWNER_FIELD,
            owner_token=unsent.owner_token(self.request.user),
        )
        if "postal_code" in form.fields and (lookup := self.request.session.pop(ADDRESS_LOOKUP, 0)):
            context["address_lookup"] = lookup
            code = form["postal_code"]
            described_by = " ".join(filter(None, [code.aria_describedby, "address-lookup-status"]))
            form.fields["postal_code"].widget.attrs["aria-describedby"] = described_by
        return context
