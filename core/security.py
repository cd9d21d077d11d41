"""Security plumbing that Django and its add-ons leave to the project.

- `PermissionsPolicyMiddleware`: the Permissions-Policy header (Django has no setting for it).
- `AllowedMethodsMiddleware`: public views answer GET and HEAD (POST where a form is), 405 to everything else.
- `AdminCSPMiddleware`: django-csp's middleware plus the one relaxation the admin's editor needs.
- `NonceMediaAdminMixin`: the CSP nonce for the import map of django-prose-editor's admin widget.
- `serve_media`: uploaded files, when the project serves them itself, as inert downloads.
- `client_ip`: the address django-axes locks, trusting X-Forwarded-For only behind a declared proxy.
- `lockout_response`: the German 429 page after too many failed logins.
- `PersonalDataFilter`: log records keep the request path but lose addresses, query strings and cookies.
"""

import logging
import re
import traceback
from datetime import timedelta

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.static import serve
from js_asset import Media

# Browser features a news site never uses; `()` allows them to no origin, not even our own.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def allowed_methods(view_func) -> list[str]:
    """The methods a public view answers: GET and HEAD, and POST if it is a class-based view with a form
    (a `post` handler, not excluded by its `http_method_names`). Function views (feeds, sitemaps) read only.
    OPTIONS is not offered: the site serves no cross-origin requests that would need it."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is None:
        return ["GET", "HEAD"]
    names = getattr(view_func, "view_initkwargs", {}).get("http_method_names", view_class.http_method_names)
    allowed = []
    if "get" in names and hasattr(view_class, "get"):
        allowed += ["GET", "HEAD"]
    if "post" in names and hasattr(view_class, "post"):
        allowed.append("POST")
    return allowed


class AllowedMethodsMiddleware:
    """405 with an `Allow` header and a German page for methods a public view does not take.

    Placed before CsrfViewMiddleware, so a PUT or DELETE gets its 405 rather than the CSRF page, and the
    views' own dispatch never sees TRACE, PROPFIND or invented methods. The admin keeps Django's handling.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "admin" in request.resolver_match.app_names:
            return None
        allowed = allowed_methods(view_func)
        if request.method in allowed:
            return None
        response = render(request, "405.html", {"allowed": ", ".join(allowed)}, status=405)
        response["Allow"] = ", ".join(allowed)
        return response


class AdminCSPMiddleware(CSPMiddleware):
    """The site-wide policy; below the admin's URL, `settings.ADMIN_CSP_UPDATE` is added to it.

    A per-path rule rather than decorators, because the admin's views (login, change forms, popups,
    the keyword suggestions) are many and mostly Django's own.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.update = {**settings.ADMIN_CSP_UPDATE, **(parts.update or {})}
        return parts


class NonceMediaAdminMixin:
    """For ModelAdmins whose change form holds a django-prose-editor field.

    The editor's media include an import map, rendered as an inline `<script type="importmap">`; import
    maps cannot be loaded from a file, so the policy admits it by the request's nonce (which js_asset's
    Media then puts on every script and stylesheet tag of the form).
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


# Uploads are files editors chose, not pages: an SVG or HTML file opened directly must not run script
# in the site's origin, and browsers must not guess a more dangerous type than the one we send.
MEDIA_HEADERS = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
}


def serve_media(request: HttpRequest, path: str, document_root: str | None = None) -> HttpResponse:
    """`django.views.static.serve` for MEDIA_URL, with headers that keep uploaded files inert."""
    try:
        response = serve(request, path, document_root=document_root)
    except OSError as error:
        # A name the file system refuses (too long, a NUL byte) names no file: 404, not a 500.
        raise Http404 from error
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client address for login lockouts.

    X-Forwarded-For is whatever the client sends, unless a reverse proxy we trust appends to it:
    only with `TRUSTED_PROXY_COUNT` = n (the number of our proxies) do we take the n-th address from
    the right, the one our outermost proxy saw. Anything further left could be forged.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not (fully) through our proxies: the connection's address is the only trustworthy one.
        return remote_addr
    return forwarded[-proxies]


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked login: a German page with status 429 and the waiting time."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return render(request, "security/lockout.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)


# IPv4, IPv6 (eight groups, or shortened with "::", so that times like 09:30:15 stay) and e-mail addresses.
_HEX = "[0-9a-fA-F]{1,4}"
_PERSONAL = [
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[IP]"),
    (
        re.compile(
            rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}:){{0,6}}(?:{_HEX})?::(?:{_HEX}:){{0,6}}(?:{_HEX})?)(?![\w:])"
        ),
        "[IP]",
    ),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[E-Mail]"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _PERSONAL:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Keeps log records free of personal data, whichever handler formats them.

    Django's request logger passes the whole request along (`record.request`: cookies, client address,
    query string); handlers could print it, so it is removed. Django's own messages name only
    `request.path` (no query string), which stays. Addresses in messages and tracebacks are masked.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("request", None)
        try:
            message = record.getMessage()
        except Exception:
            # A malformed log call: the handler reports it as a logging error, as it would without us.
            return True
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return True
