"""Targets and headcount returns (seed 003: "3000 STR workers in post by December 2006").

A target is a number of people in post in a workforce role by a date, for the country (neither a region nor
an organisation), a region or an organisation. A headcount return is one organisation's figures for one
workforce role for one period: the period is named by its last day (the end of a month; an organisation
returns monthly or quarterly, as it chooses). People in post, in training and vacancies are as on that day;
starters and leavers are those since the organisation's previous return for the role.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, Region

from .roles import WorkforceRole

__all__ = ["Target", "HeadcountReturn", "RETURN_FIGURES"]

# The figures of a return, in the order the form, the import and the tables give them.
RETURN_FIGURES = ("in_post", "in_training", "vacancies", "starters", "leavers")


class Target(models.Model):
    workforce_role = models.ForeignKey(WorkforceRole, on_delete=models.PROTECT, related_name="targets")
    number = models.PositiveIntegerField("people in post", help_text="How many people in post by the date.")
    due_on = models.DateField("by", help_text="The date by which they are to be in post.")
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="workforce_targets"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="workforce_targets"
    )
    source = models.TextField(
        "source or note", blank=True, help_text="Where the target comes from, or why it was set."
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "workforce_role__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(organisation__isnull=True),
                name="workforce_target_one_scope",
                violation_error_message="A target is for the country, a region or an organisation: not both "
                "a region and an organisation.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="workforce_target_at_least_one"),
            models.UniqueConstraint(
                fields=["workforce_role", "region", "organisation", "due_on"],
                nulls_distinct=False,
                name="workforce_target_unique",
                violation_error_message="There is already a target for this workforce role by this date.",
            ),
        ]

    def __str__(self):
        when = f"{self.due_on:%-d %B %Y}"
        return f"{self.workforce_role}: {self.number:,} in post by {when} ({self.scope_name})"

    @property
    def is_national(self):
        return self.region_id is None and self.organisation_id is None

    @property
    def scope_name(self):
        if self.organisation_id:
            return str(self.organisation)
        if self.region_id:
            return str(self.region)
        return "national"


class HeadcountReturn(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="headcount_returns")
    workforce_role = models.ForeignKey(
        WorkforceRole, on_delete=models.PROTECT, related_name="headcount_returns"
    )
    period_end = models.DateField(
        "end of the period", help_text="The last day of the month or quarter the return is for."
    )
    in_post = models.PositiveIntegerField("people in post")
    in_training = models.PositiveIntegerField("people in training")
    vacancies = models.PositiveIntegerField()
    starters = models.PositiveIntegerField()
    leavers = models.PositiveIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "workforce_role__name", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "workforce_role", "period_end"],
                name="workforce_return_once_a_period",
                violation_error_message="This organisation has already returned this workforce role for the "
                "period: correct that return instead.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.workforce_role}, period ending {self.period_end:%-d %B %Y}"

    def figures(self):
        return {name: getattr(self, name) for name in RETURN_FIGURES}
