from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by backup_database. Stop the web "
        "server and the tasks worker first: everything saved since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file, yes, verbosity, **options):
        if not yes:
            answer = input(f"Replace the whole database with {file}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore_database(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Restored the database from {file}."))
