from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.seeding import FIXTURE_PATH, import_seeds, serialize_seed


class Command(BaseCommand):
    help = (
        "Build fixtures/seed.json from seeds/ with the importer. It works in a scratch "
        "database, so your own content is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if fixtures/seed.json differs from what seeds/ builds.",
        )

    def handle(self, *args, check, verbosity, **options):
        original_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            fixture = serialize_seed(import_seeds())
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)

        if check:
            if not FIXTURE_PATH.exists() or FIXTURE_PATH.read_text(encoding="utf-8") != fixture:
                raise CommandError(
                    f"{FIXTURE_PATH} is out of date with seeds/. Run `manage.py build_seed_fixture`."
                )
            self.stdout.write(self.style.SUCCESS(f"{FIXTURE_PATH} matches seeds/."))
            return
        FIXTURE_PATH.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE_PATH.write_text(fixture, encoding="utf-8")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Wrote {FIXTURE_PATH}."))
