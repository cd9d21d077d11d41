from django.contrib.admin import AdminSite

from articles.workflow import editorial_index_lists


class NewsroomAdminSite(AdminSite):
    """The admin index also lists the editor's own drafts and the articles waiting for review."""

    def index(self, request, extra_context=None):
        return super().index(request, extra_context={**editorial_index_lists(request.user), **(extra_context or {})})
