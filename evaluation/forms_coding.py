"""Forms of coding findings: the codebook's themes (a formset) and a passage of one answer."""

from django import forms

from .coding import quote_is_from
from .models import Theme


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=120, required=False)
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One line: what a passage with this theme is about.",
    )

    def clean(self):
        cleaned = super().clean()
        name = " ".join(cleaned.get("name", "").split())
        cleaned["name"] = name
        if not name and cleaned.get("description", "").strip() and not cleaned.get("DELETE"):
            self.add_error("name", "Give the theme a name, or clear its description")
        return cleaned


class BaseThemeFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["name"].label = f"Name of theme {i + 1}"
        form.fields["description"].label = f"Description of theme {i + 1}"
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove theme {i + 1}"
        return form

    def clean(self):
        """Duplicate names refused beside the second one; at least one theme kept."""
        if any(form.errors for form in self.forms):
            return
        seen = {}
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name", "")
            if not name:
                continue
            key = name.casefold()
            if key in seen:
                form.add_error("name", f"“{name}” is already in the codebook: give each theme its own name")
            seen[key] = form
        if not seen and not any(form.errors for form in self.forms):
            raise forms.ValidationError("Keep at least one theme in the codebook.")

    def themes(self):
        """(name, description) of each theme kept, in order."""
        return [
            (form.cleaned_data["name"], form.cleaned_data.get("description", ""))
            for form in self.forms
            if form.cleaned_data.get("name") and not (self.can_delete and self._should_delete_form(form))
        ]


ThemeFormSet = forms.formset_factory(
    ThemeForm, formset=BaseThemeFormSet, extra=1, can_delete=True, max_num=60, validate_max=True
)


class PassageForm(forms.Form):
    """A passage of one answer, named by the answer's prefix (one form per answer on the coding page)."""

    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), label="Theme", empty_label="Choose a theme")
    quote = forms.CharField(
        label="Quote",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy the words of the answer that show the theme.",
    )

    def __init__(self, *args, answer, codebook, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer = answer
        self.fields["theme"].queryset = codebook.themes.all()

    def clean_quote(self):
        quote = self.cleaned_data["quote"]
        if not quote_is_from(self.answer.text, quote):
            raise forms.ValidationError("The quote must be words from this answer")
        return quote
