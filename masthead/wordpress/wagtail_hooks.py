"""The importer in the admin: Settings → Import from WordPress (superusers)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.wordpress import admin_views


@hooks.register("register_admin_urls")
def register_wordpress_admin_urls():
    return [path("wordpress-import/", admin_views.import_view, name="wordpress_import")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_wordpress_menu_item():
    return SuperuserMenuItem("Import from WordPress", reverse("wordpress_import"), icon_name="download", order=900)
