"""The comments app in the Wagtail admin: the moderation pages' URLs, the "Comments" menu
(queue, dashboard, terms, blocked senders, settings), the term and blocklist editors, the
"comments waiting" panel on the editor's dashboard, and keeping a reader's "awaiting
moderation" view out of every cache."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.comments import admin_views
from masthead.comments.models import BlockedSender, Comment, ModerationTerm
from masthead.core.private import private


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    urls = [
        path("", admin_views.queue_view, name="queue"),
        path("bulk/", admin_views.bulk, name="bulk"),
        path("dashboard/", admin_views.dashboard_view, name="dashboard"),
        path("dashboard/retrain/", admin_views.retrain, name="retrain"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/edit/", admin_views.edit, name="edit"),
        path("<int:pk>/ban/", admin_views.ban, name="ban"),
        path("<int:pk>/<str:action>/", admin_views.moderate, name="moderate"),
    ]
    return [path("comments/", include((urls, "comments_admin"), namespace="comments_admin"))]


class ModerationTermViewSet(SnippetViewSet):
    model = ModerationTerm
    icon = "warning"
    menu_label = "Banned & suspect terms"
    panels = [FieldPanel("term"), FieldPanel("kind"), FieldPanel("note")]
    list_display = ["term", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["term", "note"]
    add_to_admin_menu = False


class BlockedSenderViewSet(SnippetViewSet):
    model = BlockedSender
    icon = "lock"
    menu_label = "Blocked senders"
    panels = [FieldPanel("kind"), FieldPanel("value"), FieldPanel("note"), FieldPanel("expires_at")]
    list_display = ["value", "kind", "note", "created_at", "expires_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
    add_to_admin_menu = False


register_snippet(ModerationTermViewSet)
register_snippet(BlockedSenderViewSet)


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


class ModeratorSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


MENU = [
    ("Moderation queue", "comments_admin:queue", (), "comment"),
    ("Dashboard", "comments_admin:dashboard", (), "view"),
    ("Banned & suspect terms", "wagtailsnippets_comments_moderationterm:list", (), "warning"),
    ("Blocked senders", "wagtailsnippets_comments_blockedsender:list", (), "lock"),
    ("Comment settings", "wagtailsettings:edit", ("comments", "commentsettings"), "cog"),
]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    items = [ModeratorMenuItem(label, reverse(name, args=args), icon_name=icon, order=i) for i, (label, name, args, icon) in enumerate(MENU)]
    return ModeratorSubmenu("Comments", Menu(items=items), icon_name="comment", order=250)


@hooks.register("before_serve_page")
def keep_awaiting_notice_private(page, request, serve_args, serve_kwargs):
    """A page showing a reader their own held comment must never be cached or shared."""
    if "unapproved" not in request.GET:
        return None
    return private(page.serve(request, *serve_args, **serve_kwargs))


class CommentsWaitingPanel(Component):
    """How many comments wait for a moderator, linking to the queue (two counts)."""

    name = "comments_waiting"
    template_name = "comments/admin/waiting_panel.html"
    order = 60  # after the newsroom panel

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        queue = reverse("comments_admin:queue")
        context.update(
            waiting=Comment.objects.filter(status=Comment.Status.PENDING).count(),
            reported=Comment.objects.filter(open_reports__gt=0).count(),
            queue_url=f"{queue}?status=pending",
            reported_url=f"{queue}?status=reported",
        )
        return context


@hooks.register("construct_homepage_panels")
def add_comments_waiting_panel(request, panels):
    if request.user.has_perm("comments.change_comment"):
        panels.append(CommentsWaitingPanel())
