"""Fills the database with the national data set of issue #18 (jobseeker.national_seed): for
benchmarks and trying the counter at size, never for a production database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Adds offices (up to --offices) and --applications made-up applications in every state, "
        "with accounts, drafts, audit records and mails. Only with DEBUG on."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--offices", type=int, default=544, help="offices in all (default 544)")
        parser.add_argument("--applications", type=int, default=1_000_000)
        parser.add_argument("--years", type=float, default=5.0, help="submitted over this span")
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument(
            "--main-office-share",
            type=float,
            default=0.3,
            help="share of the applications in the default office (DEFAULT_OFFICE_CODE)",
        )
        parser.add_argument(
            "--password", help="one password for every seeded applicant (default: unusable)"
        )
        parser.add_argument("--seed", type=int, default=1, help="the random generator's seed")

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_national adds made-up people and runs only with DEBUG on; this is a "
                "DEBUG=false (production) configuration. Set DEBUG=true for a development or "
                "benchmark database."
            )
        if options["offices"] < 1 or options["applications"] < 0 or options["batch_size"] < 1:
            raise CommandError(
                "--offices and --batch-size must be 1 or more, --applications 0 or more."
            )
        if not 0 <= options["main_office_share"] <= 1:
            raise CommandError("--main-office-share is a fraction from 0 to 1.")
        try:
            from jobseeker import national_seed
        except ImportError as error:
            raise CommandError(
                f"seed_national needs the test requirements (bin/_venv test): {error}"
            ) from error
        added = national_seed.seed(
            national_seed.Options(
                offices=options["offices"],
                applications=options["applications"],
                years=options["years"],
                batch_size=options["batch_size"],
                main_office_share=options["main_office_share"],
                password=options["password"],
                seed=options["seed"],
            ),
            stderr=self.stderr._out,
        )
        for kind, count in added.items():
            self.stdout.write(f"{count:10,d}  {kind}")
