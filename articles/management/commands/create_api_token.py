from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import ApiToken


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it once; only its hash is stored. "
        "The token can do what that account may do. Revoke it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What uses the token (shown in the admin).")
        parser.add_argument(
            "--embargo-access",
            action="store_true",
            help="Let the token read published articles still under embargo (for partners).",
        )

    def handle(self, *args, username, name, embargo_access, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no account “{username}”.") from None
        if not user.is_active:
            raise CommandError(f"The account “{username}” is inactive; its token would not work.")
        with transaction.atomic():
            token, raw = ApiToken.objects.create_token(
                user=user, name=name or f"Token for {username}", embargo_access=embargo_access
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created API token “{token.name}” for {username}:\n{raw}\n"
                "It is shown only this once; store it now. Send it as "
                "`Authorization: Bearer <token>`."
            )
        )
