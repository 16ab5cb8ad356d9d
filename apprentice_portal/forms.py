"""Small helpers shared by the apps' views."""


def show_errors(form, error):
    """Shows a service's ValidationError on the form: beside its field where it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
