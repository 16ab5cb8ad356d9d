"""An evidence item's history in words: who created, edited, submitted, returned or signed it off."""

from dataclasses import dataclass

from .models import Evidence

DONE = {
    Evidence.Status.DRAFT: "made a draft again",
    Evidence.Status.SUBMITTED: "submitted for sign-off",
    Evidence.Status.RETURNED: "returned with feedback",
    Evidence.Status.SIGNED_OFF: "signed off",
}


@dataclass(frozen=True)
class Change:
    when: object
    what: str
    who: object


def _what(record, previous):
    if record.history_type == "+":
        return "created"
    if record.history_type == "-":
        return "deleted"
    if previous is not None and record.status != previous.status:
        return DONE[record.status]
    # The status is what it was: the trainee changed the content (returned evidence stays "returned").
    return "edited"


def evidence_history(evidence):
    """One entry per change. Saving the KSBs and competencies records more rows for the same save; they
    keep the item's updated_at and status, so they fold into the change they belong to."""
    changes, previous = [], None
    for record in evidence.history.select_related("history_user").order_by("history_date", "history_id"):
        same_save = (
            previous is not None
            and record.history_type == "~"
            and (record.updated_at, record.status) == (previous.updated_at, previous.status)
        )
        if not same_save:
            changes.append(
                Change(when=record.history_date, what=_what(record, previous), who=record.history_user)
            )
        previous = record
    return changes
