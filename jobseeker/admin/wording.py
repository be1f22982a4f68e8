"""How the counter writes a day, a moment and a person (#15 item 8): 2026年12月6日, 2026年12月6日
15:24, and a staff member by their name (and address, in the lines of what they did)."""

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


def person_who_did(user) -> str:
    """Who did something, as the 履歴 and the consultations name them: 「窓口 一郎（address）」.

    The name (accounts.User.name) is read as it is now, so renaming a staff member renames them
    in past lines too; the login address beside it tells whose work each line is all the same.
    (Keeping the name as it was with each record would need it stored on the record.)
    """
    if user is None or not user.name:
        return person(user)
    return gettext("%(name)s（%(email)s）") % {"name": user.name, "email": user.email}
