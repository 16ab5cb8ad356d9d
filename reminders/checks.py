from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set and no host name in ALLOWED_HOSTS gives it: reminder emails cannot link "
            "to the portal.",
            hint="Set SITE_URL to the portal's address, e.g. https://portal.example.nhs.uk",
            id="reminders.W001",
        )
    ]
