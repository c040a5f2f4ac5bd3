import random

from django.conf import settings
from django.db import transaction


class PrimaryReplicaRouter:
    """Reads go to a replica when DATABASE_REPLICA_URLS names some; writes to the primary.

    A read inside a transaction stays on the primary, so a request that just saved
    something reads its own writes.
    """

    def replicas(self):
        return [alias for alias in settings.DATABASES if alias.startswith("replica")]

    def db_for_read(self, model, **hints):
        replicas = self.replicas()
        if not replicas or transaction.get_connection("default").in_atomic_block:
            return "default"
        # Spreads reads over replicas; nothing secret depends on it.
        return random.choice(replicas)  # nosec B311

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias is the same data

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
