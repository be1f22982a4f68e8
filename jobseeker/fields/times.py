"""Times of day (希望する就業時間), typed or picked, to the minute."""

import re
import unicodedata
from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

# 9:00, ９：００, 0900, 900, 9時, 9時15分, 9時半 (after NFKC and without spaces).
_TIME = re.compile(r"(\d{1,2})(?:[:時](?:(\d{1,2})分?|(半))?)?|(\d{1,2})(\d{2})")


class TimeOfDayField(forms.Field):
    """A time of day to the minute, typed or picked: '９：００', '0900', '9時半', '17時15分' →
    9:00, 9:30, 17:15.

    Any minute, not only the half hour: real schedules end at 17:15 (the office's own hours,
    8:30–17:15) or start at 8:45, and SPEC asks only for 勤務時間 from–to; the applicant's step
    and the counter's form use this one field (#15 item 4). A native time box instead of a list
    of options: a phone shows its own time picker, a PC browser its hour and minute boxes (not
    the admin's 「現在 | 🕒」 shortcuts), and a browser without one leaves a text box, where any of
    these is understood.
    """

    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    default_error_messages = {
        "invalid": _("時刻は「9:00」や「17:30」のように入力してください。"),
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
        return time(hour, minute)
