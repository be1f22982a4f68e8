"""What the counter records of an application: consultations, the lock on online linking, the
audit trail, and the 有効期限 reminders sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application


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


class ExpiryReminder(models.Model):
    """A 有効期限 reminder mailed for an application (issue #17 item 3): one of each kind per
    有効期限, which the unique constraint holds even for two runs at once; a renewed registration
    has a new date and so gets its own (jobseeker.services.reminders)."""

    class Kind(models.TextChoices):
        SOON = "soon", _("14日前のお知らせ")
        LAPSED = "lapsed", _("期限切れのお知らせ")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    kind = models.CharField(_("種類"), max_length=10, choices=Kind)
    valid_until = models.DateField(_("お知らせした有効期限"))
    # Empty once the account, and its mails with it, is deleted.
    sent_mail = models.ForeignKey(
        "accounts.SentMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("有効期限のお知らせ")
        verbose_name_plural = _("有効期限のお知らせ")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "valid_until"], name="one_reminder_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_until:%Y-%m-%d} {self.kind}"
