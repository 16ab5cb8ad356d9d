"""The browser's own date and time pickers, given their value in ISO.

`<input type="date">` reads only 2026-11-29. Django localises a widget's value for en-GB (29/11/2026), which
the browser shows as an empty box, so an edit form lost its date and could not be saved unchanged. Every
form in the project uses these widgets for its date and time fields; tests/test_form_widgets.py checks it.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
