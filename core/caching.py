"""A shared Redis cache that the site survives losing (docs/betrieb.md).

`CACHE_URL=redis://…` puts every cache alias on one Redis server, each under its own key prefix
(`redis_caches`). The aliases use `DegradingRedisCache`: Django's own RedisCache, except that an unreachable
server turns reads into misses and writes into no-ops, so pages are served uncached instead of failing, and a
warning is logged at most once a minute per process. After a failure the server is left alone for
`RETRY_SECONDS`, so that an outage does not cost every request a connection attempt per cache call.

Code that must not go on without the cache (the health check) wraps its calls in `cache_required()`: there an
outage raises `CacheUnavailable` instead. Nothing that enforces a limit may live in a cache (docs/sicherheit.md).
"""

import contextlib
import contextvars
import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

REDIS_SCHEMES = {"redis", "rediss", "unix"}
WARNING_INTERVAL_SECONDS = 60

_required = contextvars.ContextVar("newsroom_cache_required", default=False)
# Per process, shared by all aliases and threads: one outage gives one warning a minute, not one per alias.
_outage = {"down_until": 0.0, "warned_at": float("-inf")}


class CacheUnavailable(Exception):
    """The cache did not answer inside `cache_required()`."""


@contextlib.contextmanager
def cache_required():
    """Within this block a degrading cache raises CacheUnavailable instead of pretending a miss."""
    token = _required.set(True)
    try:
        yield
    finally:
        _required.reset(token)


def reset_outage() -> None:
    """Forget a past outage: the next call tries the server at once (tests, and after a known recovery)."""
    _outage.update(down_until=0.0, warned_at=float("-inf"))


def _report(error: Exception, key_prefix: str) -> None:
    now = time.monotonic()
    if now - _outage["warned_at"] >= WARNING_INTERVAL_SECONDS:
        _outage["warned_at"] = now
        # The error names host and port, never the password of the URL.
        logger.warning(
            "Cache unreachable (%s, %s: %s): pages are served without it; next warning in a minute at the earliest",
            key_prefix,
            type(error).__name__,
            str(error)[:200],
        )


def _degrading(default):
    """Wrap a RedisCache method: on a Redis error, return `default` (or raise CacheUnavailable when required)."""

    def decorate(method):
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < _outage["down_until"]:
                if _required.get():
                    raise CacheUnavailable("cache marked unreachable after a recent error")
                return default(*args, **kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _outage["down_until"] = time.monotonic() + self.retry_seconds
                _report(error, self.key_prefix)
                if _required.get():
                    raise CacheUnavailable(f"{type(error).__name__}: {error}") from error
                return default(*args, **kwargs) if callable(default) else default

        wrapper.__name__ = method.__name__
        wrapper.__doc__ = method.__doc__
        return wrapper

    return decorate


def _missing_counter(key, *args, **kwargs):
    # incr() of a key the cache does not have: what callers already handle.
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


def _get_default(key, default=None, *args, **kwargs):
    return default


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client with one `redis.Redis` per connection pool instead of a new one for every call: building one
    (with redis-py 8 a table of some 170 response callbacks) cost more CPU than the round trip of a page cache
    hit. A redis.Redis is safe to share; its connections still come from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that serves misses while Redis is unreachable.

    OPTIONS besides redis-py's connection options: RETRY_SECONDS (default 5), how long after an error the
    server is not asked again.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedClientRedisCacheClient

    add = _degrading(False)(RedisCache.add)
    get = _degrading(_get_default)(RedisCache.get)
    set = _degrading(None)(RedisCache.set)
    touch = _degrading(False)(RedisCache.touch)
    delete = _degrading(False)(RedisCache.delete)
    get_many = _degrading(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _degrading(False)(RedisCache.has_key)
    incr = _degrading(_missing_counter)(RedisCache.incr)
    set_many = _degrading(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _degrading(None)(RedisCache.delete_many)
    clear = _degrading(False)(RedisCache.clear)


def redis_caches(url: str, aliases: dict, *, key_prefix: str, socket_timeout: float, retry_seconds: float) -> dict:
    """CACHES for a shared Redis at `url`: each alias of `aliases` keeps its TIMEOUT and gets its own key prefix."""
    for server in url.replace(";", ",").split(","):
        parts = urlsplit(server.strip())
        if parts.scheme not in REDIS_SCHEMES or not (parts.hostname or parts.path):
            raise ImproperlyConfigured(
                "CACHE_URL must be a Redis URL such as redis://:password@host:6379/0, rediss://… (TLS) or "
                "unix:///run/redis/redis.sock?db=0."
            )
    caches = {}
    for alias, config in aliases.items():
        caches[alias] = {
            "BACKEND": "core.caching.DegradingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{key_prefix}:{alias}",
            "OPTIONS": {
                "socket_connect_timeout": socket_timeout,
                "socket_timeout": socket_timeout,
                "RETRY_SECONDS": retry_seconds,
            },
        }
        if "TIMEOUT" in config:
            caches[alias]["TIMEOUT"] = config["TIMEOUT"]
    return caches
