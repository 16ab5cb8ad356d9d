"""Small helpers shared by the apps' forms, views and services."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def show_errors(form, error):
    """Shows a service's ValidationError on the form: beside its field where it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_or_refuse(obj, refusal, **save_kwargs):
    """Saves ``obj`` in a savepoint. A service checks for a duplicate first; when someone saves the same a
    moment later than that check, the database's unique constraint stops it, and this refuses with
    ``refusal`` (what a ValidationError takes: a message, or {field: message}) instead of an error page."""
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError:
        raise ValidationError(refusal) from None


class OncePerSubmission(forms.Form):
    """Adds a hidden key made when the form is shown, so a form sent twice (a double click, a retry, two tabs)
    creates one thing: the service looks the key up with ``create_once``."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


def create_once(model, key, make):
    """``make()`` unless ``model`` already has an object made with this submission key; then that object.

    Two requests with one key at once: the database's unique index lets one insert land, the other waits for
    it, fails, and returns the object the first made. The other may instead find the first's object already
    committed when its own ``full_clean`` checks that the key is unique (a ValidationError): the same.
    """
    if key is None:
        return make()
    found = model.objects.filter(submission_key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return make()
    except (IntegrityError, ValidationError):
        found = model.objects.filter(submission_key=key).first()
        if found is None:
            raise
        return found
