from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from articles.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Put the Writers and Editors groups back as Newsroom defines them (articles/roles.py): "
        "creates them if missing and resets their permissions. Members are kept."
    )

    def handle(self, *args, verbosity, **options):
        sync_roles(Group, Permission)
        if verbosity:
            for name in ROLES:
                count = Group.objects.get(name=name).permissions.count()
                self.stdout.write(self.style.SUCCESS(f"{name}: {count} permissions."))
