"""What a wizard draft keeps of a step's posted input, and how much of it.

Every write of posted input into a draft (次へ進む, a tab, 戻る, the autosave beacon, the language
switch, ログアウト, 住所検索) goes through DraftStorage.set_step_data, which applies these rules:
only the keys the step's form renders, each value within its field's limit, a request body of
at most settings.DRAFT_MAX_REQUEST_BYTES and a draft of at most settings.DRAFT_MAX_BYTES.
Without them one account's draft once grew to 16.8 MB from seven forged autosaves, and every
page of its wizard slowed from 35 ms to 200–360 ms.
"""

import functools
import json
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.functional import Promise

from .forms import STEPS

# A value is kept up to twice its field's limit, and cut beyond that. Limits count after
# conversion (jobseeker/fields/), which can halve a text: 半角カナ with a sound mark (ｶﾞ) becomes
# one 全角 character, spaces in a フリガナ go. And a person who pastes a 自己PR a little over its
# 500 characters must see it again as pasted, with the field's own 「500文字以内で…（現在n文字）」,
# not find it silently shortened to something that passes. Only a forged or broken client sends
# more than twice the limit (the page's counter turns red at the limit); what it sent past that
# is cut rather than refused, so that the rest of the step is still kept, and the step's page
# names the field and says how much was kept.
RAW_LENGTH_FACTOR = 2
# Fields without a length of their own (numbers, years, times, 郵便番号, phone numbers,
# 都道府県, the parts of 生年月日): written however people write them (「令和5年」,
# 「〒８９５－２５１１」, 「（０９９５）２２－８６０９」, 「200,000円」), none needs 20 characters;
# the rest is room for stray spaces.
SHORT_TEXT_LENGTH = 50


@dataclass(frozen=True)
class KeyLimit:
    """How much a draft keeps of one posted key: its `values` last values, each of at most
    `length` characters. `label` names the field in the message about a shortened value."""

    label: "str | Promise"
    values: int
    length: int


def _flat_choices(field: forms.ChoiceField) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an option group
            values.extend(str(inner) for inner, _ in label)
        else:
            values.append(str(value))
    return values


def _length(field: forms.Field) -> int:
    if getattr(field, "max_length", None):
        return RAW_LENGTH_FACTOR * field.max_length
    if isinstance(field, forms.ChoiceField):
        # No choice is longer; a longer value can only be a forged one.
        return max(map(len, _flat_choices(field)), default=0)
    return SHORT_TEXT_LENGTH


def _field_limits(form: forms.Form, name: str, field: forms.Field) -> dict[str, KeyLimit]:
    # The label stays lazy: made once per process, it is said in each request's language.
    key, label = form.add_prefix(name), field.label or name
    if isinstance(field.widget, forms.MultiWidget):
        # 生年月日's 年・月・日: one key per box, each with its part's field.
        return {
            key + suffix: KeyLimit(label, 1, _length(part))
            for suffix, part in zip(field.widget.widgets_names, field.fields, strict=True)
        }
    if isinstance(field, forms.MultipleChoiceField):
        return {key: KeyLimit(label, len(_flat_choices(field)), _length(field))}
    # A box or a single choice: a form reads only the last value posted under its name.
    return {key: KeyLimit(label, 1, _length(field))}


@functools.cache
def step_limits(step: str) -> dict[str, KeyLimit]:
    """Every key the page of `step` posts for its form, with how much of it a draft keeps.

    Read from the form itself (made once per process), so a field added to a step is kept
    without another list to update. formtools keeps nothing of its own among a step's input.
    """
    form = STEPS[step](prefix=step)
    limits = {}
    for name, field in form.fields.items():
        limits.update(_field_limits(form, name, field))
    if form.soft_fields:
        # The hidden field of the 未入力 notice: the soft fields' names, comma-separated.
        ack = ",".join(form.soft_fields)
        limits[form.add_prefix("empty_ack")] = KeyLimit("", 1, len(ack))
    return limits


def keep_within_limits(step: str, posted) -> tuple[dict[str, list[str]], dict[str, int]]:
    """What a draft keeps of `posted` (a QueryDict, MultiValueDict or dict of lists) for `step`,
    and the label of each field whose text was cut, with the length kept.

    Keys the step's form does not have are dropped without a word: only a forged request
    posts them (the CSRF token and the wizard's own fields are not input either). NUL, which
    no keyboard types, is dropped: PostgreSQL's jsonb cannot hold it.
    """
    get_values = posted.getlist if hasattr(posted, "getlist") else posted.get
    kept, shortened = {}, {}
    for key, limit in step_limits(step).items():
        if key not in posted:
            continue
        values = [value.replace("\x00", "") for value in get_values(key)[-limit.values :]]
        if limit.label and any(len(value) > limit.length for value in values):
            shortened[str(limit.label)] = limit.length
        kept[key] = [value[: limit.length] for value in values]
    return kept, shortened


def request_too_large(request) -> bool:
    """Whether the body of `request` is over settings.DRAFT_MAX_REQUEST_BYTES.

    Django reads at most Content-Length bytes of a body (none without it), so the header
    tells its size.
    """
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    return size > settings.DRAFT_MAX_REQUEST_BYTES


def draft_size(data: dict) -> int:
    """The size of a draft's data as stored: its JSON text in UTF-8, as PostgreSQL's jsonb
    holds it."""
    return len(json.dumps(data, ensure_ascii=False).encode())


def grows_too_large(data: dict, step_data_key: str, step: str, step_input: dict) -> bool:
    """Whether putting `step_input` in place of `step`'s stored input makes `data` (a draft's)
    larger than settings.DRAFT_MAX_BYTES, and larger than it is.

    A write that does not make the draft larger always passes: a draft already over the
    limit (saved before it existed) becomes smaller step by step, never stuck.
    """
    step_data = data.get(step_data_key) or {}
    new = {**data, step_data_key: {**step_data, step: step_input}}
    size = draft_size(new)
    return size > settings.DRAFT_MAX_BYTES and size > draft_size(data)
