from django import template

from reports import services

register = template.Library()


@register.simple_tag
def reports_available():
    """Whether reports can be queued now (a cached, quick ask of the broker)."""
    return services.queue_available()
