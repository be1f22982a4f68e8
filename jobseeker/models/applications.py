"""Applications (求職申込み) with their 求職番号, their qualifications and work history, and
the wizard's saved drafts."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Upper
from django.utils.translation import gettext_lazy as _

from .. import choices
from .offices import Office
from .search import ApplicationQuerySet


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

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("求職申込み")
        verbose_name_plural = _("求職申込み")
        ordering = ["-submitted_at"]
        # For the counter at a million rows (docs/scale.md): an office's list newest first
        # (with the pk the admin adds to the order), carrying the list filters' columns so that
        # a filtered count reads the index only (184 -> 23 ms for 状態 in an office of 60,000);
        # a superuser's list; 業務統計's days. The search's trigram index is PostgreSQL's only,
        # outside this state: migration 0017 and models/search.py.
        indexes = [
            models.Index(
                fields=["office", "submitted_at", "id"],
                include=["status", "valid_until", "employment_type"],
                name="application_office_list",
            ),
            models.Index(fields=["submitted_at", "id"], name="application_list"),
            models.Index(fields=["office", "accepted_at"], name="application_office_accepted"),
            # A whole mail address typed in the search (email__iexact: UPPER(email::text)).
            models.Index(Upper(Cast("email", models.TextField())), name="application_email_upper"),
        ]

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
