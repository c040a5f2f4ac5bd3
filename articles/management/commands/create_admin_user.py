import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first admin account with a random password, printed once. Does nothing "
        "when a superuser already exists (reset a password with `manage.py changepassword`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, verbosity, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            if verbosity:
                self.stdout.write(
                    f"Admin account “{existing.get_username()}” already exists. "
                    f"Forgot its password? Run: manage.py changepassword {existing.get_username()}"
                )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account “{username}” with password: {password}\n"
                "It is shown only this once; change it after you log in."
            )
        )
