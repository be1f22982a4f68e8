"""Times of day (希望する就業時間), typed or picked on the half hour."""

import re
import unicodedata
from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

# 9:00, ９：００, 0900, 900, 9時, 9時30分, 9時半 (after NFKC and without spaces).
_TIME = re.compile(r"(\d{1,2})(?:[:時](?:(\d{1,2})分?|(半))?)?|(\d{1,2})(\d{2})")


class HalfHourTimeField(forms.Field):
    """A time of day on the half hour, typed or picked: '９：００', '0900', '9時半' → 9:00, 9:30.

    A native time box (step 30 minutes) instead of a list of 48 options: a phone shows its own
    time picker, and a browser without one leaves a text box, where any of these is understood.
    """

    widget = forms.TimeInput(attrs={"type": "time", "step": "1800"}, format="%H:%M")
    default_error_messages = {
        "invalid": _("時刻は「9:00」や「17:30」のように入力してください。"),
        "half_hour": _("時刻は30分単位（00分か30分）で入力してください（例：9:00、9:30）。"),
    }

    def to_python(self, value):
        if isinstance(value, time) or value in self.empty_values:
            return value or None
        value = "".join(unicodedata.normalize("NFKC", str(value)).split())
        match = _TIME.fullmatch(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute, half, packed_hour, packed_minute = match.groups()
        hour, minute = int(hour or packed_hour), 30 if half else int(minute or packed_minute or 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if minute not in (0, 30):
            raise forms.ValidationError(self.error_messages["half_hour"], code="half_hour")
        return time(hour, minute)
