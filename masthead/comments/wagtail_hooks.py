from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.comments import admin_views


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    urls = [
        path("", admin_views.queue, name="queue"),
        path("<int:pk>/<str:action>/", admin_views.moderate, name="moderate"),
    ]
    return [path("comments/", include((urls, "comments_admin"), namespace="comments_admin"))]


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem("Comments", reverse("comments_admin:queue"), icon_name="comment", order=250)


@hooks.register("before_serve_page")
def keep_awaiting_notice_private(page, request, serve_args, serve_kwargs):
    """A page showing a reader their own held comment must never be cached or shared."""
    if "unapproved" not in request.GET:
        return None
    response = page.serve(request, *serve_args, **serve_kwargs)
    response["Cache-Control"] = "private, no-store"
    return response
