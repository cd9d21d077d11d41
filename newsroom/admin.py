from functools import wraps

from django.contrib.admin import AdminSite
from django.db import IntegrityError
from django.template.response import TemplateResponse

from articles.workflow import desk_lists
from images.rights import licences_for_start_page


class NewsroomAdminSite(AdminSite):
    """The admin index is the editors' start page (articles.workflow.desk_lists: own drafts, waiting for review,
    scheduled, recently published, recently changed by others; images.rights: licences ending); no save ends in an
    IntegrityError page."""

    def index(self, request, extra_context=None):
        lists = {**desk_lists(request.user), **licences_for_start_page(request.user)}
        return super().index(request, extra_context={**lists, **(extra_context or {})})

    def admin_view(self, view, cacheable=False):
        return super().admin_view(retry_on_integrity_error(view), cacheable)


def retry_on_integrity_error(view):
    """Run a write once more when a simultaneous save took the same slug or name first.

    Forms check uniqueness before they save, but two editors can pass that check at the same moment; the database
    then refuses the second write. The view's transaction has rolled back; on the second run the form sees the
    other save and answers with its usual message, the editor's input still in it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            if request.method != "POST":
                raise
        for upload in request.FILES.values():
            upload.seek(0)
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            return TemplateResponse(request, "admin/save_conflict.html", status=409)

    return wrapper
