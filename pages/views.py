from django.views.generic import DetailView

from .models import Page


class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "static_page"

    def get_queryset(self):
        return Page.objects.published().filter(portal=self.request.portal)
