"""What the wizard says of each step: its tab's state, whether it can be opened, and what
validating its saved input gave; and, for the マイページ, the corrections not saved yet.

The tabs show all seven steps' states on every page. Each step's outcome is kept in the draft
under a key of everything it depends on, so a page validates only the steps whose key changed.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import date

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ..drafts import draft_from_application
from ..forms import STEPS
from ..models import ApplicationDraft
from .storage import DraftStorage

# The version of the rules that decide whether a step's input passes. A saved outcome holds
# only for the version it was computed with: bump this number in every change that can make
# some input pass, fail or read differently (a field's conversion or check in jobseeker/forms/,
# jobseeker/fields/ or accounts/fields.py, a choice added or removed in jobseeker/choices.py,
# a rule of a form's clean()). Each draft's outcomes are then computed again on its next page.
RULES_VERSION = 2

# Each tab shows its step's title in a phone's seventh of the width: at most three characters.
# The page's heading gives the full title.
TAB_TITLES = {
    "basic": pgettext_lazy("step tab", "基本"),
    "disclosure": pgettext_lazy("step tab", "提供先"),
    "preferences": pgettext_lazy("step tab", "職種"),
    "location": pgettext_lazy("step tab", "勤務地"),
    "education": pgettext_lazy("step tab", "学歴"),
    "career": pgettext_lazy("step tab", "経歴"),
    "pr": pgettext_lazy("step tab", "自己PR"),
}
# The last tab: 登録内容の確認 (confirm.py), a page of the wizard but no step.
CONFIRM_TAB = "confirm"

# The steps whose rules read 基本情報's saved input (see form_kwargs), and the fields of it
# 連絡手段 needs.
STEPS_READING_BASIC = ("disclosure", "career")
CONTACT_FIELDS = ("phone_fixed", "phone_mobile", "email")


class StepStates:
    """The states of the steps of one request, from the draft in `storage`.

    `bound_form(step)` is the step's form bound to its saved input, as the view builds it; the
    outcomes are kept for the request, so each form is validated at most once.
    """

    def __init__(self, storage: DraftStorage, bound_form: Callable[[str], forms.Form]):
        self.storage = storage
        self.bound_form = bound_form
        self.steps = list(STEPS)
        self._outcomes: dict[str, dict] = {}
        self._changes: dict[str, bool] = {}

    def input_key(self, step: str) -> str:
        """Everything the outcome of validating `step`'s saved input depends on, hashed.

        Its input, that of the steps its rules read (経歴's dates are checked against the birth
        date of 基本情報, 連絡手段 against its numbers), today's date (no future dates, ages) and
        the rules' version.
        """
        step_data = self.storage.data[self.storage.step_data_key]
        inputs = [step_data.get(step)]
        if step in STEPS_READING_BASIC:
            inputs.append(step_data.get("basic"))
        text = json.dumps([RULES_VERSION, timezone.localdate().isoformat(), inputs])
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def record(self, step: str, form: forms.Form) -> dict:
        """Keeps the outcome of validating `form` (bound to `step`'s saved input) in the draft:
        valid, notice (only the 未入力 notice) or error; for 基本情報, what other steps read."""
        if form.is_valid():
            outcome = {"result": "valid"}
            if step == "basic" and (birth_date := form.cleaned_data.get("birth_date")):
                outcome["birth_date"] = birth_date.isoformat()
            if step == "basic":
                # Which numbers 連絡手段 may use; not the numbers themselves.
                outcome["contacts"] = sorted(
                    name for name in CONTACT_FIELDS if form.cleaned_data.get(name)
                )
        elif not form.errors and form.unconfirmed_empty_labels:
            outcome = {"result": "notice"}
        else:
            outcome = {"result": "error"}
        outcome["key"] = self.input_key(step)
        self.storage.save_outcome(step, outcome)
        self._outcomes[step] = outcome
        return outcome

    def outcome(self, step: str) -> dict | None:
        """The outcome of validating `step`'s saved input (None: nothing saved)."""
        if step not in self._outcomes:
            if self.storage.get_step_data(step) is None:
                return None
            saved = self.storage.saved_outcome(step, self.input_key(step))
            self._outcomes[step] = saved or self.record(step, self.bound_form(step))
        return self._outcomes[step]

    def refresh(self) -> None:
        """Records the outcome of every step whose input (or what it reads) changed."""
        for step in self.steps:
            self.outcome(step)

    def form_kwargs(self, step: str) -> dict:
        """What `step`'s form reads of 基本情報, when 基本情報 passes: the birth date for
        経歴, the contact numbers given for 連絡手段."""
        if step not in STEPS_READING_BASIC:
            return {}
        basic = self.outcome("basic")
        if basic is None or basic["result"] != "valid":
            return {}
        if step == "career" and "birth_date" in basic:
            return {"birth_date": date.fromisoformat(basic["birth_date"])}
        if step == "disclosure" and "contacts" in basic:
            return {"contacts": set(basic["contacts"])}
        return {}

    def is_complete(self, step: str) -> bool:
        """Whether `step` has saved input that passes its checks."""
        outcome = self.outcome(step)
        return outcome is not None and outcome["result"] == "valid"

    def first_incomplete(self) -> str | None:
        return next((step for step in self.steps if not self.is_complete(step)), None)

    def reachable(self, step: str) -> bool:
        """A step can be opened once every step before it is complete; when correcting a
        registered application, always: what is registered passed every check, so an error in
        one step's correction must not lock the マイページ's 変更 links of the others (the view
        still registers nothing while any step has an error)."""
        if self.storage.has_application:
            return True
        return all(self.is_complete(s) for s in self.steps[: self.steps.index(step)])

    def holds_unsaved_change(self, step: str) -> bool:
        """While a registered application is corrected: whether `step`'s input means something
        else than what is registered, as the マイページ says (unsaved_corrections): typed, then
        left by a tab, 戻る or the back button without 「この内容で変更する」."""
        registered = self.storage.extra_data.get("registered", {}).get(step)
        if not self.storage.has_application or registered is None:
            return False
        if step not in self._changes:
            typed = self.storage.data[self.storage.step_data_key].get(step)
            self._changes[step] = means_something_else(step, typed, registered)
        return self._changes[step]

    def state(self, step: str) -> str:
        """done 入力済み, notice 確認待ち (only the 未入力 notice), error エラー (after 次へ進む),
        draft 入力中 (typed and never checked, or a correction not saved yet) or empty 未入力."""
        if self.is_complete(step):
            return "draft" if self.holds_unsaved_change(step) else "done"
        if self.storage.get_step_data(step) is None:
            return "empty"
        if not self.storage.is_checked(step):
            return "draft"
        return self.outcome(step)["result"]

    def tabs(self, current: str) -> list[dict]:
        """Each step's tab: its state (see state()) and whether it can be opened yet.

        `mark` is the state when the tab does not look as a tab usually does: a button (a step
        that can be opened) looks 入力済み, a tab that is no button 未入力. Every page has seven
        tabs, so the usual look costs no markup.
        """
        tabs = []
        for number, step in enumerate(self.steps, start=1):
            state = self.state(step)
            reachable = self.reachable(step)
            tabs.append(
                {
                    "step": step,
                    "number": number,
                    "title": TAB_TITLES[step],
                    "state": state,
                    "mark": "" if state == ("done" if reachable else "empty") else state,
                    "reachable": reachable,
                    "current": step == current,
                }
            )
        ready = self.first_incomplete() is None
        tabs.append(
            {
                "step": CONFIRM_TAB,
                "number": len(tabs) + 1,
                "title": pgettext_lazy("step tab", "確認"),
                "state": "done" if ready else "empty",
                "words": _("最後に確認") if ready else _("まだ確認できません"),
                "mark": "",
                "reachable": ready,
                "current": current == CONFIRM_TAB,
            }
        )
        return tabs


# -- the マイページ's corrections not saved yet ------------------------------------------------


def _answers(step: str, step_data: dict | None) -> dict | None:
    """What `step`'s form makes of saved input; None when nothing is saved or it fails."""
    if step_data is None:
        return None
    form = STEPS[step](data=MultiValueDict(step_data), prefix=step)
    return form.cleaned_data if form.is_valid() else None


def means_something_else(step: str, typed: dict | None, registered: dict) -> bool:
    """Whether `step`'s saved input means something else than what is registered: input that
    only differs as typed (やまだ for ヤマダ) does not. Validates only input that differs."""
    if typed is None or typed == registered:
        return False
    return _answers(step, typed) != _answers(step, registered)


def with_draft(applications):
    """`applications` with the account's draft, as unsaved_corrections() reads it, in their own
    query: its data (input and saved outcomes) and when it was saved."""
    draft = ApplicationDraft.objects.filter(user=OuterRef("user"))
    return applications.annotate(
        draft_data=Subquery(draft.values("data")[:1]),
        draft_saved_at=Subquery(draft.values("updated_at")[:1]),
    )


def unsaved_corrections(application) -> list[dict]:
    """Every step of a correction not saved yet, from the account's draft: the steps with an
    error or the 未入力 notice first (nothing is registered until they pass), then those
    changed; each in step order.

    `application` comes from with_draft() and prefetches its qualifications and work
    histories. Registering makes the draft what is registered (submit_application), so a step
    is pending when its saved outcome is an error (or the 未入力 notice waiting for its second
    press: what is registered passed every check), or when its input means something else than
    what is registered ("changed": typed in another tab, or left by 戻る, a tab or the back
    button without 「この内容で変更する」). Input that only differs as typed (やまだ for ヤマダ)
    is not a change. A draft older than a change made at the counter is replaced by what is
    registered when the wizard next opens: nothing of it is pending.
    """
    changed, saved = application.answers_changed_at, application.draft_saved_at
    if saved is None or (changed is not None and saved < changed):
        return []
    draft = application.draft_data or {}
    outcomes = draft.get("extra_data", {}).get("outcomes", {})
    typed = draft.get("step_data", {})
    registered = draft_from_application(application)["step_data"]
    failing, differing = [], []
    for number, step in enumerate(STEPS, start=1):
        pending = {"step": step, "number": number, "title": STEPS[step].title}
        result = (outcomes.get(step) or {}).get("result")
        if result in ("error", "notice"):
            failing.append({**pending, "result": result})
        elif means_something_else(step, typed.get(step), registered[step]):
            differing.append({**pending, "result": "changed"})
    return failing + differing


# -- the words of a step's page -------------------------------------------------------------------


def page_texts(
    form: forms.Form, step_number: int, total: int, correcting: bool, returning: bool = False
) -> dict:
    """The progress line, the labels of the main button and of 戻る, and the note on saving;
    `correcting` a registered application, they must not say that what is typed is registered
    (it is kept all the same, but the マイページ says it is not saved until it is confirmed);
    `returning` to the 確認 page, the main button says so."""
    progress = {"step_number": step_number, "total": total}
    if correcting:
        texts = {
            "progress": _("登録内容の変更 %(step_number)s/%(total)s") % progress,
            "back_label": _("戻る"),
            "saving_note": _(
                "変更は、登録内容の確認で「この内容で変更する」を押すまで登録されません。"
            ),
        }
    else:
        texts = {
            "progress": _("求職申込み %(step_number)s/%(total)s") % progress,
            "back_label": _("戻る（入力内容は保存されます）"),
            "saving_note": _("入力内容は保存され、ログアウトしても続きから入力できます。"),
        }
    label = primary_label(form, step_number == total, correcting, returning)
    return {**texts, "primary_label": label}


def primary_label(
    form: forms.Form, is_last_step: bool, correcting: bool, returning: bool = False
) -> str:
    """The main button's label; with the 未入力 notice, the one that passes it, which the
    notice names. Nothing is registered from a step: the button leads to 登録内容の確認."""
    notice = bool(form.unconfirmed_empty_labels)
    if returning:
        return _("未入力のまま確認画面に戻る") if notice else _("確認画面に戻る")
    if correcting:
        return _("未入力のまま変更内容を確認する") if notice else _("変更内容を確認する")
    if is_last_step:
        return _("未入力のまま確認画面へ進む") if notice else _("確認画面へ進む")
    return _("未入力のまま次へ進む") if notice else _("次へ進む")
