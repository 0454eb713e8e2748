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
        from masthead.news import hub

        hub.allow_under_home("fundraising.SupportPage")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_support_url, dispatch_uid=f"fundraising-support-url-{signal}")
