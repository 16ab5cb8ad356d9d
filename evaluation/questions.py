"""The questions an organisation asks at each stage of each group of respondents, as versioned data.

Every organisation starts from the portal's starter sets (``is_example``): drawn from seed 000's evaluation
(trainees on their background, why they applied, how they find the programme, remuneration, where
professional responsibility rests, protected study time and career plans; managers on their expectations,
support to registered staff, balance of staffing, cover for protected learning time and the impact on
service delivery), worded by the portal team. A workforce lead edits a set by saving a new version; older
versions stay, and an interview keeps the version it was recorded with.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Question, QuestionSet, Respondent, Stage

EXAMPLE_LABEL = "Example content written by the portal team from seed 000, not a published instrument"

# (topic, question) per (respondent, stage).
STARTER_QUESTIONS = {
    (Respondent.TRAINEE, Stage.START): [
        ("Background", "Tell us about your background: your role before the programme and your experience."),
        ("Why you applied", "Why did you apply to train as an assistant practitioner?"),
        ("First impressions", "How have you found the programme so far?"),
        (
            "Remuneration",
            "What do you expect the role to mean for your pay? Will you gain, stay the same or take a cut?",
        ),
        (
            "Clarity of responsibility",
            "How clear is it to you where professional responsibility rests between you and the registered "
            "nurses you work with?",
        ),
        (
            "Protected study time",
            "Have you been given your protected study time? Tell us about any weeks when you were not.",
        ),
    ],
    (Respondent.TRAINEE, Stage.MIDWAY): [
        ("How the programme is going", "How is the programme going for you, at work and at university?"),
        (
            "Protected study time",
            "Has your protected study time been given consistently? What gets in the way when it is not?",
        ),
        ("Remuneration", "How do you feel about your pay now, compared with before the programme?"),
        (
            "Clarity of responsibility",
            "How clear is it now where professional responsibility rests for the work you do?",
        ),
        ("Support from your mentor", "How well does your mentor support you? What would help more?"),
    ],
    (Respondent.TRAINEE, Stage.QUALIFICATION): [
        ("Experience overall", "Looking back, how was the programme for you overall?"),
        ("Remuneration", "Now that you have qualified, how do you feel about your pay?"),
        (
            "Clarity of responsibility",
            "How clear is it where professional responsibility rests in your role as an assistant "
            "practitioner?",
        ),
        (
            "Protected study time",
            "Looking back, was your protected study time given consistently through the programme?",
        ),
        (
            "Career plans",
            "What are your plans now? For example, staying in the role or going on to nurse training.",
        ),
    ],
    (Respondent.MANAGER, Stage.START): [
        ("Expectations of the new role", "What do you expect the assistant practitioner role to bring?"),
        (
            "Support to registered nurses",
            "How do you expect the role to support the registered nurses on your ward or service?",
        ),
        (
            "Balance of staffing",
            "How will you keep the right balance of staffing while the role is introduced?",
        ),
    ],
    (Respondent.MANAGER, Stage.MIDWAY): [
        ("Experience of the programme", "How have you found the programme so far, as a manager?"),
        (
            "Cover for protected learning time",
            "How have you covered for trainees during their protected learning time? What has been hard?",
        ),
        ("Balance of staffing", "How has the balance of staffing been on your ward or service?"),
    ],
    (Respondent.MANAGER, Stage.QUALIFICATION): [
        (
            "Impact on service delivery",
            "What difference has the role made to service delivery and to service users on your ward or "
            "service?",
        ),
        (
            "Support to registered nurses",
            "How does the role now support the registered nurses you manage?",
        ),
        (
            "Career progression",
            "Has the role given support staff a way to progress their careers? Tell us what you have seen.",
        ),
    ],
}

KINDS = [(respondent, stage) for respondent in Respondent for stage in Stage]


def _save(instance, by):
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def _create(organisation, stage, respondent, version, questions, by, is_example=False):
    question_set = _save(
        QuestionSet(
            organisation=organisation,
            stage=stage,
            respondent=respondent,
            version=version,
            is_example=is_example,
            created_by=by,
        ),
        by,
    )
    for order, (topic, text) in enumerate(questions, start=1):
        _save(Question(question_set=question_set, order=order, topic=topic, text=text), by)
    return question_set


@transaction.atomic
def current_question_set(organisation, stage, respondent, by=None):
    """The newest version of the organisation's questions for this stage and respondent, the starter set
    (version 1, example content) on first use."""
    stage, respondent = Stage(stage), Respondent(respondent)
    newest = (
        QuestionSet.objects.filter(organisation=organisation, stage=stage, respondent=respondent)
        .order_by("-version")
        .first()
    )
    if newest is not None:
        return newest
    # Another request may create the starter set at the same moment: lock the organisation's row.
    type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
    newest = (
        QuestionSet.objects.filter(organisation=organisation, stage=stage, respondent=respondent)
        .order_by("-version")
        .first()
    )
    return newest or _create(
        organisation, stage, respondent, 1, STARTER_QUESTIONS[(respondent, stage)], by, is_example=True
    )


def current_question_sets(organisation):
    """The six current sets of the organisation, trainees' then managers', each in stage order."""
    return [current_question_set(organisation, stage, respondent) for respondent, stage in KINDS]


@transaction.atomic
def new_version(question_set, questions, by):
    """Saves ``questions`` (a list of (topic, text)) as the next version of the set's stage and respondent.
    Earlier versions are kept, and interviews keep the version they used. An empty list is refused."""
    questions = [(topic.strip(), text.strip()) for topic, text in questions]
    if not questions:
        raise ValidationError("A question set needs at least one question.")
    if any(not topic or not text for topic, text in questions):
        raise ValidationError("Each question needs a topic and its wording.")
    # Lock the organisation so two editors saving at once make versions N+1 and N+2, not a clash.
    organisation = (
        type(question_set.organisation).objects.select_for_update().get(pk=question_set.organisation_id)
    )
    newest = (
        QuestionSet.objects.filter(
            organisation=organisation, stage=question_set.stage, respondent=question_set.respondent
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return _create(
        organisation,
        question_set.stage,
        question_set.respondent,
        (newest or 0) + 1,
        questions,
        by,
    )
