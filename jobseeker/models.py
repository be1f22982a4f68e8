"""The office that serves job seekers; applications and 求職番号 build on it."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("ハローワーク")
        verbose_name_plural = _("ハローワーク")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
