from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article
from articles.seeding import FIXTURE_PATH


class Command(BaseCommand):
    help = (
        "Load the seed article (fixtures/seed.json) into a database that has no articles yet. "
        "A database that already has articles is left alone, so edits survive restarts."
    )

    def handle(self, *args, verbosity, **options):
        if Article.objects.exists():
            if verbosity:
                self.stdout.write("The database already has articles; the seed was not loaded.")
            return
        call_command("loaddata", FIXTURE_PATH, verbosity=0)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded the seed: {Article.objects.count()} article(s).")
            )
