import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)


def survives_outage(fallback):
    """Run the cache operation; if Redis cannot be reached, log it and return fallback(...)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (ConnectionError, TimeoutError) as error:
                logger.warning("Cache unavailable (%s); carrying on without it.", error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def nothing(*args, **kwargs):
    return None


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, treating an unreachable Redis as an empty cache.

    A cache is an optimisation: when Redis stops, pages are built from the database
    (slower, but served) instead of failing with a 500.
    """

    @survives_outage(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @survives_outage(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @survives_outage(lambda *args, **kwargs: False)
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    @survives_outage(lambda *args, **kwargs: False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    @survives_outage(lambda *args, **kwargs: False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @survives_outage(lambda *args, **kwargs: False)
    def touch(self, *args, **kwargs):
        return super().touch(*args, **kwargs)

    @survives_outage(lambda *args, **kwargs: [])
    def set_many(self, *args, **kwargs):
        return super().set_many(*args, **kwargs)

    set = survives_outage(nothing)(RedisCache.set)
    delete_many = survives_outage(nothing)(RedisCache.delete_many)
    clear = survives_outage(nothing)(RedisCache.clear)
