import time
from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.importing import import_articles
from articles.models import Article

IMPORTABLE_STATUSES = [
    Article.Status.DRAFT,
    Article.Status.IN_REVIEW,
    Article.Status.PUBLISHED,
]


def split_names(values):
    """--tag NATO --tag "Ukraine, Russia" -> ["NATO", "Ukraine", "Russia"]."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


class Command(BaseCommand):
    help = (
        "Import plain-text articles (headline on the first line, then paragraphs and "
        "sub-headings). PATH may be a file or a folder; in a folder, each file's section is "
        "the name of the folder it is in, unless --section is given. Importing a file again "
        "updates its article instead of duplicating it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--section", help="File every article in this section (created if new)."
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            dest="tags",
            help="Tag every new article; repeat or separate with commas.",
        )
        parser.add_argument(
            "--byline",
            action="append",
            default=[],
            dest="bylines",
            help="Credit this author on every new article; repeat for several, in order.",
        )
        parser.add_argument(
            "--status",
            choices=IMPORTABLE_STATUSES,
            default=Article.Status.DRAFT,
            help="Workflow status of new articles (default: draft).",
        )
        parser.add_argument(
            "--published-at",
            help="Publication time for --status published, ISO 8601 (default: now).",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Import as this user, with their permissions (a Writer cannot publish). "
            "Without it the import runs as the system, as anything run from the shell does.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check every file; save nothing."
        )

    def handle(
        self,
        *args,
        paths,
        section,
        tags,
        bylines,
        status,
        published_at,
        username,
        dry_run,
        verbosity,
        **options,
    ):
        published_at = self.parse_published_at(published_at)
        user = self.user(username)
        self.verbosity = verbosity
        self.started = time.monotonic()
        # Each file commits on its own, so an interrupted import keeps what it finished;
        # a dry run wraps everything in one transaction and rolls it back.
        with transaction.atomic() if dry_run else nullcontext():
            report = import_articles(
                paths,
                section=section,
                tags=split_names(tags),
                bylines=split_names(bylines),
                status=status,
                published_at=published_at,
                by=user,
                progress=self.show_progress,
            )
            if dry_run:
                transaction.set_rollback(True)

        for failure in report.failures:
            self.stderr.write(f"{failure.path}: {failure.error}")
        counts = report.counts
        seconds = time.monotonic() - self.started
        summary = (
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed "
            f"in {seconds:.1f}s"
        )
        if dry_run:
            summary = f"Dry run, nothing saved: would have {summary}"
        if report.failures:
            raise CommandError(f"{summary}. The files listed above were not imported.")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary + "."))

    def user(self, username):
        if username is None:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no account “{username}”.") from None

    def parse_published_at(self, value):
        if value is None:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise CommandError(
                f"--published-at {value!r} is not a date and time; use ISO 8601, e.g. 2025-03-14T09:00:00Z."
            )
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)

    def show_progress(self, done, total, outcome):
        if self.verbosity >= 2:
            self.stdout.write(f"[{done}/{total}] {outcome.result}: {outcome.path}")
        elif self.verbosity == 1 and (done % 250 == 0 or done == total) and total >= 250:
            rate = done / max(time.monotonic() - self.started, 1e-6)
            self.stdout.write(
                f"  {done}/{total} files ({done * 100 // total}%), {rate:.0f} files/s"
            )
            self.stdout.flush()
