"""What the NHS.UK crispy template pack (core/templates/nhsuk/) needs that a template cannot say: the
NHS.UK class of each kind of widget. `{% load nhsuk %}`."""

from django import forms, template

register = template.Library()

# An input's width in characters (nhsuk-input--width-N), where its value has a known length; other inputs
# take the column's width, as NHS.UK text inputs do.
INPUT_WIDTHS = {"date": 10, "datetime-local": 20, "time": 5, "number": 10}


def _classes(widget):
    """The NHS.UK class of a widget and the modifier it takes when its field has an error (or None)."""
    if isinstance(widget, forms.Textarea):
        return "nhsuk-textarea", "nhsuk-textarea--error"
    if isinstance(widget, forms.Select):  # and SelectMultiple, the KSB picker's base
        return "nhsuk-select", "nhsuk-select--error"
    if isinstance(widget, forms.CheckboxInput):
        return "nhsuk-checkboxes__input", None
    if isinstance(widget, forms.FileInput):
        return "nhsuk-file-upload__input", None  # the error shows on the form group
    width = INPUT_WIDTHS.get(getattr(widget, "input_type", ""))
    return "nhsuk-input" + (f" nhsuk-input--width-{width}" if width else ""), "nhsuk-input--error"


@register.filter
def nhsuk_widget_class(field, show_errors=True):
    """The classes for a bound field's widget: e.g. "nhsuk-input nhsuk-input--width-10 nhsuk-input--error"
    for a date with an error shown."""
    base, error = _classes(field.field.widget)
    return f"{base} {error}" if error and show_errors and field.errors else base
