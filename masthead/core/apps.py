from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "masthead core"

    def ready(self):
        # Registers the system check that imports every configured backend at startup.
        from masthead.core import backends  # noqa: F401
