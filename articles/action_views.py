"""The reader actions under an article: Druckversion, PDF and Link mailen (thin views over printing/mailing)."""

import io
import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View

from core.security import client_ip
from pagecache.fragments import until_next_change

from . import printing
from .mailing import LinkMailForm, limit_message, mailto_url, send_link_mail
from .views import ArticleDetailView, PreviewMixin

logger = logging.getLogger(__name__)


class ArticleActionView(ArticleDetailView):
    """The published article of the URL, found exactly as the article page finds it, without the related box."""

    def get_context_data(self, **kwargs):
        return DetailView.get_context_data(self, **kwargs)

    def action_url(self, name: str) -> str:
        return reverse(name, kwargs={"section": self.object.section.slug, "slug": self.object.slug})


class ArticlePrintView(ArticleActionView):
    template_name = "articles/article_print.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**printing.print_context(self.object), **kwargs)


class ArticlePdfView(ArticleActionView):
    def get(self, request, *args, **kwargs):
        article = self.object = self.get_object()
        # Rendering the print document for its hash costs more than the rest of a cached answer: the key is kept
        # under the content generation, which any write to what the PDF shows raises, and until the next scheduled
        # change (a licence that ends takes its picture out of the PDF without a write).
        key = until_next_change(request, f"pdf-version:{article.pk}", lambda: printing.pdf_version_key(article))
        etag = quote_etag(key)
        # A browser that holds this version gets its 304 before anything is rendered or read.
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return self.with_cache_headers(not_modified, etag)
        try:
            name, created = printing.cached_article_pdf(article, key)
        except printing.PdfRenderError as error:
            return pdf_unavailable(request, article, error)
        except printing.PdfNotStored as unstored:
            # The storage is full or read-only: this reader still gets the PDF (docs/betrieb.md).
            response = self.pdf_response(io.BytesIO(unstored.content), article)
            return self.with_cache_headers(response, etag)
        last_modified = int(created.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.with_cache_headers(not_modified, etag)
        response = self.pdf_response(default_storage.open(name, "rb"), article)
        response["Last-Modified"] = http_date(last_modified)
        return self.with_cache_headers(response, etag)

    @staticmethod
    def pdf_response(stream, article):
        return FileResponse(stream, as_attachment=True, filename=f"{article.slug}.pdf", content_type="application/pdf")

    @staticmethod
    def with_cache_headers(response, etag: str):
        response["ETag"] = etag
        response["X-Robots-Tag"] = "noindex"
        # Caches may keep the file but ask each time; an unchanged article costs a 304.
        patch_cache_control(response, public=True, no_cache=True)
        return response


def pdf_unavailable(request, article, error):
    logger.error("PDF for article %s not rendered: %s", article.pk, error)
    response = render(request, "articles/pdf_unavailable.html", {"article": article}, status=503)
    response["Retry-After"] = "60"
    return response


class PreviewPrintView(PreviewMixin, TemplateView):
    """The Druckversion of a preview: the same template, marked as a preview, with the way back to it."""

    template_name = "articles/article_print.html"
    public_name = "articles:detail-print"

    def get_context_data(self, **kwargs):
        context = printing.print_context(self.object, preview=True)
        return super().get_context_data(**context, back_url=self.preview_address("articles:preview"), **kwargs)


class PreviewPdfView(PreviewMixin, View):
    """The PDF of a preview: rendered for each request and kept nowhere, so no unpublished text lands in the PDF
    cache (or under an address anyone could guess)."""

    public_name = "articles:detail-pdf"

    def get(self, request, *args, **kwargs):
        try:
            content = printing.render_article_pdf(self.object, preview=True)
        except printing.PdfRenderError as error:
            return pdf_unavailable(request, self.object, error)
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename=f"{self.object.slug}-vorschau.pdf",
            content_type="application/pdf",
        )


class ArticleMailView(ArticleActionView):
    template_name = "articles/article_mail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_form(LinkMailForm())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = LinkMailForm(request.POST)
        sent_url = self.action_url("articles:detail-mail-sent")
        if form.is_bot():
            return HttpResponseRedirect(sent_url)
        if not form.is_valid():
            return self.render_form(form, status=400)
        recipient = form.cleaned_data["recipient"]
        problem = limit_message(client=client_ip(request) or "", recipient=recipient)
        if problem:
            return self.render_form(form, problem=problem, status=429)
        if not send_link_mail(article=self.object, recipient=recipient):
            problem = _("Die E-Mail konnte gerade nicht verschickt werden. Bitte später erneut versuchen.")
            return self.render_form(form, problem=problem, status=503)
        return HttpResponseRedirect(sent_url)

    def render_form(self, form, *, problem: str = "", status: int = 200):
        context = self.get_context_data(form=form, problem=problem, mailto_url=mailto_url(self.object))
        return self.render_to_response(context, status=status)


class ArticleMailSentView(ArticleActionView):
    template_name = "articles/article_mail_sent.html"
