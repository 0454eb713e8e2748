from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "masthead core"

    def ready(self):
        # Registers the system check that imports every configured backend at startup.
        from masthead.core import backends  # noqa: F401

        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from masthead.core.signal_handlers import forget_sites

        # The Site rows find_site keeps in the shared cache (core/site.py).
        post_save.connect(forget_sites, sender=Site, dispatch_uid="core-sites-save")
        post_delete.connect(forget_sites, sender=Site, dispatch_uid="core-sites-delete")
