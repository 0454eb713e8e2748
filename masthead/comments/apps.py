from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from masthead.comments import signal_handlers
        from masthead.comments.counts import teaser_comment_links
        from masthead.comments.models import BlockedSender, CommentSettings, ModerationTerm
        from masthead.comments.pending import COOKIE
        from masthead.news import hub
        from masthead.pagecache import tags

        hub.add_teaser_meta(teaser_comment_links)  # "3 comments" in every listing
        # The page cache: pages of a thread, its order and the reply link are public pages;
        # a reader holding the held-comment cookie always gets their own page from Django.
        tags.allow_params("cpage", "corder", "replytocom")
        tags.private_cookies(COOKIE)

        for model, handler in ((CommentSettings, signal_handlers.forget_settings), (ModerationTerm, signal_handlers.forget_terms), (BlockedSender, signal_handlers.forget_blocklist)):
            for signal in (post_save, post_delete):
                signal.connect(handler, sender=model, dispatch_uid=f"comments-{model.__name__}-{signal}")
