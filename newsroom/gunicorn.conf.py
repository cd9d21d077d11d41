"""gunicorn settings for `scripts/serve` and `make serve` (docs/betrieb.md); all from the environment."""

import os

from newsroom import serving

wsgi_app = "newsroom.wsgi:application"
# Behind a reverse proxy on the same machine: 127.0.0.1. HOST=0.0.0.0 in a container.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A worker leaves after this many requests (plus jitter), so that no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# The addresses of proxies whose X-Forwarded-Proto gunicorn believes (the nginx in front).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Both logs to stdout/stderr, for journald or the container runtime. No client address, no query string, no
# user agent: the privacy rules of the error log (docs/sicherheit.md) hold for access lines too.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
logger_class = serving.AccessLogger
# gunicorn's control socket (one fixed path per user) would be shared by every instance on the machine.
control_socket_disable = True


def on_starting(server):
    serving.preflight()
