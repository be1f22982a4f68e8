"""Compiles every .po under LOCALE_PATHS to its .mo with polib: no GNU gettext needed.

Django's compilemessages needs msgfmt, which a fresh machine may not have. The .mo files are
build output (ignored by git); bin/run and bin/test run this before anything else. A .mo that
already holds the compiled catalogue is left alone, so running it again changes nothing.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compiles the translation catalogues (.po) of LOCALE_PATHS to .mo files."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                self.compile(po_path)

    def compile(self, po_path: Path) -> None:
        catalogue = polib.pofile(str(po_path))
        # Like msgfmt: fuzzy and untranslated entries are left out, so the msgid is shown.
        left_out = len(catalogue.untranslated_entries()) + len(catalogue.fuzzy_entries())
        if left_out:
            self.stderr.write(f"{po_path}: {left_out} entries are not translated")
        compiled = catalogue.to_binary()
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.read_bytes() == compiled:
            return
        partial = mo_path.with_suffix(".mo.tmp")
        partial.write_bytes(compiled)
        # A server reading the old file while this runs sees the old or the new, never half.
        partial.replace(mo_path)
        self.stdout.write(f"Compiled {mo_path}")
