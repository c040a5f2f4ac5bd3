from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database to FILE, while the site keeps "
        "running (SQLite: online backup; PostgreSQL: pg_dump custom format)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, verbosity, **options):
        try:
            target = backup_database(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Backed up the database to {target}."))
