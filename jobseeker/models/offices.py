"""Hello Work offices (安定所) and the areas they serve."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class OfficeQuerySet(models.QuerySet):
    def serving(self, prefecture: str, city: str) -> "Office":
        """The office whose 管轄区域 has the longest line the address starts with.

        The office of settings.DEFAULT_OFFICE_CODE when no line matches. Every line starts
        with its 都道府県 (the field's help text), so only the offices of the address's
        prefecture are read: a dozen, not the country's 544.
        """
        address = f"{prefecture}{city}"
        best, best_length = None, 0
        for office in self.filter(service_area__contains=prefecture):
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
