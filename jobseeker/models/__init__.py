"""jobseeker's models: offices, applications (求職申込み) with their 求職番号 and drafts, and what
the counter records of them; one module each, all importable from here."""

from .applications import Application, ApplicationDraft, Qualification, WorkHistory
from .counter import (
    AuditRecord,
    Consultation,
    CounterLinkLock,
    CounterLinkLockQuerySet,
    ExpiryReminder,
)
from .offices import Office, OfficeQuerySet

__all__ = [
    "Application",
    "ApplicationDraft",
    "AuditRecord",
    "Consultation",
    "CounterLinkLock",
    "CounterLinkLockQuerySet",
    "ExpiryReminder",
    "Office",
    "OfficeQuerySet",
    "Qualification",
    "WorkHistory",
]
