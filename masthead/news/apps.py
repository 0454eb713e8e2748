from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site

        from masthead.news.models import Author
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from masthead.news.signal_handlers import forget_chrome, purge_author, purge_chrome, purge_moved_page, purge_page
        from masthead.pagecache import tags
        from masthead.news.models import ArticlePage
        from masthead.news.signal_handlers import announce_to_websub_hub, forget_chrome

        # The section menu and site name change when pages or sites do.
        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(forget_chrome, dispatch_uid=f"news-chrome-{signal}")
        post_delete.connect(forget_chrome, sender=Page, dispatch_uid="news-chrome-page-delete")
        post_save.connect(forget_chrome, sender=Site, dispatch_uid="news-chrome-site-save")
        post_delete.connect(forget_chrome, sender=Site, dispatch_uid="news-chrome-site-delete")

        # The page cache: exactly the pages that show a changed page (purges.py).
        for signal in (page_published, page_unpublished, page_slug_changed):
            signal.connect(purge_page, dispatch_uid=f"news-purge-{signal}")
        post_page_move.connect(purge_moved_page, dispatch_uid="news-purge-move")
        post_delete.connect(purge_page, sender=Page, dispatch_uid="news-purge-delete")
        post_save.connect(purge_chrome, sender=Site, dispatch_uid="news-purge-site-save")
        post_save.connect(purge_author, sender=Author, dispatch_uid="news-purge-author")
        tags.allow_params("page")  # ?page=2 of a listing
        # A published article is announced to the WebSub hub, if one is configured.
        page_published.connect(announce_to_websub_hub, sender=ArticlePage, dispatch_uid="news-websub-ping")
