"""登録内容の確認 (#17 items 1 and 3), the wizard's last page: what the steps hold, before it
is sent (この内容で申し込む), saved as a correction (この内容で変更する) or renewed
(この内容で有効期限を延長する). Its 変更 links open a step that returns here (RETURN_TO,
carried in the URL and the step's form, so it works without JavaScript).

A mixin of ApplicationWizard: the page reads the same draft and step states as the steps.
"""

import hashlib
import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import confirmation, services
from ..models import Application

CONFIRM = "confirm"
# The parameter that makes a step's 次へ進む (and 変更内容を確認する) return to the 確認 page,
# and to which of its modes: "confirm" (sending or correcting) or "renew".
RETURN_TO = "return_to"
RETURN_MODES = ("confirm", "renew")
# What the page's main button does.
SEND_APPLY, SEND_CORRECT, SEND_RENEW = "apply", "correct", "renew"


def confirm_url(renew: bool = False) -> str:
    url = reverse("jobseeker:apply_step", kwargs={"step": CONFIRM})
    return f"{url}?renew=1" if renew else url


class ConfirmPage:
    """The 確認 page's GET and POST, for ApplicationWizard (storage, states, step_form)."""

    def return_to(self) -> str:
        query = self.request.POST if self.request.method == "POST" else self.request.GET
        value = query.get(RETURN_TO, "")
        return value if value in RETURN_MODES else ""

    def step_url(self, step: str, mode: str | None = None) -> str:
        """The step's URL, still returning to the 確認 page (in `mode`, by default the one it
        was opened from, if any)."""
        url = self.get_step_url(step)
        mode = self.return_to() if mode is None else mode
        return f"{url}?{RETURN_TO}={mode}" if mode else url

    def back_to_confirm(self, mode: str | None = None):
        mode = self.return_to() if mode is None else mode
        return redirect(confirm_url(renew=mode == "renew"))

    def answers_version(self) -> str:
        """The draft's input as the page showed it: what is sent must be what was read."""
        text = json.dumps(self.storage.data.get(self.storage.step_data_key), sort_keys=True)
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def registered(self) -> Application | None:
        return (
            Application.objects.filter(user=self.request.user, number__isnull=False)
            .prefetch_related("qualifications", "work_histories")
            .first()
        )

    def confirm_get(self):
        renew = "renew" in self.request.GET
        registered = self.registered() if self.storage.has_application else None
        if renew and registered is None:
            return redirect("jobseeker:mypage")
        # Before the first submission, the steps not done yet open in order; but when every
        # other step is done (this one broken since, in another tab), and once registered, the
        # step with an error opens saying so and returns here once fixed (valid_answers).
        incomplete = [s for s in self.get_form_list() if not self.states.is_complete(s)]
        broken_since = len(incomplete) == 1 and self.storage.get_step_data(incomplete[0])
        if registered is None and incomplete and not broken_since:
            return redirect(self.get_step_url(incomplete[0]))
        answers = self.valid_answers(return_to="renew" if renew else "confirm")
        if not isinstance(answers, dict):
            return answers
        mode = SEND_RENEW if renew else SEND_CORRECT if registered else SEND_APPLY
        context = {
            "mode": mode,
            "tabs": self.states.tabs(CONFIRM),
            "answers_version": self.answers_version(),
            "return_to": "renew" if renew else "confirm",
        }
        if registered is not None:
            context["changes"] = confirmation.changes(registered, answers)
        if mode != SEND_CORRECT:
            context["answers"] = confirmation.answers(answers)
        if renew:
            context["valid_until"] = registered.valid_until
            context["renewed_until"] = services.valid_until(timezone.localdate())
        return render(self.request, "jobseeker/confirm.html", context)

    def confirm_post(self):
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            return redirect(self.step_url(goto))
        send = self.request.POST.get("send")
        registered = self.storage.has_application
        if send == SEND_APPLY and registered:
            # A second press, or another tab, after the application was sent: it has its number.
            return redirect("jobseeker:mypage")
        # The page's own mode, for what it opens next: the renewal's, or sending and correcting's.
        mode = "renew" if send == SEND_RENEW else "confirm"
        if send not in (SEND_APPLY, SEND_CORRECT, SEND_RENEW) or (send != SEND_APPLY) != registered:
            return self.back_to_confirm(mode)
        if self.request.POST.get("answers_version") != self.answers_version():
            if send != SEND_APPLY and not self.holds_changes():
                # Pressed again after it was saved: what is registered is what was confirmed.
                return redirect("jobseeker:mypage")
            messages.warning(
                self.request,
                _("確認している間に入力内容が変わりました。もう一度確認してください。"),
            )
            return self.back_to_confirm(mode)
        if send == SEND_RENEW:
            return self.renew()
        return self.submit()

    def holds_changes(self) -> bool:
        return any(self.states.holds_unsaved_change(step) for step in self.get_form_list())

    def renew(self):
        answers = self.valid_answers(return_to="renew")
        if not isinstance(answers, dict):
            return answers
        application, renewed = services.renew_online(
            self.request.user,
            answers,
            site_url=self.request.build_absolute_uri("/").rstrip("/"),
            draft_as_read=self.storage.steps_as_read(),
        )
        self.storage.write_nothing()
        if renewed:
            day = _("%(year)d年%(month)d月%(day)d日") % {
                "year": application.valid_until.year,
                "month": application.valid_until.month,
                "day": application.valid_until.day,
            }
            messages.success(self.request, _("有効期限を%(day)sまで延長しました。") % {"day": day})
        else:
            messages.info(self.request, _("有効期限は、すでに延長できる最後の日までです。"))
        return redirect("jobseeker:mypage")
