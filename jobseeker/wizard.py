"""The seven-step 求職申込み: a formtools NamedUrlWizardView that never loses what was typed.

The flyer's warnings (input erased after three presses of 次へ進む, by the back button, by the
tabs) come from a wizard that only keeps valid input in a session. This one:

- keeps every step's raw input, valid or not, in an ApplicationDraft row of the account
  (DraftStorage), so reload, back, logout, an expired session or another device lose nothing;
- redirects after every POST, so the back button and reload never resubmit or show stale pages;
- saves the current step before following a tab or 戻る (formtools' own goto-step discards it,
  formtools issue #284).
"""

import functools
import hashlib
import json
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import SuspiciousOperation
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from formtools.wizard.forms import ManagementForm
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from hellowork.language import QUIET_AFTER_SWITCH

from . import services
from .draft_limits import grows_too_large, keep_within_limits, request_too_large
from .drafts import draft_from_application
from .forms import STEPS
from .models import Application, ApplicationDraft
from .postal import lookup_address, lookup_message

# The answer of a 住所検索 made without JavaScript, for the reloaded page: {"text", "kind"}.
ADDRESS_LOOKUP = "address_lookup"
# Every file whose code decides whether a step's input passes: a saved outcome is keyed by it,
# so a deploy that changes a rule never shows an outcome the new rule would not give.
_APP = Path(__file__).resolve().parent
_RULE_SOURCES = [
    *sorted((_APP / "forms").glob("*.py")),
    *sorted((_APP / "fields").glob("*.py")),
    _APP / "choices.py",
    _APP.parent / "accounts" / "fields.py",
]
RULES_VERSION = hashlib.blake2b(
    b"".join(path.read_bytes() for path in _RULE_SOURCES), digest_size=8
).hexdigest()
STEP_TEMPLATES = {
    "basic": "jobseeker/steps/basic.html",
    "education": "jobseeker/steps/education.html",
    "career": "jobseeker/steps/career.html",
}
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


# The steps whose rules read 基本情報's saved input (see input_key and get_form_kwargs), and
# the fields of it 連絡手段 needs.
STEPS_READING_BASIC = ("disclosure", "career")
CONTACT_FIELDS = ("phone_fixed", "phone_mobile", "email")

_ANY_ACCOUNT = -1


@functools.cache
def _draft_query() -> tuple[str, tuple]:
    """The SQL that reads an account's draft and the state of its registered application.

    Every step's GET and POST needs both (issue #6's budget of 5 queries per step). The SQL is
    the same for every account, so it is compiled once per process: compiling it on every
    request cost more CPU than the rest of a step POST's queries (issue #6's benchmark).
    """
    registered = Application.objects.filter(user=OuterRef("user"), number__isnull=False)
    query = (
        ApplicationDraft.objects.filter(user=_ANY_ACCOUNT)
        .annotate(
            registered_pk=Subquery(registered.values("pk")[:1]),
            # Typed in or changed at the counter since the draft was saved.
            registered_changed=Exists(
                registered.filter(answers_changed_at__gt=OuterRef("updated_at"))
            ),
        )[:1]
        .query
    )
    return query.sql_with_params()


def with_draft(applications):
    """`applications` with the account's draft, as unsaved_corrections() reads it, in their own
    query: its data (input and saved outcomes) and when it was saved."""
    draft = ApplicationDraft.objects.filter(user=OuterRef("user"))
    return applications.annotate(
        draft_data=Subquery(draft.values("data")[:1]),
        draft_saved_at=Subquery(draft.values("updated_at")[:1]),
    )


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


def unsaved_corrections(application) -> list[dict]:
    """Every step of a correction not saved yet, from the account's draft: the steps with an
    error or the 未入力 notice first (変更を保存 registers nothing until they pass), then those
    changed; each in step order.

    `application` comes from with_draft() and prefetches its qualifications and work
    histories. Registering makes the draft what is registered (submit_application), so a step
    is pending when its saved outcome is an error (or the 未入力 notice waiting for its second
    press: what is registered passed every check), or when its input means something else than
    what is registered ("changed": typed in another tab, or left by 戻る, a tab or the back
    button without 変更を保存). Input that only differs as typed (やまだ for ヤマダ) is not a
    change. A draft older than a change made at the counter is replaced by what is registered
    when the wizard next opens: nothing of it is pending.
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


@functools.cache
def _draft_update_sql() -> str:
    """UPDATE of a draft's data, only if nobody saved it since it was read (like _draft_query,
    written once per process: the ORM's update() compiled it on every step's POST)."""
    table = ApplicationDraft._meta.db_table
    quote = connection.ops.quote_name
    # Only the model's own names are written into the SQL; every value is a parameter.
    sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s AND {} = %s"
    return sql.format(*map(quote, [table, "data", "updated_at", "id", "updated_at"]))


class DraftStorage(BaseStorage):
    """formtools storage in the account's ApplicationDraft instead of the session.

    Only the steps written in this request are merged into the stored row (under a row lock),
    so two tabs editing different steps never overwrite each other. When nobody saved the row
    since this request read it, that merge is the request's own data, written in one UPDATE.
    A request whose input is over the draft's limits writes nothing at all (`refused`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        sql, params = _draft_query()
        params = [user.pk if param == _ANY_ACCOUNT else param for param in params]
        self.draft = next(iter(ApplicationDraft.objects.raw(sql, params)), None)
        if self.draft is None:
            self.draft, _ = ApplicationDraft.objects.get_or_create(user=user)
            registered = Application.objects.filter(user=user, number__isnull=False)
            self.draft.registered_pk = registered.values_list("pk", flat=True).first()
            self.draft.registered_changed = False
        self.has_application = self.draft.registered_pk is not None
        if self.has_application and (not self.draft.data or self.draft.registered_changed):
            # Typed in or changed at the counter since: start from what is registered.
            application = Application.objects.get(pk=self.draft.registered_pk)
            self.draft.data = draft_from_application(application)
            self.draft.save(update_fields=["data", "updated_at"])
        self.data = self.draft.data or {}
        if not self.data:
            self.init_data()
        self._written_steps: set[str] = set()
        self._newly_checked: set[str] = set()
        self._new_outcomes: set[str] = set()
        self._loaded_step = self.data.get(self.step_key)
        # Whether this request's input was refused (over a limit): then it writes nothing.
        self.refused = False
        # {label: length kept} of each field whose text was cut at its limit.
        self.shortened: dict[str, int] = {}

    def set_step_data(self, step, cleaned_data):
        """Keeps what the draft may hold of `step`'s posted input (jobseeker/draft_limits.py):
        the step's own keys, each value within its field's limit. A request body or a draft
        over its size limit refuses the whole request instead, and the draft stays as it was.

        The one place where posted input enters a draft: every way of leaving or saving a step
        (its buttons, tabs, the autosave, the language switch, ログアウト, 住所検索) comes here.
        """
        if request_too_large(self.request):
            self.refused = True
            return
        step_input, shortened = keep_within_limits(step, cleaned_data)
        if grows_too_large(self.data, self.step_data_key, step, step_input):
            self.refused = True
            return
        self.shortened.update(shortened)
        super().set_step_data(step, step_input)
        self._written_steps.add(step)

    def is_checked(self, step: str) -> bool:
        """Whether 次へ進む (or 完了) was pressed on `step`: only then are its errors shown."""
        return step in self.extra_data.get("checked", [])

    def mark_checked(self, step: str) -> None:
        if not self.is_checked(step):
            self.extra_data.setdefault("checked", []).append(step)
            self._newly_checked.add(step)

    def saved_outcome(self, step: str, key: str) -> dict | None:
        """What validating `step`'s input gave when it was last validated with this `key`."""
        outcome = self.extra_data.get("outcomes", {}).get(step)
        return outcome if outcome and outcome["key"] == key else None

    def save_outcome(self, step: str, outcome: dict) -> None:
        outcomes = self.extra_data.setdefault("outcomes", {})
        if outcomes.get(step) != outcome:
            outcomes[step] = outcome
            self._new_outcomes.add(step)

    def steps_as_read(self) -> dict[str, dict]:
        """The stored input of every step this request did not write, as the request read it."""
        step_data = self.data.get(self.step_data_key) or {}
        return {step: data for step, data in step_data.items() if step not in self._written_steps}

    def write_nothing(self) -> None:
        """Leaves the stored draft as it is: another write replaced it in this request."""
        self._written_steps.clear()
        self._newly_checked.clear()
        self._new_outcomes.clear()
        self._loaded_step = self.current_step

    def update_response(self, response):
        super().update_response(response)
        if self.refused:
            return
        if (
            not (self._written_steps or self._newly_checked or self._new_outcomes)
            and self.current_step == self._loaded_step
        ):
            return
        self.extra_data["checked"] = sorted(set(self.extra_data.get("checked", [])))
        if self._save_if_unchanged():
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
            # An outcome is keyed by the input it was computed from, so one that another
            # request's input has made stale is never used.
            for step in self._new_outcomes:
                extra.setdefault("outcomes", {})[step] = self.extra_data["outcomes"][step]
            draft.data = stored
            draft.save(update_fields=["data", "updated_at"])

    def _save_if_unchanged(self) -> bool:
        """Writes this request's data in one UPDATE if nobody saved the draft since it was read.

        Then the stored row is what this request loaded, so the locked merge would store exactly
        self.data; the row's updated_at (auto_now, in microseconds) tells whether anyone did.
        """
        now = timezone.now()
        data_field = ApplicationDraft._meta.get_field("data")
        time_field = ApplicationDraft._meta.get_field("updated_at")
        with connection.cursor() as cursor:
            cursor.execute(
                _draft_update_sql(),
                [
                    data_field.get_db_prep_save(self.data, connection),
                    time_field.get_db_prep_save(now, connection),
                    self.draft.pk,
                    time_field.get_db_prep_save(self.draft.updated_at, connection),
                ],
            )
            saved = cursor.rowcount
        if saved:
            self.draft.updated_at = now
        return bool(saved)


@method_decorator(never_cache, name="dispatch")
class ApplicationWizard(LoginRequiredMixin, NamedUrlWizardView):
    form_list = list(STEPS.items())
    storage_name = "jobseeker.wizard.DraftStorage"
    template_name = "jobseeker/wizard_step.html"

    # -- which steps may be shown -------------------------------------------------------------

    def step_form(self, step):
        return self.get_form(step=step, data=self.storage.get_step_data(step))

    def input_key(self, step: str) -> str:
        """Everything the outcome of validating `step`'s saved input depends on, hashed.

        Its input, that of the steps its rules read (経歴's dates are checked against the birth
        date of 基本情報, 連絡手段 against its numbers), today's date (no future dates, ages) and
        the rules' code.
        """
        step_data = self.storage.data[self.storage.step_data_key]
        inputs = [step_data.get(step)]
        if step in STEPS_READING_BASIC:
            inputs.append(step_data.get("basic"))
        text = json.dumps([RULES_VERSION, timezone.localdate().isoformat(), inputs])
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def record_outcome(self, step: str, form) -> dict:
        """Keeps the outcome of validating `form` (bound to `step`'s saved input) in the draft.

        The tabs show every step's state on every page; keeping the outcomes saves validating
        seven forms per request (issue #6's benchmark).
        """
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
        self.__dict__.setdefault("_outcomes", {})[step] = outcome
        return outcome

    def step_outcome(self, step: str) -> dict | None:
        """The outcome of validating `step`'s saved input (None: nothing saved)."""
        cache = self.__dict__.setdefault("_outcomes", {})
        if step not in cache:
            if self.storage.get_step_data(step) is None:
                return None
            cache[step] = self.storage.saved_outcome(
                step, self.input_key(step)
            ) or self.record_outcome(step, self.step_form(step))
        return cache[step]

    def step_is_complete(self, step) -> bool:
        """Whether `step` has saved input that passes its checks."""
        outcome = self.step_outcome(step)
        return outcome is not None and outcome["result"] == "valid"

    def first_incomplete_step(self) -> str | None:
        return next((s for s in self.get_form_list() if not self.step_is_complete(s)), None)

    def reachable(self, step: str) -> bool:
        """A step can be opened once every step before it is complete; when correcting a
        registered application, always: what is registered passed every check, so an error in
        one step's correction must not lock the マイページ's 変更 links of the others (submit()
        still registers nothing while any step has an error)."""
        if self.storage.has_application:
            return True
        steps = list(self.get_form_list())
        return all(self.step_is_complete(s) for s in steps[: steps.index(step)])

    def holds_unsaved_change(self, step: str) -> bool:
        """While a registered application is corrected: whether `step`'s input means something
        else than what is registered, as the マイページ says (unsaved_corrections): typed, then
        left by a tab, 戻る or the back button without 変更を保存. Input that only differs as
        typed (やまだ for ヤマダ) is no change."""
        registered = self.storage.extra_data.get("registered", {}).get(step)
        if not self.storage.has_application or registered is None:
            return False
        changes = self.__dict__.setdefault("_changes", {})
        if step not in changes:
            typed = self.storage.data[self.storage.step_data_key].get(step)
            changes[step] = means_something_else(step, typed, registered)
        return changes[step]

    def step_state(self, step: str) -> str:
        """done 入力済み, notice 確認待ち (only the 未入力 notice), error エラー (after 次へ進む),
        draft 入力中 (typed and never checked, or a correction not saved yet) or empty 未入力."""
        if self.step_is_complete(step):
            return "draft" if self.holds_unsaved_change(step) else "done"
        if self.storage.get_step_data(step) is None:
            return "empty"
        if not self.storage.is_checked(step):
            return "draft"
        return self.step_outcome(step)["result"]

    def step_tabs(self) -> list[dict]:
        """Each step's tab: its state (see step_state) and whether it can be opened yet.

        `mark` is the state when the tab does not look as a tab usually does: a button (a step
        that can be opened) looks 入力済み, a tab that is no button 未入力. Every page has seven
        tabs, so the usual look costs no markup.
        """
        tabs = []
        for number, step in enumerate(self.get_form_list(), start=1):
            state = self.step_state(step)
            reachable = self.reachable(step)
            tabs.append(
                {
                    "step": step,
                    "number": number,
                    "title": TAB_TITLES[step],
                    "state": state,
                    "mark": "" if state == ("done" if reachable else "empty") else state,
                    "reachable": reachable,
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
        switched_here = request.session.pop(QUIET_AFTER_SWITCH, None) == step
        form.quiet = switched_here or not self.storage.is_checked(step)
        if not form.quiet:
            # The page validates it anyway (to show its errors).
            self.record_outcome(step, form)
        return self.render(form)

    # -- POST: always keep the input, then redirect ---------------------------------------------

    def post(self, *args, **kwargs):
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid():
            raise SuspiciousOperation("ManagementForm data is missing or has been tampered.")
        step = management.cleaned_data["current_step"]
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.first))
        if "autosave" in self.request.POST:
            return self.autosave(step)
        self.storage.set_step_data(step, self.request.POST)
        if self.storage.refused:
            return self.refuse_input(step)
        self.storage.current_step = step
        self.say_what_was_shortened()
        # Validated as stored: a value cut at its limit is checked (and shown) as it was kept.
        form = self.step_form(step)

        if "address_lookup" in self.request.POST:
            return self.fill_address(step, form)
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            return redirect(self.get_step_url(goto))
        self.storage.mark_checked(step)
        self.record_outcome(step, form)
        if not form.is_valid():
            return redirect(self.get_step_url(step))
        if "save_changes" in self.request.POST or step == self.steps.last:
            return self.submit()
        return redirect(self.get_step_url(self.get_next_step(step)))

    def autosave(self, step):
        """Keeps the step's input, as typed, when its page is left without a button.

        form.js sends it (sendBeacon) when the back button, a reload or another app hides the
        page: never_cache pages get no form restoration, so what was typed would be lost. It is
        not 次へ進む: the step is not marked checked (no red errors later because of it) and
        nothing else is recorded; a beacon reads no answer, so none is sent (413 when the input
        is over the draft's size limits: nothing is kept; a button sending the same says why).

        The outcomes the new input changes (its step's, and those of the steps whose rules read
        it) are recorded as the next page after a tab or 戻る would record them: no page of the
        wizard may follow, and the マイページ reads them to say a correction is not saved
        (unsaved_corrections()).
        """
        self.storage.set_step_data(step, self.request.POST)
        if self.storage.refused:
            return HttpResponse(status=413)
        for each in self.get_form_list():
            self.step_outcome(each)
        return HttpResponse(status=204)

    def refuse_input(self, step):
        """The step again, as it was saved before, saying why what was sent is not kept."""
        messages.error(
            self.request,
            _(
                "入力内容が大きすぎるため、保存できませんでした（前回保存した内容はそのまま"
                "残っています）。長い文章は短くして、もう一度入力してください。"
            ),
        )
        return redirect(self.get_step_url(step))

    def say_what_was_shortened(self):
        for label, length in self.storage.shortened.items():
            text = _("「%(label)s」は長すぎたため、初めの%(length)d文字だけを保存しました。")
            messages.warning(self.request, text % {"label": label, "length": length})

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
        return redirect(f"{self.get_step_url(step)}#{form[message.focus].auto_id}")

    def submit(self):
        forms = {step: self.step_form(step) for step in self.get_form_list()}
        for number, (step, form) in enumerate(forms.items(), start=1):
            if not form.is_valid():
                # Nothing is registered; the step to fix opens with its errors shown, and its
                # tab and the マイページ's notice say エラー.
                self.storage.mark_checked(step)
                self.record_outcome(step, form)
                if self.storage.has_application:
                    text = _(
                        "「%(number)s %(title)s」の入力内容を確認してください。"
                        "変更はまだ保存されていません。"
                    )
                else:
                    text = _("「%(number)s %(title)s」の入力内容を確認してください。")
                messages.error(self.request, text % {"number": number, "title": form.title})
                return redirect(self.get_step_url(step))
        already_submitted = self.submitted_application() is not None
        answers = {step: form.cleaned_data for step, form in forms.items()}
        services.submit_application(
            self.request.user,
            answers,
            site_url=self.request.build_absolute_uri("/").rstrip("/"),
            draft_as_read=self.storage.steps_as_read(),
        )
        # The draft is now what was registered (submit_application): nothing of it to write.
        self.storage.write_nothing()
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
        if step in STEPS_READING_BASIC:
            basic = self.step_outcome("basic")
            if basic is None or basic["result"] != "valid":
                return kwargs
            if step == "career" and "birth_date" in basic:
                kwargs["birth_date"] = date.fromisoformat(basic["birth_date"])
            if step == "disclosure" and "contacts" in basic:
                kwargs["contacts"] = set(basic["contacts"])
        return kwargs

    def get_form_initial(self, step):
        if step == "basic":
            return {"email": self.request.user.email}
        return super().get_form_initial(step)

    def primary_button_label(self, form, is_last_step: bool) -> str:
        """The main button's label; with the 未入力 notice, the one that passes it, which the
        notice names."""
        notice = bool(form.unconfirmed_empty_labels)
        if is_last_step and self.storage.has_application:
            return _("未入力のまま変更を保存") if notice else _("変更を保存")
        if is_last_step:
            return _("未入力のまま完了") if notice else _("完了")
        if self.storage.has_application:
            if notice:
                return _("未入力のまま変更を保存してマイページに戻る")
            return _("変更を保存してマイページに戻る")
        return _("未入力のまま次へ進む") if notice else _("次へ進む")

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list())
        index = steps.index(self.steps.current)
        is_last_step = index == len(steps) - 1
        progress = {"step_number": index + 1, "total": len(steps)}
        if self.storage.has_application:
            progress_text = _("登録内容の変更 %(step_number)s/%(total)s") % progress
            # What is typed is kept all the same, but it is not registered: the マイページ says
            # so, and these words must not say otherwise.
            back_label = _("戻る")
            saving_note = _("変更は「変更を保存」のボタンを押すまで登録されません。")
        else:
            progress_text = _("求職申込み %(step_number)s/%(total)s") % progress
            back_label = _("戻る（入力内容は保存されます）")
            saving_note = _("入力内容は保存され、ログアウトしても続きから入力できます。")
        context.update(
            tabs=self.step_tabs(),
            progress=progress_text,
            back_label=back_label,
            saving_note=saving_note,
            primary_label=self.primary_button_label(form, is_last_step),
            step_number=index + 1,
            previous_step=steps[index - 1] if index else None,
            is_last_step=is_last_step,
            step_template=STEP_TEMPLATES.get(self.steps.current, "jobseeker/steps/fields.html"),
            submitted=self.storage.has_application,
        )
        if "postal_code" in form.fields and (lookup := self.request.session.pop(ADDRESS_LOOKUP, 0)):
            context["address_lookup"] = lookup
            code = form["postal_code"]
            described_by = " ".join(filter(None, [code.aria_describedby, "address-lookup-status"]))
            form.fields["postal_code"].widget.attrs["aria-describedby"] = described_by
        return context
