import time

from django.core.management.base import BaseCommand, CommandError

from articles.generating import generate_articles


class Command(BaseCommand):
    help = (
        "Create many realistic articles for benchmarks and load tests: sections, long-tail "
        "tags, several bylines, publication times over five years, some drafts and scheduled "
        "ones. Bodies come from --corpus (a folder of plain-text articles) or are invented."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many articles.")
        parser.add_argument("--corpus", help="Folder of plain-text articles to draw bodies from.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same articles.")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, count, corpus, seed, batch_size, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        started = time.monotonic()

        def progress(done, total):
            if verbosity:
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(
                    f"  {done}/{total} articles ({done * 100 // total}%), {rate:,.0f}/s"
                )
                self.stdout.flush()

        try:
            created = generate_articles(
                count, corpus=corpus, seed=seed, batch_size=batch_size, progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Created {created:,} articles in {seconds:.1f}s."))
