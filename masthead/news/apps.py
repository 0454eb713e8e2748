from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from masthead.news.signal_handlers import forget_chrome

        # The section menu and site name change when pages or sites do.
        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(forget_chrome, dispatch_uid=f"news-chrome-{signal}")
        post_delete.connect(forget_chrome, sender=Page, dispatch_uid="news-chrome-page-delete")
        post_save.connect(forget_chrome, sender=Site, dispatch_uid="news-chrome-site-save")
        post_delete.connect(forget_chrome, sender=Site, dispatch_uid="news-chrome-site-delete")
