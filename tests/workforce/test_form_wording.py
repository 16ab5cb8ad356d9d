"""Wording of workforce plans' forms: every list to choose from starts with words, not Django's dashes."""

import inspect

from django import forms

from workforce import forms_career, forms_profiles, forms_recruitment, forms_targets


def form_classes():
    for module in (forms_career, forms_profiles, forms_recruitment, forms_targets):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_no_choice_list_starts_with_dashes():
    # The enrolment form offered "---------" for its cohort and manager, the step form for its roles.
    dashes = [
        f"{cls.__name__}.{name}"
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------"
    ]
    assert dashes == []
