"""Offices, applications (求職申込み) with their 求職番号, and the wizard's saved drafts."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import choices


class OfficeQuerySet(models.QuerySet):
    def serving(self, prefecture: str, city: str) -> "Office":
        """The office whose 管轄区域 has the longest line the address starts with.

        The office of settings.DEFAULT_OFFICE_CODE when no line matches.
        """
        address = f"{prefecture}{city}"
        best, best_length = None, 0
        for office in self.exclude(service_area=""):
            for area in office.service_area.split():
                if address.startswith(area) and len(area) > best_length:
                    best, best_length = office, len(area)
        return best or self.get(code=settings.DEFAULT_OFFICE_CODE)

    def default(self) -> "Office | None":
        """The office of settings.DEFAULT_OFFICE_CODE, which takes what no other office does."""
        return self.filter(code=settings.DEFAULT_OFFICE_CODE).first()


class Office(models.Model):
    """A Hello Work office (e.g. ハローワーク大口). Its five-digit code prefixes every 求職番号."""

    code = models.CharField(
        _("安定所番号"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("5桁の数字で入力してください。"))],
    )
    name = models.CharField(_("名称"), max_length=50)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("所在地"), max_length=200)
    phone = models.CharField(_("電話番号"), max_length=20)
    opening_hours = models.CharField(_("開庁時間"), max_length=200)
    # Shown instead on English pages (and mails) when filled in; the Japanese values stay
    # authoritative, and the Japanese address is shown beside the English one.
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    address_en = models.CharField(_("所在地（英語）"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("開庁時間（英語）"), max_length=200, blank=True)
    service_area = models.TextField(
        _("管轄区域"),
        blank=True,
        help_text=_("1行に1つ、都道府県と市区町村を続けて書きます（例：鹿児島県伊佐市）。"),
    )
    # The serial part of the last 求職番号 issued here; see jobseeker.services.
    last_serial = models.PositiveIntegerField(default=0, editable=False)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ハローワーク")
        verbose_name_plural = _("ハローワーク")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def _in_language(self, japanese: str, english: str) -> str:
        return english if english and translation.get_language() == "en" else japanese

    @property
    def display_name(self) -> str:
        return self._in_language(self.name, self.name_en)

    @property
    def display_address(self) -> str:
        """With the postal code; in English followed by the Japanese address, which maps,
        taxis and the office's own signs use."""
        japanese = f"〒{self.postal_code} {self.address}"
        english = self.address_en and f"{self.address_en} {self.postal_code} ({self.address})"
        return self._in_language(japanese, english)

    @property
    def display_opening_hours(self) -> str:
        return self._in_language(self.opening_hours, self.opening_hours_en)


class ApplicationDraft(models.Model):
    """What an account has typed into the wizard, valid or not, kept between sessions and devices.

    `data` is django-formtools' storage dict (current step, raw data per step); see
    jobseeker.wizard.storage.DraftStorage.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_draft"
    )
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("入力途中の求職申込み")
        verbose_name_plural = _("入力途中の求職申込み")

    def __str__(self) -> str:
        return str(self.user)


class Application(models.Model):
    """A submitted 求職申込み: the seven steps' answers and the 求職番号 issued for them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("アカウント"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("ハローワーク"),
    )
    number = models.CharField(_("求職番号"), max_length=14, unique=True, null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=choices.Status, default=choices.Status.ONLINE
    )
    submitted_at = models.DateTimeField(_("申込日時"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("窓口受付日時"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受付した職員"),
    )
    valid_until = models.DateField(_("有効期限"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    # When the answers last changed (not the status): a wizard draft older than this is replaced,
    # and a counter page opened before it may not overwrite them.
    answers_changed_at = models.DateTimeField(_("登録内容の更新日時"), null=True, blank=True)

    # 1 基本情報登録
    family_name = models.CharField(_("姓"), max_length=30)
    given_name = models.CharField(_("名"), max_length=30)
    family_name_kana = models.CharField(_("セイ"), max_length=30)
    given_name_kana = models.CharField(_("メイ"), max_length=30)
    birth_date = models.DateField(_("生年月日"))
    gender = models.CharField(_("性別"), max_length=10, choices=choices.Gender)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    prefecture = models.CharField(_("都道府県"), max_length=4)
    city = models.CharField(_("市区町村"), max_length=50)
    street = models.CharField(_("番地"), max_length=100)
    building = models.CharField(_("建物名・部屋番号"), max_length=100, blank=True)
    phone_fixed = models.CharField(_("固定電話"), max_length=20, blank=True)
    phone_mobile = models.CharField(_("携帯電話"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), max_length=100, blank=True)
    nearest_line = models.CharField(_("最寄り駅（路線名）"), max_length=50, blank=True)
    nearest_station = models.CharField(_("最寄り駅（駅名）"), max_length=50, blank=True)

    # 2 求職情報提供等登録
    disclosure = models.CharField(_("求職情報の公開"), max_length=10, choices=choices.Disclosure)
    info_provision = models.CharField(
        _("地方自治体・民間人材ビジネスへの情報提供"), max_length=10, choices=choices.InfoProvision
    )
    contact_allowed = models.CharField(
        _("マイページ以外のハローワークからの連絡"), max_length=3, choices=choices.Allowed
    )
    contact_methods = models.JSONField(_("連絡手段"), default=list, blank=True)

    # 3 希望職種・時間等登録
    employment_type = models.CharField(_("就業形態"), max_length=10, choices=choices.EmploymentType)
    employment_period = models.CharField(
        _("雇用期間"), max_length=15, choices=choices.EmploymentPeriod
    )
    desired_occupation = models.CharField(
        _("希望する仕事"), max_length=20, choices=choices.Occupation
    )
    desired_occupation_second = models.CharField(
        _("希望する仕事（第2希望）"), max_length=20, choices=choices.Occupation, blank=True
    )
    desired_job_detail = models.CharField(_("希望する仕事の内容"), max_length=100, blank=True)
    work_hours = models.CharField(_("勤務時間"), max_length=10, choices=choices.Specified)
    work_start = models.TimeField(_("勤務開始時刻"), null=True, blank=True)
    work_end = models.TimeField(_("勤務終了時刻"), null=True, blank=True)
    work_break = models.PositiveSmallIntegerField(
        _("休憩時間"), choices=choices.WorkBreak, default=choices.WorkBreak.NONE
    )
    holidays = models.CharField(_("休日"), max_length=10, choices=choices.Specified)
    holiday_days = models.JSONField(_("希望する休日"), default=list, blank=True)

    # 4 希望勤務地・賃金登録
    desired_prefecture = models.CharField(_("希望勤務地（都道府県）"), max_length=4, blank=True)
    desired_city = models.CharField(_("希望勤務地（市区町村）"), max_length=50, blank=True)
    wage_type = models.CharField(
        _("希望賃金の種類"), max_length=10, choices=choices.WageType, blank=True
    )
    wage_amount = models.PositiveIntegerField(_("希望賃金（円）"), null=True, blank=True)

    # 5 学歴／資格登録
    education = models.CharField(_("最終学歴"), max_length=20, choices=choices.Education)
    education_status = models.CharField(_("区分"), max_length=10, choices=choices.EducationStatus)
    school_name = models.CharField(_("学校名"), max_length=100, blank=True)

    # 7 自己PR登録
    self_pr = models.TextField(_("自己PR"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("求職申込み")
        verbose_name_plural = _("求職申込み")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.number or '-'} {self.family_name} {self.given_name}"


class Qualification(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="qualifications"
    )
    name = models.CharField(_("資格・免許"), max_length=50)
    year = models.PositiveSmallIntegerField(_("取得年"), null=True, blank=True)

    class Meta:
        verbose_name = _("資格・免許")
        verbose_name_plural = _("資格・免許")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class WorkHistory(models.Model):
    """One entry of 6 経歴登録: the flyer's six items."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="work_histories"
    )
    kind = models.CharField(_("就業形態"), max_length=15, choices=choices.WorkKind, blank=True)
    employment_form = models.CharField(_("雇用形態"), max_length=30, blank=True)
    job_description = models.CharField(_("仕事内容"), max_length=100)
    end_year = models.PositiveSmallIntegerField(_("在籍期間（最終年）"))
    end_month = models.PositiveSmallIntegerField(_("在籍期間（最終月）"))
    status = models.CharField(_("現在の状況"), max_length=10, choices=choices.WorkStatus)
    leaving_reason = models.CharField(
        _("退職（予定）理由"), max_length=15, choices=choices.LeavingReason, blank=True
    )

    class Meta:
        verbose_name = _("経歴")
        verbose_name_plural = _("経歴")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.end_year}/{self.end_month} {self.job_description}"


class Consultation(models.Model):
    """A 職業相談 held at the counter, recorded by staff; one held in the last month of validity
    extends the 有効期限 by a month (SPEC "Rules"; jobseeker.services.record_consultation)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("求職申込み"),
    )
    held_on = models.DateField(_("相談日"), default=timezone.localdate)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("記録した職員"),
    )
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    # The 有効期限 this consultation extended the registration to; empty when it extended nothing.
    extended_until = models.DateField(_("延長後の有効期限"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("職業相談")
        verbose_name_plural = _("職業相談")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.application.number or '-'}"


class CounterLinkLockQuerySet(models.QuerySet):
    def locked(self) -> "CounterLinkLockQuerySet":
        return self.filter(locked_at__isnull=False)


class CounterLinkLock(models.Model):
    """The mismatched 生年月日 typed with one 求職番号 to link it to a new マイページ (SPEC
    "Screens and flow" 3).

    Counted over the number's lifetime, for any well-formed number whether an application has it
    or not, so that an unknown number answers as a real one does; at
    settings.COUNTER_LINK_MAX_FAILURES online linking of the number stops until staff unlock
    it (counter_link.services.match_counter_application, services.unlock_counter_link).
    """

    number = models.CharField(_("求職番号"), max_length=14, unique=True)
    failures = models.PositiveSmallIntegerField(_("不一致の回数"), default=0)
    locked_at = models.DateTimeField(_("停止日時"), null=True, blank=True)

    objects = CounterLinkLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("オンライン結び付けの停止")
        verbose_name_plural = _("オンライン結び付けの停止")

    def __str__(self) -> str:
        return self.number


class AuditRecord(models.Model):
    """Who opened or changed an applicant's record, and what changed (issue #4 item 6): staff,
    or the applicant through the マイページ (no staff: a correction, a new login address), so
    that the record's 履歴 tells the whole story (#15 item 7)."""

    class Action(models.TextChoices):
        VIEW = "view", _("閲覧")
        CHANGE = "change", _("変更")
        ADD = "add", _("登録")
        ACCEPT = "accept", _("窓口受付")
        EXPORT = "export", _("CSV出力")
        PRINT = "print", _("印刷")
        CONSULT = "consult", _("職業相談の記録")
        UNLOCK = "unlock", _("オンライン結び付けの停止解除")
        # Started by staff after checking identity at the counter (issue #16 item 4).
        EMAIL_AT_COUNTER = "email_ctr", _("窓口でのメールアドレス変更の開始（本人確認済み）")
        # By the applicant, through the マイページ.
        CORRECT = "correct", _("本人による登録内容の変更")
        EMAIL = "email", _("本人によるメールアドレスの変更")
        # By the applicant, with the key the counter's change (EMAIL_AT_COUNTER) mailed.
        EMAIL_BY_KEY = "email_key", _("本人による認証キーでのメールアドレス変更の確定")
        # By the applicant, from the 確認 page (#17 item 3).
        RENEW = "renew", _("本人による有効期限の延長")

    # What the applicant does, through the マイページ or a key: the only records without staff
    # (Meta).
    BY_APPLICANT = (Action.CORRECT, Action.EMAIL, Action.EMAIL_BY_KEY, Action.RENEW)

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    # Empty for what the applicant did (BY_APPLICANT): an account's deletion deletes those
    # records (jobseeker.lifecycle), which a PROTECT reference to the account would prevent.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action)
    # PROTECT: deleting an application never takes its audit trail with it; the one deletion
    # (an account's, jobseeker.lifecycle.delete_application) detaches the records first.
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_records",
        verbose_name=_("求職申込み"),
    )
    changes = models.JSONField(_("変更内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("操作記録")
        verbose_name_plural = _("操作記録")
        ordering = ["-at"]
        constraints = [
            # A staff write that forgot staff= would read as the applicant's own in the 履歴
            # and be deleted with their account: the database refuses it. (BY_APPLICANT's
            # values: the class body's names are out of Meta's reach.)
            models.CheckConstraint(
                condition=models.Q(staff__isnull=False)
                | models.Q(action__in=["correct", "email", "email_key", "renew"]),
                name="auditrecord_staff_unless_by_applicant",
            ),
        ]

    def __str__(self) -> str:
        who = _("本人") if self.by_applicant else self.staff
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_action_display()}"

    @property
    def by_applicant(self) -> bool:
        return self.action in self.BY_APPLICANT
