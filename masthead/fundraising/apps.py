from django.apps import AppConfig


class FundraisingConfig(AppConfig):
    name = "masthead.fundraising"
    label = "fundraising"
    verbose_name = "Fundraising"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from masthead.fundraising import checks  # noqa: F401 (registers the system checks)
        from masthead.fundraising.signal_handlers import forget_support_url
        from masthead.fundraising import cache_tags
        from masthead.fundraising.progress import seconds_left_in_month
        from masthead.fundraising.templatetags.fundraising_tags import goal_bar_html
        from masthead.news import hub
        from masthead.pagecache import fragments

        hub.allow_under_home("fundraising.SupportPage")
        # The goal bar, spliced into every cached page when served (cache_tags.py).
        fragments.register(cache_tags.FRAGMENT, goal_bar_html, tags=cache_tags.FRAGMENT_TAGS, timeout=seconds_left_in_month)

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_support_url, dispatch_uid=f"fundraising-support-url-{signal}")
