from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "daily reminders"

    def ready(self):
        from . import signals  # noqa: F401  (connects the log-out receiver)
