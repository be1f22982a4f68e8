"""The counter's search over applications, written so that PostgreSQL answers it from an index
at a million rows (docs/scale.md has the figures).

Every searchable value of an application is joined into one "search document":
" 姓 名 セイ メイ mail 電話(固定, ハイフンなし) 電話(携帯, ハイフンなし)", each value after a space.
Migration 0017 indexes UPPER(document) with a GIN index of trigrams (pg_trgm), which serves
`UPPER(document) LIKE UPPER('%…%')`, i.e. Django's `icontains` on it, when what is looked for
gives trigrams:

- three characters or more: found anywhere in a value (part of a name, of a mail, of a phone);
- one or two characters (林, 森, 山田, モリ): no trigram lies inside them, so an infix would scan
  the office's every row; they are looked for at the start of a value instead (" 林" gives the
  trigram "  林" of every word starting with 林): 林 finds 林 and 林田, not 小林.

Typed words never contain spaces (the search splits on them), so no word can match across two
values.
"""

from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Replace

# pg_trgm's trigrams: an infix shorter than this has none (see the module docstring).
SHORTEST_INFIX = 3


class Joined(Func):
    """a || b || c …, flat: Django's Concat nests one pair in another, which for eight values
    is deeper than SQLite's parser allows. For values that are never NULL."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = models.TextField()


def search_document() -> Joined:
    """The expression migration 0017's trigram index is built on (without its UPPER, which
    `icontains` adds); change both together, and the index test (tests/test_counter_scale.py)
    says whether they still match."""
    space = Value(" ")
    return Joined(
        space,
        "family_name",
        space,
        "given_name",
        space,
        "family_name_kana",
        space,
        "given_name_kana",
        space,
        "email",
        space,
        Replace("phone_fixed", Value("-"), Value("")),
        space,
        Replace("phone_mobile", Value("-"), Value("")),
    )


class ApplicationQuerySet(models.QuerySet):
    def matching_any(self, forms: set[str]) -> "ApplicationQuerySet":
        """Applications with one of `forms` (one typed word as written, in katakana, as digits
        …) in a name, kana, mail or phone: anywhere from three characters, at the start of a
        value below (module docstring)."""
        query = models.Q()
        for form in forms:
            pattern = form if len(form) >= SHORTEST_INFIX else f" {form}"
            query |= models.Q(search_document__icontains=pattern)
        return self.alias(search_document=search_document()).filter(query)
