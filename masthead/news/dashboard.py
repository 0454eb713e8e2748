"""The editor's way in, on the Wagtail dashboard: "New article" with the section chosen in
the form (no drilling site → section → add child page), the latest drafts, and the
articles scheduled to go live. Feature apps add their own panels (comments waiting)."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision

from masthead.news.models import ArticlePage, SectionPage

LATEST = 5


def sections_for(user) -> list[SectionPage]:
    """The sections this user may add an article to, in menu order."""
    return [s for s in SectionPage.objects.order_by("path") if s.permissions_for_user(user).can_add_subpage()]


def drafts(limit=LATEST):
    """Articles never published and not scheduled, most recently edited first."""
    scheduled = Revision.page_revisions.filter(approved_go_live_at__isnull=False).values("object_id")
    return list(
        ArticlePage.objects.filter(live=False)
        .exclude(pk__in=[int(pk) for pk in scheduled.values_list("object_id", flat=True)])
        .defer_streamfields()
        .order_by("-latest_revision_created_at", "-pk")[:limit]
    )


def scheduled(limit=LATEST):
    """[(go-live time, article)], soonest first: what the worker's clock will publish."""
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False, approved_go_live_at__gte=timezone.now() - timezone.timedelta(hours=1))
        .order_by("approved_go_live_at")
        .values_list("object_id", "approved_go_live_at")[: limit * 2]
    )
    pages = ArticlePage.objects.defer_streamfields().in_bulk([int(pk) for pk, _ in revisions])
    return [(when, pages[int(pk)]) for pk, when in revisions if int(pk) in pages][:limit]


class NewsroomPanel(Component):
    name = "newsroom"
    template_name = "news/admin/newsroom_panel.html"
    order = 50  # first on the dashboard

    class Media:
        css = {"all": ["news/admin/newsroom.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            sections=sections_for(self.request.user),
            drafts=drafts(),
            scheduled=scheduled(),
            new_article_url=reverse("news_admin:new_article"),
        )
        return context


def new_article(request):
    """GET ?section=<id> from the dashboard form → Wagtail's "add article" page under it."""
    try:
        section = SectionPage.objects.get(pk=int(request.GET.get("section", "")))
    except (ValueError, SectionPage.DoesNotExist):
        raise Http404("Choose a section for the new article.")
    return HttpResponseRedirect(reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk]))
