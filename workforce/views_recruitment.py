"""Pages of the recruitment part of workforce plans: vacancies against a role profile, their candidates scored
stage by stage, the shortlist, appointment and enrolment on a cohort."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from accounts.access import Role, can_set_password_for, organisation_ids, permit
from accounts.models import Organisation
from core.forms import show_errors
from core.todo import Item

from . import access
from . import services_recruitment as services
from .forms_recruitment import (
    AppointForm,
    CandidateForm,
    EnrolCandidateForm,
    ScoreForm,
    ShortlistForm,
    VacancyForm,
)
from .models import Candidate, Stage, Vacancy


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_recruitment.html): the
    vacancies of the organisations the person leads, open ones first, with their candidates' counts."""
    organisations = base["organisations"]
    if not organisations:
        return {}
    vacancies = list(services.visible_vacancies(request.user).filter(organisation__in=organisations))
    counts = services.candidate_counts(vacancies)
    rows = [
        {"vacancy": v, **counts.get(v.pk, {"candidates": 0, "shortlisted": 0, "appointed": 0})}
        for v in vacancies
    ]
    rows.sort(key=lambda row: row["vacancy"].is_decided)
    return {
        "recruitment_rows": rows[:10],
        "recruitment_more": max(0, len(rows) - 10),
        "recruitment_organisations": [o for o in organisations if access.can_recruit_for(request.user, o)],
    }


# The to-do source (workforce/contributions.py): panel members' vacancies with candidates to score.
TODO_KINDS = {"candidates_to_score": "Candidates to score"}


def todo_items(user, today):
    return [
        Item(
            kind="candidates_to_score",
            title=f"{vacancy}: {n} candidate{pluralize(n)} to score",
            url=reverse("workforce:vacancy_detail", args=[vacancy.pk]),
            since=vacancy.closing_date if vacancy.closing_date <= today else None,
            note=f"You sit on the panel. Closing date: {services.day(vacancy.closing_date)}.",
        )
        for vacancy, n in services.to_score_for(user)
    ]


@permit(access.takes_part_in_recruitment)
def recruitment(request):
    vacancies = list(services.visible_vacancies(request.user))
    counts = services.candidate_counts(vacancies)
    led = Organisation.objects.filter(pk__in=organisation_ids(request.user, Role.WORKFORCE_LEAD))
    return render(
        request,
        "workforce/recruitment_list.html",
        {
            "rows": [
                {"vacancy": v, **counts.get(v.pk, {"candidates": 0, "shortlisted": 0, "appointed": 0})}
                for v in vacancies
            ],
            "recruiting_for": [o for o in led if access.can_recruit_for(request.user, o)],
        },
    )


# --- Vacancies ----------------------------------------------------------------------------------------


def _save_vacancy(request, form, *, created):
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    panel = data.pop("panel")
    try:
        vacancy = services.save_vacancy(vacancy=form.instance, by=request.user, panel=panel, **data)
    except ValidationError as error:
        show_errors(form, error)
        return None
    messages.success(request, f"Vacancy “{vacancy}” {'added' if created else 'saved'}.")
    return redirect("workforce:vacancy_detail", pk=vacancy.pk)


@permit(access.can_recruit_for, model=Organisation)
def vacancy_add(request, organisation):
    form = VacancyForm(request.POST or None, instance=Vacancy(organisation=organisation))
    if done := _save_vacancy(request, form, created=True):
        return done
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "organisation": organisation, "vacancy": None}
    return render(request, "workforce/recruitment_vacancy_form.html", context, status=status)


@permit(access.can_manage_vacancy, model=Vacancy, read_rule=access.can_view_vacancy)
def vacancy_edit(request, vacancy):
    form = VacancyForm(request.POST or None, instance=vacancy)
    if done := _save_vacancy(request, form, created=False):
        return done
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "organisation": vacancy.organisation, "vacancy": vacancy}
    return render(request, "workforce/recruitment_vacancy_form.html", context, status=status)


@permit(access.can_view_vacancy, model=Vacancy)
def vacancy_detail(request, vacancy):
    user = request.user
    version = vacancy.profile_version
    criteria = list(services.criteria_of(version))
    by_stage = [(Stage(stage).label, sum(stage in c.stages for c in criteria)) for stage in services.STAGES]
    return render(
        request,
        "workforce/recruitment_vacancy.html",
        {
            "vacancy": vacancy,
            "version": version,
            "panel": list(vacancy.panel.order_by("last_name", "first_name")),
            "standings": services.standings(vacancy),
            "essential_total": sum(c.essential for c in criteria),
            "desirable_total": sum(not c.essential for c in criteria),
            "by_stage": [(label, n) for label, n in by_stage if n],
            "deleted_on": services.candidates_deleted_on(vacancy),
            "retention_days": settings.CANDIDATE_RETENTION_DAYS,
            "retention_from_decision": vacancy.decided_on is not None
            and vacancy.decided_on > vacancy.closing_date,
            "can_manage": access.can_manage_vacancy(user, vacancy),
            "is_panel": access.is_on_panel_of(user, vacancy),
            "can_view_version": access.can_view_version(user, version),
        },
    )


# --- Candidates ---------------------------------------------------------------------------------------


@permit(access.can_manage_vacancy, model=Vacancy, read_rule=access.can_view_vacancy)
def candidate_add(request, vacancy):
    form = CandidateForm(request.POST or None, instance=Candidate(vacancy=vacancy))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submission_key")
        try:
            candidate = services.add_candidate(vacancy=vacancy, by=request.user, submission_key=key, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{candidate} added to the candidates for {vacancy}.")
            if "add_another" in request.POST:
                return redirect("workforce:candidate_add", pk=vacancy.pk)
            return redirect("workforce:candidate_detail", pk=candidate.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "vacancy": vacancy, "candidate": None}
    return render(request, "workforce/recruitment_candidate_form.html", context, status=status)


@permit(access.can_manage_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_edit(request, candidate):
    form = CandidateForm(request.POST or None, instance=candidate)
    del form.fields["submission_key"]
    if request.method == "POST" and form.is_valid():
        try:
            services.save_candidate(candidate=form.instance, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{candidate}'s details saved.")
            return redirect("workforce:candidate_detail", pk=candidate.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "vacancy": candidate.vacancy, "candidate": candidate}
    return render(request, "workforce/recruitment_candidate_form.html", context, status=status)


@permit(access.can_manage_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_delete(request, candidate):
    vacancy = candidate.vacancy
    if request.method == "POST":
        services.delete_candidate(candidate=candidate, by=request.user)
        messages.success(request, f"{candidate}'s application and scores were deleted.")
        return redirect("workforce:vacancy_detail", pk=vacancy.pk)
    return render(request, "workforce/recruitment_candidate_delete.html", {"candidate": candidate})


@permit(access.can_view_candidate, model=Candidate)
def candidate_detail(request, candidate):
    user = request.user
    standing = services.standing_of(candidate)
    can_score = access.can_score_candidate(user, candidate)
    can_manage = access.can_manage_candidate(user, candidate)
    stages = []
    for progress in standing.progress:
        stages.append(
            {
                "progress": progress,
                "rows": [
                    (a, a.at(progress.stage))
                    for a in standing.assessed
                    if progress.stage in a.criterion.stages
                ],
                "can_score": can_score and services.stage_problem(candidate, progress.stage) is None,
                "why_not": services.stage_problem(candidate, progress.stage),
            }
        )
    trainee = candidate.enrolment.trainee if candidate.enrolment_id else None
    return render(
        request,
        "workforce/recruitment_candidate.html",
        {
            "candidate": candidate,
            "vacancy": candidate.vacancy,
            "standing": standing,
            "stages": stages,
            "appointment_problem": services.appointment_problem(standing),
            "can_manage": can_manage,
            "can_decide_shortlist": can_manage
            and not candidate.is_appointed
            and standing.stage_done(Stage.APPLICATION),
            "can_appoint": can_manage and candidate.shortlisted and not candidate.is_appointed,
            "can_enrol": can_manage and candidate.is_appointed and candidate.enrolment_id is None,
            "trainee": trainee,
            "can_set_password": trainee is not None and can_set_password_for(user, trainee),
        },
    )


@permit(access.can_score_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_score(request, candidate, stage):
    if stage not in services.STAGES:
        raise Http404
    stage = Stage(stage)
    problem = services.stage_problem(candidate, stage)
    if problem:
        messages.error(request, problem)
        return redirect("workforce:candidate_detail", pk=candidate.pk)
    criteria = list(services.criteria_of(candidate.vacancy.profile_version_id, stage))
    if not criteria:
        raise Http404
    existing = {s.criterion_id: s for s in candidate.scores.filter(stage=stage).select_related("scored_by")}
    data = request.POST if request.method == "POST" else None
    rows = []
    for criterion in criteria:
        score = existing.get(criterion.pk)
        initial = {"result": score.result, "note": score.note} if score else {}
        rows.append(
            (
                criterion,
                score,
                ScoreForm(data, prefix=f"c{criterion.pk}", initial=initial, criterion=criterion),
            )
        )
    if data is not None and all(form.is_valid() for _c, _s, form in rows):
        results = {c: (form.cleaned_data["result"], form.cleaned_data["note"]) for c, _s, form in rows}
        try:
            services.score_stage(candidate=candidate, stage=stage, by=request.user, results=results)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{candidate}'s {stage.label.lower()} scores saved.")
            return redirect(reverse("workforce:candidate_detail", args=[candidate.pk]) + f"#stage-{stage}")
    return render(
        request,
        "workforce/recruitment_score.html",
        {"candidate": candidate, "vacancy": candidate.vacancy, "stage": stage, "rows": rows},
        status=400 if data is not None else 200,
    )


@permit(access.can_manage_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_shortlist(request, candidate):
    standing = services.standing_of(candidate)
    initial = {"reason": candidate.shortlist_reason or standing.default_shortlist_reason}
    if candidate.shortlisted is not None:
        initial["decision"] = "yes" if candidate.shortlisted else "no"
    form = ShortlistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_shortlist(
                candidate=candidate,
                by=request.user,
                shortlisted=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            candidate.refresh_from_db()
            verdict = "shortlisted" if candidate.shortlisted else "not shortlisted"
            messages.success(request, f"{candidate} {verdict}: {candidate.shortlist_reason}")
            return redirect("workforce:candidate_detail", pk=candidate.pk)
    return render(
        request,
        "workforce/recruitment_shortlist.html",
        {"candidate": candidate, "vacancy": candidate.vacancy, "standing": standing, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@permit(access.can_manage_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_appoint(request, candidate):
    standing = services.standing_of(candidate)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appoint(candidate=candidate, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{candidate} appointed. Enrol them on a cohort when they start.")
            return redirect("workforce:candidate_detail", pk=candidate.pk)
    return render(
        request,
        "workforce/recruitment_appoint.html",
        {
            "candidate": candidate,
            "vacancy": candidate.vacancy,
            "standing": standing,
            "problem": services.appointment_problem(standing),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@permit(access.can_manage_candidate, model=Candidate, read_rule=access.can_view_candidate)
def candidate_enrol(request, candidate):
    form = EnrolCandidateForm(request.POST or None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.enrol_candidate(candidate=candidate, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, added.message)  # said as adding a trainee says it
            return redirect("workforce:candidate_detail", pk=candidate.pk)
    return render(
        request,
        "workforce/recruitment_enrol.html",
        {"candidate": candidate, "vacancy": candidate.vacancy, "form": form},
        status=400 if request.method == "POST" else 200,
    )
