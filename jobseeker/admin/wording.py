"""How the counter writes a day, a moment and a person (#15 item 8): 2026年12月6日, 2026年12月6日
15:24, and a staff member by their name."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext


def written_day(day: date) -> str:
    """A day as the page's language writes it (2027年7月10日, 10 July 2027), through Django's
    date formatting (strftime's %-d is not portable)."""
    return date_format(day, pgettext("date format", "Y年n月j日"))


def written_moment(moment: datetime) -> str:
    """A moment in the server's time zone (Japan's), as 2026年12月6日 15:24."""
    local = timezone.localtime(moment)
    values = {"day": written_day(local.date()), "time": f"{local:%H:%M}"}
    return gettext("%(day)s %(time)s") % values


def person(user) -> str:
    """Who did something: the staff member's name (accounts.User.name), else their address;
    the applicant through the マイページ when there is no staff member."""
    if user is None:
        return gettext("本人（マイページ）")
    return user.get_full_name()
