"""The portal's own template filters and tags: `{% load portal %}`."""

from decimal import Decimal, InvalidOperation

from django import template
from django.forms import BaseForm
from django.urls import reverse

register = template.Library()


@register.filter
def hours(value):
    """Hours written one way on every page and report: 1.5 h, 2 h, 229.5 h (at most two decimals)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return value
    return f"{number.normalize():f}\u00a0h"  # a no-break space: "229.5" and "h" stay on one line


# Regional pages show aggregates only, and nothing for a group smaller than this (DOMAIN.md): a count of
# one to four could point at a person.
SMALL_GROUP = 5


@register.filter
def at_least_small_group(count):
    """A count as a regional page shows it: 0, "fewer than 5" for 1 to 4, else the number."""
    if count is None or count == 0:
        return 0
    return count if count >= SMALL_GROUP else f"fewer than {SMALL_GROUP}"


@register.filter
def sentence(text):
    """Text ending in exactly one full stop, whether or not the person who typed it put one."""
    text = str(text).rstrip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _forms_in(items):
    for item in items:
        if isinstance(item, BaseForm):
            yield item
        elif isinstance(item, list | tuple):
            yield from _forms_in(item)


def _anchor(bound):
    """The id of the element a summary link moves to: the input, or the first of a group of options."""
    if bound.is_hidden or not bound.auto_id:
        return ""
    return bound.id_for_label or f"{bound.auto_id}_0"


@register.simple_tag
def form_problems(*items):
    """The errors of the forms given (or of the forms inside lists and tuples given), each as a dict of
    anchor, label and message, for the page's error summary. A form is summarised once per page: the
    summary crispy-forms renders for `{{ form|crispy }}` stays empty if the template already showed one."""
    problems = []
    for form in _forms_in(items):
        if getattr(form, "_error_summary_shown", False) or not form.is_bound:
            continue
        form._error_summary_shown = True
        problems += [{"anchor": "", "label": "", "message": m} for m in form.non_field_errors()]
        for bound in form:
            for message in bound.errors:
                problems.append({"anchor": _anchor(bound), "label": bound.label, "message": message})
    return problems


@register.inclusion_tag("nhsuk/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail):
    """The NHS.UK breadcrumb for a page below the dashboard: `{% breadcrumbs "Cohorts" cohorts_url "Cohort
    2026" cohort_url %}`, pairs of label and address from the dashboard down to the page's parent (the page
    itself is its h1, not a crumb). On a phone only the last crumb shows, as a back link."""
    if len(trail) % 2:
        raise ValueError("breadcrumbs takes pairs of label and address")
    items = [("Dashboard", reverse("dashboard"))] + [
        (str(trail[i]), trail[i + 1]) for i in range(0, len(trail), 2) if trail[i + 1]
    ]
    return {"items": items, "parent": items[-1]}
