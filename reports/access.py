"""Who may ask for and download a report. Rules as accounts/access.py describes: each answers one question
about one person and (usually) one object; views apply them with ``accounts.access.permit``."""


# --- Reports ------------------------------------------------------------------------------------------


def can_view_report_subject(user, kind, subject):
    """A report may be made and read by exactly those who may see its subject (the kind's own rule)."""
    return subject is not None and kind.can_view(user, subject)


def can_view_report(user, job):
    # A report shows what its requester may see (a manager's cohort report, their caseload), so it is theirs.
    if job.requested_by_id != user.pk:
        return False
    kind = job.kind_spec
    return can_view_report_subject(user, kind, kind.subject(job.subject_id))
