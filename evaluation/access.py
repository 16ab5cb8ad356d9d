"""Who may see and change a cohort's evaluation. Rules as accounts/access.py describes: each answers one
question about one person and one object; views apply them with ``accounts.access.permit``.

The workforce lead runs the evaluation of their organisation's cohorts (everything in it, names and quotes
included). An interviewee reads their own interview records (a trainee theirs, a manager theirs) and nothing
else of the evaluation. The person named as an interviewer records that interview. Regional leads see
aggregates across their region's organisations only: theme counts, audit percentages, outcome totals, never a
name or a quote, and no group of fewer than 5 (``evaluation.selectors`` suppresses them).
"""

from accounts.access import Role, is_regional_lead_for, organisation_ids

# --- The cohort's evaluation, run by its organisation's workforce lead ---------------------------------


def can_run_evaluation_of(user, cohort):
    """Schedule and record interviews, code findings, enter audits, satisfaction and outcomes, see everything
    (names and quotes) and download the report."""
    return cohort.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_record_outcome_of(user, enrolment):
    """An enrolment's outcome is recorded by whoever runs its cohort's evaluation."""
    return can_run_evaluation_of(user, enrolment.cohort)


def can_manage_evaluation_content_of(user, organisation):
    """Edit the organisation's question sets and codebook (each edit a new version)."""
    return organisation.pk in organisation_ids(user, Role.WORKFORCE_LEAD)


# --- One interview ------------------------------------------------------------------------------------


def can_view_interview(user, interview):
    """The lead of its organisation, its interviewer and its interviewee."""
    return (
        can_run_evaluation_of(user, interview.cohort)
        or interview.interviewee_id == user.pk
        or (interview.interviewer_id is not None and interview.interviewer_id == user.pk)
    )


def can_record_interview(user, interview):
    """The lead of its organisation, or the interviewer named on it; never the interviewee themself, and
    nobody once it is completed (a completed interview is read-only; only consent can still be withdrawn)."""
    if interview.is_completed or interview.interviewee_id == user.pk:
        return False
    return can_run_evaluation_of(user, interview.cohort) or (
        interview.interviewer_id is not None and interview.interviewer_id == user.pk
    )


def can_code_interview(user, interview):
    """Mark passages of its answers with themes: the lead who runs its cohort's evaluation (the coding page
    itself refuses an interview not completed or without consent, saying why)."""
    return can_run_evaluation_of(user, interview.cohort)


def can_withdraw_consent(user, interview):
    """The interviewee may withdraw their own consent at any time, and the lead records a withdrawal they are
    told of."""
    return (
        interview.consent_given
        and interview.consent_withdrawn_on is None
        and (interview.interviewee_id == user.pk or can_run_evaluation_of(user, interview.cohort))
    )


# --- The region -----------------------------------------------------------------------------------------


def can_view_region_evaluation(user, region):
    """Aggregates only: counts and percentages, never a name or a quote, nothing for fewer than 5."""
    return is_regional_lead_for(user, region)
