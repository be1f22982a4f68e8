"""Every fixed list of options, with the labels the user sees (SPEC "The seven steps")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # SPEC: before the counter accepts it, オンライン登録者 ("仮登録" in older wording).
    ONLINE = "online", _("オンライン登録者（仮登録）")
    ACCEPTED = "accepted", _("利用登録者")


class Gender(models.TextChoices):
    MALE = "male", _("男性")
    FEMALE = "female", _("女性")
    UNSTATED = "unstated", _("回答しない")


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("求職情報を公開する")
    PRIVATE = "private", _("求職情報を公開しない")


class InfoProvision(models.TextChoices):
    BOTH = "both", _("地方自治体・地方版ハローワーク、民間人材ビジネスともに可")
    LOCAL_ONLY = "local", _("地方自治体・地方版ハローワークのみ可")
    PRIVATE_ONLY = "private", _("民間人材ビジネスのみ可")
    NEITHER = "neither", _("地方自治体・地方版ハローワーク、民間人材ビジネスともに不可")


class Allowed(models.TextChoices):
    YES = "yes", _("可")
    NO = "no", _("不可")


class ContactMethod(models.TextChoices):
    POST = "post", _("郵便")
    FIXED_PHONE = "fixed_phone", _("固定電話")
    MOBILE_PHONE = "mobile_phone", _("携帯電話")
    EMAIL = "email", _("電子メール")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("フルタイム")
    PART_TIME = "part_time", _("パート（1日8時間未満）")


class EmploymentPeriod(models.TextChoices):
    INDEFINITE = "indefinite", _("定めなし")
    FIXED_4_PLUS = "fixed_4_plus", _("定めあり（4か月以上）")
    FIXED_UNDER_4 = "fixed_under_4", _("定めあり（4か月未満）")


class Occupation(models.TextChoices):
    """The 14 大分類 of the real service's simple job search, and 検討中."""

    OFFICE = "office", _("事務、管理職")
    SALES = "sales", _("営業")
    RETAIL = "retail", _("販売")
    SERVICE = "service", _("接客、理美容、調理、サービス")
    CARE = "care", _("介護、福祉")
    EDUCATION = "education", _("保育、教育")
    MEDICAL = "medical", _("医療、看護、保健")
    MANUFACTURING = "manufacturing", _("製造、修理、保全、検査、印刷")
    ENGINEERING = "engineering", _("技術職（建設、開発、ＩＴ）、専門職")
    CONSTRUCTION = "construction", _("建築、土木、電気工事")
    SECURITY = "security", _("警備、施設管理、設備運転")
    TRANSPORT = "transport", _("運輸（運転）、配送")
    CLEANING = "cleaning", _("清掃・洗浄、倉庫、包装、軽作業")
    AGRICULTURE = "agriculture", _("農業、林業、漁業")
    UNDECIDED = "undecided", _("検討中")


class Specified(models.TextChoices):
    SPECIFIED = "specified", _("希望あり")
    NONE = "none", _("なし")


class WorkBreak(models.IntegerChoices):
    """休憩時間 in minutes: not work time, so not counted in パート's 8 hours."""

    NONE = 0, _("なし")
    MINUTES_30 = 30, _("30分")
    MINUTES_45 = 45, _("45分")
    HOUR_1 = 60, _("1時間")
    HOUR_1_30 = 90, _("1時間30分")
    HOURS_2 = 120, _("2時間")


class Weekday(models.TextChoices):
    MON = "mon", _("月")
    TUE = "tue", _("火")
    WED = "wed", _("水")
    THU = "thu", _("木")
    FRI = "fri", _("金")
    SAT = "sat", _("土")
    SUN = "sun", _("日")
    HOLIDAY = "holiday", _("祝日")


class WageType(models.TextChoices):
    MONTHLY = "monthly", _("月額")
    HOURLY = "hourly", _("時間額")


class Education(models.TextChoices):
    JUNIOR_HIGH = "junior_high", _("中学")
    HIGH = "high", _("高校")
    VOCATIONAL = "vocational", _("専修学校")
    JUNIOR_COLLEGE = "junior_college", _("短大・高専")
    UNIVERSITY = "university", _("大学")
    GRADUATE = "graduate", _("大学院")


class EducationStatus(models.TextChoices):
    GRADUATED = "graduated", _("卒業")
    WITHDREW = "withdrew", _("中退")
    ENROLLED = "enrolled", _("在学中")
    EXPECTED = "expected", _("卒業見込み")


class WorkKind(models.TextChoices):
    EMPLOYED = "employed", _("雇用")
    SELF_EMPLOYED = "self_employed", _("自営")


class WorkStatus(models.TextChoices):
    LEFT = "left", _("既退職")
    CURRENT = "current", _("在職中")


class LeavingReason(models.TextChoices):
    PERSONAL = "personal", _("自己都合")
    CONTRACT_END = "contract_end", _("期間満了")
    RETIREMENT = "retirement", _("定年退職")
    COMPANY = "company", _("会社都合")
    OTHER = "other", _("その他")


# (stored value, label): the value stays Japanese (it is part of the address); the label is
# translated on English pages.
PREFECTURE_CHOICES = [
    ("北海道", _("北海道")),
    ("青森県", _("青森県")),
    ("岩手県", _("岩手県")),
    ("宮城県", _("宮城県")),
    ("秋田県", _("秋田県")),
    ("山形県", _("山形県")),
    ("福島県", _("福島県")),
    ("茨城県", _("茨城県")),
    ("栃木県", _("栃木県")),
    ("群馬県", _("群馬県")),
    ("埼玉県", _("埼玉県")),
    ("千葉県", _("千葉県")),
    ("東京都", _("東京都")),
    ("神奈川県", _("神奈川県")),
    ("新潟県", _("新潟県")),
    ("富山県", _("富山県")),
    ("石川県", _("石川県")),
    ("福井県", _("福井県")),
    ("山梨県", _("山梨県")),
    ("長野県", _("長野県")),
    ("岐阜県", _("岐阜県")),
    ("静岡県", _("静岡県")),
    ("愛知県", _("愛知県")),
    ("三重県", _("三重県")),
    ("滋賀県", _("滋賀県")),
    ("京都府", _("京都府")),
    ("大阪府", _("大阪府")),
    ("兵庫県", _("兵庫県")),
    ("奈良県", _("奈良県")),
    ("和歌山県", _("和歌山県")),
    ("鳥取県", _("鳥取県")),
    ("島根県", _("島根県")),
    ("岡山県", _("岡山県")),
    ("広島県", _("広島県")),
    ("山口県", _("山口県")),
    ("徳島県", _("徳島県")),
    ("香川県", _("香川県")),
    ("愛媛県", _("愛媛県")),
    ("高知県", _("高知県")),
    ("福岡県", _("福岡県")),
    ("佐賀県", _("佐賀県")),
    ("長崎県", _("長崎県")),
    ("熊本県", _("熊本県")),
    ("大分県", _("大分県")),
    ("宮崎県", _("宮崎県")),
    ("鹿児島県", _("鹿児島県")),
    ("沖縄県", _("沖縄県")),
]
PREFECTURES = [value for value, _label in PREFECTURE_CHOICES]
