"""The counter (窓口): the admin of jobseeker's models on the site of accounts/admin_site.py.

One module per concept: offices.py (offices, and staff kept to their own office's records),
applications.py (the application admin: list, page, acceptance), its search.py (for a 2D-code
scanner), panel.py (the counter panel heading a record), forms.py with address_lookup.py
(住所検索), filters.py and inlines.py, paginator.py (the list's count at a million rows),
walk_in.py (the page after registering a walk-in), home.py (where a clerk's /admin/ opens),
views.py (its extra pages: CSV, 業務統計, print, 職業相談, unlocking the online link), audit.py
(the audit trail) and history.py (the record's 履歴 drawn from it), with displays.py and
wording.py (how the counter writes people, dates, consultations and mails). Importing them
registers the admins (Django's autodiscovery imports this package).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .applications import ApplicationAdmin
from .audit import AuditRecordAdmin
from .forms import ApplicationAdminForm
from .offices import OfficeAdmin, OwnOfficeMixin

__all__ = [
    "ApplicationAdmin",
    "ApplicationAdminForm",
    "AuditRecordAdmin",
    "OfficeAdmin",
    "OwnOfficeMixin",
]

admin.site.site_header = _("ハローワーク 窓口")
admin.site.site_title = _("ハローワーク 窓口")
admin.site.index_title = _("求職申込みの受付")
