from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access


@require_POST
def switch_portal(request):
    """The header's "Portal: … Wechseln" in the admin: keep the chosen portal in the session, back to the page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    raw = request.POST.get("portal", "")
    portal_id = int(raw) if raw.isdigit() and len(raw) < 19 else None
    if portal_id is None or not access.choose_portal(request, portal_id):
        messages.error(request, _("Dieses Portal können Sie nicht wählen."))
    else:
        messages.success(
            request, _("Sie arbeiten jetzt im Portal „%(portal)s“.") % {"portal": access.current_portal(request)}
        )
    return HttpResponseRedirect(target)
