"""Redis as an optimisation, never a dependency.

Django's RedisCache raises on every call while Redis is unreachable, so an outage
turned every request into a 500. `ResilientRedisCache` answers as an empty cache
instead: a read is a miss, a write does nothing. After a failure it does not try
again for `RETRY_AFTER` seconds (a circuit breaker), so a down Redis costs each
worker at most one quick attempt (the connect timeout in `OPTIONS`) every few
seconds, and the outage is logged once a minute, not as a traceback per request.

Nothing authoritative lives in the cache: sessions and the content version are in
the database (`intranet.caching`), so serving without the cache is slower, never
wrong.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Loading a snapshot after a restart (BusyLoadingError) is a ConnectionError too.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5
LOG_EVERY = 60


class ResilientRedisCache(RedisCache):
    """A RedisCache that treats an unreachable Redis as an empty cache."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = options.pop("RETRY_AFTER", RETRY_AFTER)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._down_since = None
        self._logged_at = None

    @property
    def is_down(self):
        """Whether the last attempt failed less than `retry_after` seconds ago."""
        return time.monotonic() < self._down_until

    def _attempt(self, call, *args, otherwise=None):
        if self.is_down:
            return otherwise
        try:
            result = call(*args)
        except UNREACHABLE as error:
            self._went_down(error)
            return otherwise
        if self._down_since is not None:
            logger.warning(
                "Redis at %s answers again after %.0f s; the cache is back in use.",
                self._location(),
                time.monotonic() - self._down_since,
            )
            self._down_since = self._logged_at = None
        return result

    def _went_down(self, error):
        now = time.monotonic()
        self._down_until = now + self.retry_after
        if self._down_since is None:
            self._down_since = now
        if self._logged_at is None or now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            logger.warning(
                "Redis at %s is unreachable (%s): pages are served from the "
                "database without the cache; next attempt in %s s.",
                self._location(),
                error,
                self.retry_after,
            )

    def _location(self):
        # The address without any password it may carry.
        return ", ".join(server.rpartition("@")[2] for server in self._servers)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, key, value, timeout, version, otherwise=False)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, key, default, version, otherwise=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, key, timeout, version, otherwise=False)

    def delete(self, key, version=None):
        return self._attempt(super().delete, key, version, otherwise=False)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, keys, version, otherwise={})

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, key, version, otherwise=False)

    def incr(self, key, delta=1, version=None):
        result = self._attempt(super().incr, key, delta, version)
        if result is None:
            # What Django's caches say of a key they do not hold.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that could not be stored: all of them while Redis is down.
        return self._attempt(
            super().set_many, data, timeout, version, otherwise=list(data)
        )

    def delete_many(self, keys, version=None):
        self._attempt(super().delete_many, keys, version)

    def clear(self):
        return self._attempt(super().clear, otherwise=False)
