"""Whole public pages for anonymous readers, from a cache that is never stale (docs/seiten-cache.md).

- `changes`: the content generation, a counter in the database that every write to a watched table raises in the
  same transaction, and the next scheduled change (publication or end time) still ahead.
- `middleware.PageCacheMiddleware` (first in MIDDLEWARE): answers hits before any other middleware from the stored
  response, which carries every header the full stack set, and stores misses; ETag, Last-Modified, 304 answers and
  Cache-Control. `middleware.PageCacheViewMiddleware` (after auth): which resolved views may be stored.
"""
