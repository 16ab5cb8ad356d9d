"""The result of each fingerprint check (integrity.fingerprints), kept so the workforce lead's page shows the
last one: when it ran, how many records of each kind it checked, and any that no longer match."""

from django.conf import settings
from django.db import models


class FingerprintCheck(models.Model):
    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Scheduled"
        LEAD = "lead", "Asked for by a workforce lead"
        COMMAND = "command", "Run from the command line"

    ran_at = models.DateTimeField(auto_now_add=True)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every kind checked (its label), so a kind with no records yet still shows, checked.
    kinds = models.JSONField(default=list)
    # [{"kind": label, "organisation_id": id or None, "count": n}]
    checked = models.JSONField(default=list)
    # [{"kind", "model", "id", "record_model", "record_id", "record", "what", "by", "party", "at",
    #   "organisation_id"}] (integrity.fingerprints._mismatch)
    mismatches = models.JSONField(default=list)
    mismatch_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        get_latest_by = "ran_at"

    def __str__(self):
        return f"Fingerprint check {self.ran_at:%-d %B %Y %H:%M}: {self.mismatch_count} mismatches"

    def counts_for(self, organisation_ids):
        """(kind, records checked) for the organisations given, every kind listed."""
        totals = dict.fromkeys(self.kinds, 0)
        for row in self.checked:
            if row["organisation_id"] in organisation_ids:
                totals[row["kind"]] = totals.get(row["kind"], 0) + row["count"]
        return list(totals.items())

    def mismatches_for(self, organisation_ids):
        return [m for m in self.mismatches if m["organisation_id"] in organisation_ids]
