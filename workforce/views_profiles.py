"""Pages of role profiles: the list, a profile with its versions, a version (the job description and person
specification), editing a draft, publishing, a new version, and the job description agreement its job holder
and line manager sign."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import Role, organisation_ids, permit
from accounts.models import Organisation
from core import signing
from core.forms import show_errors
from core.signing import SignForm

from . import access, services_profiles
from .forms_profiles import (
    DetailsForm,
    NameSignersForm,
    ProfileForm,
    RenameForm,
    criterion_formset,
    criterion_initial,
    section_formset,
    section_initial,
)
from .models import Criterion, JobDescriptionAgreement, ProfileSection, ProfileVersion, RoleProfile
from .reports_profiles import document

MORE_ROWS = 10


def _led(user):
    return Organisation.objects.filter(pk__in=organisation_ids(user, Role.WORKFORCE_LEAD)).order_by("name")


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_profiles.html)."""
    if not base["organisations"]:
        return {}
    rows = profile_rows(RoleProfile.objects.filter(organisation__in=base["organisations"]))
    return {"show_profiles": True, "profile_rows": rows}


def profile_rows(profiles):
    """Each profile with its current version, its draft and how many agreements wait for a signature."""
    profiles = list(
        profiles.select_related("organisation", "workforce_role", "variant").prefetch_related("versions")
    )
    agreements = JobDescriptionAgreement.objects.filter(version__profile__in=profiles).prefetch_related(
        "signatures"
    )
    awaiting = {}
    for agreement in agreements.select_related("version"):
        if not agreement.is_signed_by_both():
            awaiting[agreement.version.profile_id] = awaiting.get(agreement.version.profile_id, 0) + 1
    rows = []
    for profile in profiles:
        versions = sorted(profile.versions.all(), key=lambda v: v.number, reverse=True)
        rows.append(
            {
                "profile": profile,
                "current": next((v for v in versions if v.is_published), None),
                "draft": next((v for v in versions if v.is_draft), None),
                "awaiting": awaiting.get(profile.pk, 0),
            }
        )
    return rows


# --- Profiles -----------------------------------------------------------------------------------------


@permit(access.keeps_role_profiles)
def profile_list(request):
    organisations = _led(request.user)
    rows = profile_rows(RoleProfile.objects.filter(organisation__in=organisations))
    return render(
        request,
        "workforce/profiles_list.html",
        {"rows": rows, "organisations": organisations, "several": len(organisations) > 1},
    )


@permit(access.keeps_role_profiles)
def profile_create(request):
    organisations = _led(request.user)
    form = ProfileForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        fields = form.profile()
        if not access.can_keep_profiles_of(request.user, fields["organisation"]):
            raise Http404
        try:
            profile = services_profiles.create_profile(by=request.user, **fields)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"Profile “{profile}” made. Version 1 is a draft: fill it in, then publish."
            )
            return redirect("workforce:profile_detail", pk=profile.pk)
    return render(
        request,
        "workforce/profiles_create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@permit(access.can_keep_profile, model=RoleProfile)
def profile_detail(request, roleprofile):
    profile = roleprofile
    versions = list(profile.versions.select_related("published_by", "created_by"))
    agreements = (
        JobDescriptionAgreement.objects.filter(version__profile=profile)
        .select_related("version", "job_holder", "line_manager")
        .prefetch_related("signatures")
    )
    return render(
        request,
        "workforce/profiles_detail.html",
        {
            "profile": profile,
            "versions": versions,
            "current": next((v for v in versions if v.is_published), None),
            "draft": next((v for v in versions if v.is_draft), None),
            "agreements": agreements,
        },
    )


@permit(access.can_keep_profile, model=RoleProfile)
def profile_rename(request, roleprofile):
    profile = roleprofile
    form = RenameForm(
        request.POST or None, profile=profile, initial={"name": profile.name, "variant": profile.variant}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_profiles.rename_profile(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("workforce:profile_detail", pk=profile.pk)
    return render(
        request,
        "workforce/profiles_rename.html",
        {"form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permit(access.can_keep_profile, model=RoleProfile)
def profile_new_version(request, roleprofile):
    try:
        version = services_profiles.new_version(profile=roleprofile, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workforce:profile_detail", pk=roleprofile.pk)
    messages.success(
        request, f"Version {version.number} is a draft copy of the current version: change it, then publish."
    )
    return redirect("workforce:profile_version", pk=version.pk)


# --- A version ----------------------------------------------------------------------------------------


@permit(access.can_view_version, model=ProfileVersion)
def version_detail(request, profileversion):
    version = profileversion
    user = request.user
    lead = access.can_keep_profile(user, version.profile)
    agreements = version.agreements.select_related("job_holder", "line_manager").prefetch_related(
        "signatures"
    )
    if not lead:
        agreements = [a for a in agreements if access.can_view_agreement(user, a)]
    return render(
        request,
        "workforce/profiles_version.html",
        {
            **document(version),
            "is_lead": lead,
            "can_edit": access.can_edit_version(user, version),
            "can_name_signers": access.can_name_signers(user, version),
            "problems": services_profiles.publishing_problems(version) if version.is_draft else [],
            "agreements": agreements,
            "current": version.profile.current_version(),
            "draft": version.profile.draft() if lead else None,
        },
    )


def _draft_page(request, version, template, context, status):
    return render(
        request, template, {"version": version, "profile": version.profile, **context}, status=status
    )


@permit(access.can_edit_version, model=ProfileVersion, read_rule=access.can_view_version)
def version_details(request, profileversion):
    version = profileversion
    form = DetailsForm(request.POST or None, instance=ProfileVersion.objects.get(pk=version.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services_profiles.save_details(version=version, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Job details saved.")
            return redirect(reverse("workforce:profile_version", args=[version.pk]) + "#details")
    return _draft_page(
        request,
        version,
        "workforce/profiles_details.html",
        {"form": form},
        400 if request.method == "POST" else 200,
    )


def _empty_rows(request, default):
    """How many empty rows to add at the end: ?rows=N after "Save and add more", else the default."""
    try:
        wanted = int(request.GET.get("rows", default))
    except ValueError:
        wanted = default
    return min(max(wanted, 0), 50)


@permit(access.can_edit_version, model=ProfileVersion, read_rule=access.can_view_version)
def version_sections(request, profileversion, part):
    version = profileversion
    if part not in ProfileSection.Part.values:
        raise Http404
    prefix = "section"
    initial = section_initial(version, part)
    formset_class = section_formset(_empty_rows(request, 2))
    if request.method == "POST":
        formset = formset_class(request.POST, initial=initial, prefix=prefix)
        if formset.is_valid():
            try:
                services_profiles.save_sections(version=version, part=part, sections=formset.sections())
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                label = ProfileSection.Part(part).label
                messages.success(request, f"{label} saved.")
                if "more" in request.POST:
                    url = reverse("workforce:profile_sections", args=[version.pk, part])
                    return redirect(f"{url}?rows={MORE_ROWS}")
                return redirect(reverse("workforce:profile_version", args=[version.pk]) + f"#{part}")
    else:
        formset = formset_class(initial=initial, prefix=prefix)
    return _draft_page(
        request,
        version,
        "workforce/profiles_sections.html",
        {"formset": formset, "part": part, "part_label": ProfileSection.Part(part).label},
        400 if request.method == "POST" else 200,
    )


@permit(access.can_edit_version, model=ProfileVersion, read_rule=access.can_view_version)
def version_criteria(request, profileversion):
    version = profileversion
    prefix = "criterion"
    initial = criterion_initial(version)
    formset_class = criterion_formset(_empty_rows(request, 3))
    if request.method == "POST":
        formset = formset_class(request.POST, initial=initial, prefix=prefix)
        if formset.is_valid():
            try:
                services_profiles.save_criteria(version=version, criteria=formset.criteria())
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, "Person specification saved.")
                if "more" in request.POST:
                    url = reverse("workforce:profile_criteria", args=[version.pk])
                    return redirect(f"{url}?rows={MORE_ROWS}")
                return redirect(reverse("workforce:profile_version", args=[version.pk]) + "#specification")
    else:
        formset = formset_class(initial=initial, prefix=prefix)
    return _draft_page(
        request,
        version,
        "workforce/profiles_criteria.html",
        {"formset": formset, "category_labels": dict(Criterion.Category.choices)},
        400 if request.method == "POST" else 200,
    )


@require_POST
@permit(access.can_edit_version, model=ProfileVersion, read_rule=access.can_view_version)
def version_publish(request, profileversion):
    try:
        version = services_profiles.publish(version=profileversion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workforce:profile_version", pk=profileversion.pk)
    messages.success(
        request, f"Version {version.number} is published: it is the current version and no longer changes."
    )
    return redirect("workforce:profile_version", pk=version.pk)


# --- The job description agreement --------------------------------------------------------------------


@permit(access.can_name_signers, model=ProfileVersion, read_rule=access.can_view_version)
def agreement_create(request, profileversion):
    version = profileversion
    form = NameSignersForm(request.POST or None, organisation=version.profile.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services_profiles.name_signers(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"{agreement.job_holder} and {agreement.line_manager} are asked to sign version "
                f"{version.number}.",
            )
            return redirect("workforce:profile_agreement", pk=agreement.pk)
    return _draft_page(
        request,
        version,
        "workforce/profiles_agreement_form.html",
        {"form": form},
        400 if request.method == "POST" else 200,
    )


def _sign_form(agreement, data=None):
    return SignForm(
        data,
        read_terms=agreement.version.agreement_declaration
        or "I have read the job description and person specification.",
        unread="Confirm that you have read the job description and person specification before you sign.",
    )


def _agreement_page(request, agreement, sign_form=None, status=200):
    version = agreement.version
    return render(
        request,
        "workforce/profiles_agreement.html",
        {
            "agreement": agreement,
            "version": version,
            "profile": version.profile,
            "is_lead": access.can_keep_profile(request.user, version.profile),
            "parties": signing.parties_table(agreement),
            "signable": signing.parties_to_sign(agreement, request.user),
            "sign_form": sign_form or _sign_form(agreement),
            "can_withdraw": access.can_withdraw_agreement(request.user, agreement),
        },
        status=status,
    )


@permit(access.can_view_agreement, model=JobDescriptionAgreement)
def agreement_detail(request, jobdescriptionagreement):
    return _agreement_page(request, jobdescriptionagreement)


@require_POST
@permit(access.can_sign_agreement, model=JobDescriptionAgreement, read_rule=access.can_view_agreement)
def agreement_sign(request, jobdescriptionagreement):
    agreement = jobdescriptionagreement
    form = _sign_form(agreement, request.POST)
    signature = signing.signed(
        form, partial(services_profiles.sign_agreement, agreement=agreement, by=request.user)
    )
    if signature is None:
        return _agreement_page(request, agreement, form, status=400)
    messages.success(
        request, f"You signed the job description agreement as {signature.get_party_display().lower()}."
    )
    return redirect("workforce:profile_agreement", pk=agreement.pk)


@require_POST
@permit(access.can_withdraw_agreement, model=JobDescriptionAgreement, read_rule=access.can_view_agreement)
def agreement_withdraw(request, jobdescriptionagreement):
    agreement = jobdescriptionagreement
    version = agreement.version
    try:
        services_profiles.withdraw_agreement(agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workforce:profile_agreement", pk=agreement.pk)
    messages.success(
        request, f"The request to {agreement.job_holder} and {agreement.line_manager} is withdrawn."
    )
    return redirect("workforce:profile_version", pk=version.pk)


def dashboard_panel(request):
    """The job descriptions a person holds or manages (their agreements), so they open the version they signed
    after it has left their to-do list; None for everyone else."""
    user = request.user
    rows = list(
        JobDescriptionAgreement.objects.filter(Q(job_holder=user) | Q(line_manager=user))
        .select_related("version__profile__organisation", "job_holder", "line_manager")
        .prefetch_related("signatures")
        .order_by("-created_at")
    )
    if not rows:
        return None
    return {"template": "workforce/profiles_panel.html", "agreements": rows, "user_pk": user.pk}
