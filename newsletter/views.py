"""Public newsletter pages: the overview and the archive (cached, cookie-free), the signup form (the one page with
a CSRF cookie), and the pages behind the signed links of the mails (confirm, unsubscribe, manage). Each portal
shows and offers only its own lists and issues (docs/newsletter.md#mehrere-portale)."""

import logging
import smtplib

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, TemplateView

from articles.mailing import HOUR
from core.limits import Limit, over_limit
from core.security import client_ip

from . import services, tokens
from .content import editorial_html, issue_entries
from .forms import ManageForm, SignupForm, local_path
from .models import CONSENT_VERSION, Issue, NewsletterList

logger = logging.getLogger(__name__)

SIGNUP_LIMIT = Limit(
    "newsletter-client",
    HOUR,
    "NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR",
    gettext_lazy(
        "Von Ihrem Anschluss kamen in der letzten Stunde schon viele Anmeldungen. Bitte später erneut versuchen."
    ),
)
DB_MAX_ID = 2**63 - 1


class NewsletterIndexView(TemplateView):
    """The lists with a plain link to the signup form, and the archive of sent issues."""

    template_name = "newsletter/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=NewsletterList.objects.filter(active=True, portal=self.request.portal),
            issues=Issue.objects.in_archive()
            .filter(newsletter_list__portal=self.request.portal)
            .select_related("newsletter_list")
            .order_by("-send_at", "-pk")[:50],
            **kwargs,
        )


class IssueView(DetailView):
    """The web archive page of an issue, built from the same entries as its mail."""

    template_name = "newsletter/issue.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        pk = self.kwargs["pk"]
        if not 0 < pk <= DB_MAX_ID:
            raise Http404
        issue = (
            Issue.objects.in_archive()
            .filter(pk=pk, newsletter_list__portal=self.request.portal)
            .select_related("newsletter_list")
            .first()
        )
        if issue is None:
            raise Http404
        return issue

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entries=issue_entries(self.object), editorial=editorial_html(self.object), **kwargs
        )


class SubscribeView(TemplateView):
    template_name = "newsletter/subscribe.html"

    def get(self, request, *args, **kwargs):
        slugs = request.GET.getlist("liste")
        offered = NewsletterList.objects.filter(active=True, portal=request.portal)
        chosen = [item.pk for item in offered.filter(slug__in=slugs[:20])]
        form = SignupForm(
            initial={"lists": chosen, "von": local_path(request.GET.get("von", ""))}, portal=request.portal
        )
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        form = SignupForm(request.POST, portal=request.portal)
        sent_url = reverse("newsletter:subscribe-sent")
        if form.is_bot():
            return HttpResponseRedirect(sent_url)
        if not form.is_valid():
            return self.render_form(form, status=400)
        # Counted in the database (core.limits), like Link mailen: no flood of pages can evict the count.
        if over_limit(SIGNUP_LIMIT, client_ip(request) or ""):
            return self.render_form(form, problem=str(SIGNUP_LIMIT.message), status=429)
        try:
            services.request_subscription(
                email=form.cleaned_data["email"],
                lists=list(form.cleaned_data["lists"]),
                source_page=form.cleaned_data["von"] or request.path,
            )
        except (smtplib.SMTPException, OSError):
            problem = _("Die Bestätigungsmail konnte gerade nicht verschickt werden. Bitte später erneut versuchen.")
            return self.render_form(form, problem=problem, status=503)
        return HttpResponseRedirect(sent_url)

    def render_form(self, form, *, problem: str = "", status: int = 200):
        context = self.get_context_data(form=form, problem=problem, consent_version=CONSENT_VERSION)
        return self.render_to_response(context, status=status)


class SubscribeSentView(TemplateView):
    template_name = "newsletter/subscribe_sent.html"


class PersonalLinkView(TemplateView):
    """A page behind a signed link from a mail: never stored by any cache, never indexed, no cookie. Its form posts
    back to the same address without a CSRF token: the signed address is the proof (and a link scanner that
    only GETs changes nothing)."""

    http_method_names = ["get", "head", "post"]

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def page(self, status: int = 200, **context):
        return self.render_to_response(self.get_context_data(**context), status=status)


class ConfirmView(PersonalLinkView):
    template_name = "newsletter/confirm.html"

    def claim(self):
        try:
            claim = tokens.read_confirmation(self.kwargs["token"])
        except tokens.ExpiredToken:
            return None, "expired"
        except tokens.BadToken:
            return None, "invalid"
        subscriber = tokens.subscriber_for(claim)
        if subscriber is None:
            return None, "expired"
        return (subscriber, claim), ""

    def get(self, request, *args, **kwargs):
        found, problem = self.claim()
        if problem:
            return self.page(state=problem, status=410 if problem == "expired" else 404)
        subscriber, claim = found
        pending = subscriber.subscriptions.filter(confirmed_at__isnull=True).select_related("newsletter_list")
        if claim.nonce != subscriber.confirmation_nonce or not pending:
            return self.page(state="already")
        return self.page(state="ask", lists=[item.newsletter_list for item in pending])

    def post(self, request, *args, **kwargs):
        found, problem = self.claim()
        if problem:
            return self.page(state=problem, status=410 if problem == "expired" else 404)
        subscriber, claim = found
        result = services.confirm(subscriber=subscriber, nonce=claim.nonce)
        if result == services.ConfirmResult.ALREADY:
            return self.page(state="already")
        return self.page(
            state="confirmed",
            lists=[item.newsletter_list for item in subscriber.subscriptions.select_related("newsletter_list")],
            manage_url=reverse("newsletter:manage", args=[tokens.manage_token(subscriber.pk, subscriber.key)]),
        )


class UnsubscribeView(PersonalLinkView):
    """RFC 8058: a POST to this address (from the mail program's "Abmelden" or the button) unsubscribes at once;
    a GET only asks."""

    template_name = "newsletter/unsubscribe.html"

    def claim(self):
        try:
            return tokens.read_unsubscribe(self.kwargs["token"])
        except tokens.BadToken:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        claim = self.claim()
        newsletter_list = NewsletterList.objects.filter(pk=claim.list_id).first()
        subscribed = (
            newsletter_list is not None
            and tokens.subscriber_for(claim) is not None
            and newsletter_list.subscriptions.filter(subscriber_id=claim.subscriber_id).exists()
        )
        return self.page(state="ask" if subscribed else "gone", newsletter_list=newsletter_list)

    def post(self, request, *args, **kwargs):
        claim = self.claim()
        services.unsubscribe(subscriber_id=claim.subscriber_id, key=claim.key, list_id=claim.list_id)
        newsletter_list = NewsletterList.objects.filter(pk=claim.list_id).first()
        return self.page(state="done", newsletter_list=newsletter_list)


class ManageView(PersonalLinkView):
    template_name = "newsletter/manage.html"

    def subscriber(self):
        try:
            claim = tokens.read_manage(self.kwargs["token"])
        except tokens.BadToken:
            raise Http404 from None
        return tokens.subscriber_for(claim)

    def get(self, request, *args, **kwargs):
        subscriber = self.subscriber()
        if subscriber is None:
            return self.page(state="gone")
        chosen = list(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
        return self.page(
            state="form",
            form=ManageForm(initial={"lists": chosen}, subscriber=subscriber, portal=request.portal),
            subscriber=subscriber,
        )

    def post(self, request, *args, **kwargs):
        subscriber = self.subscriber()
        if subscriber is None:
            return self.page(state="gone")
        form = ManageForm(request.POST, subscriber=subscriber, portal=request.portal)
        if not form.is_valid():
            return self.page(state="form", form=form, subscriber=subscriber, status=400)
        services.set_lists(subscriber=subscriber, lists=list(form.cleaned_data["lists"]))
        if not form.cleaned_data["lists"]:
            return self.page(state="deleted")
        return self.page(state="form", form=form, subscriber=subscriber, saved=True)
