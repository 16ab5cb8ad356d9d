"""A lead's people: who is in their organisation, adding people one by one or from a file, and inviting
people who belong elsewhere; and the invitee's side, where they accept or decline."""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Value
from django.db.models.functions import Concat
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import tabular, uploads
from core.forms import show_errors

from . import access, importing, services
from .models import Invitation, Membership, Organisation, User

ROLE_CHOICES = [(role.value, role.label) for role in services.ROLES_A_LEAD_GIVES]
PER_PAGE = 50


def _roles_text(roles):
    labels = [str(Membership.Role(role).label).lower() for role in roles]
    return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


class PersonForm(forms.Form):
    email = forms.EmailField(
        help_text="Someone who already has an account with this email is matched, not duplicated."
    )
    first_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")
    last_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")
    job_title = forms.CharField(max_length=120, required=False)
    roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple)


class InvitationForm(forms.Form):
    email = forms.EmailField(help_text="The email address of their account in the portal.")
    role = forms.ChoiceField(choices=ROLE_CHOICES, widget=forms.RadioSelect)


class PeopleFileForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv file saved as CSV UTF-8, or an Excel workbook (.xlsx; its first worksheet is "
        f"read). Up to 2 MB and {importing.MAX_ROWS:,} people.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 2 MB.")
        return upload


# --- The lead's pages ----------------------------------------------------------------------------------


def _search(organisation, q, role):
    here = Membership.objects.filter(organisation=organisation)
    wanted = Q(memberships__organisation=organisation) & (Q(memberships__role=role) if role else Q())
    people = User.objects.filter(wanted)
    if q:
        people = people.annotate(full_name=Concat("first_name", Value(" "), "last_name")).filter(
            Q(full_name__icontains=q)
            | Q(email__icontains=q)
            | Q(username__icontains=q)
            | Q(job_title__icontains=q)
        )
    return (
        people.distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="roles_here"))
    )


@access.permit(access.can_manage_people_of, model=Organisation, read_rule=access.can_view_organisation)
def people(request, organisation):
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    role = role if role in Membership.Role.values else ""
    page = Paginator(_search(organisation, q, role), PER_PAGE).get_page(request.GET.get("page"))
    invitations = organisation.invitations.exclude(status=Invitation.Status.WITHDRAWN).select_related(
        "invited_by"
    )[:50]
    return render(
        request,
        "accounts/people.html",
        {
            "organisation": organisation,
            "page": page,
            "q": q,
            "role": role,
            "roles": Membership.Role.choices,
            "invitations": invitations,
            "now": timezone.now(),
        },
    )


@access.permit(access.can_manage_people_of, model=Organisation, read_rule=access.can_view_organisation)
def person_add(request, organisation):
    form = PersonForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_person(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            roles = _roles_text(added.roles)
            if added.action == "invite":
                messages.info(
                    request,
                    f"{form.cleaned_data['email']} belongs to someone with a role in another organisation, "
                    f"so they have been invited to be {roles} here. They join when they accept, within "
                    f"{services.INVITATION_DAYS} days.",
                )
                return redirect("people", pk=organisation.pk)
            if added.action == "create":
                messages.success(
                    request,
                    f"{added.person} now has an account and is {roles} at {organisation}. Set them a "
                    "temporary password so they can sign in.",
                )
            else:
                messages.success(
                    request,
                    f"{added.person} already had an account with {added.person.email}: matched, not "
                    f"duplicated, and now {roles} at {organisation}.",
                )
            if "add_another" in request.POST:
                return redirect("person_add", pk=organisation.pk)
            return redirect("person_detail", pk=added.person.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/people_add.html", {"organisation": organisation, "form": form}, status=status
    )


@access.permit(access.can_manage_people_of, model=Organisation, read_rule=access.can_view_organisation)
def invite(request, organisation):
    form = InvitationForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            services.invite(organisation=organisation, by=request.user, email=email, roles=[role])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                f"{email} is invited to be {_roles_text([role])} at {organisation}. They see the invitation "
                f"when they sign in, and join when they accept, within {services.INVITATION_DAYS} days.",
            )
            return redirect("people", pk=organisation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/invitation_form.html",
        {"organisation": organisation, "form": form, "days": services.INVITATION_DAYS},
        status=status,
    )


@uploads.explain_unreadable_upload(back_to=lambda pk: reverse("people_import", args=[pk]))
@access.permit(access.can_manage_people_of, model=Organisation, read_rule=access.can_view_organisation)
def people_import(request, organisation):
    form = PeopleFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_people(
                organisation=organisation, by=request.user, upload_name=upload.name, content=upload.read()
            )
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                f"{result.created} new account{pluralize(result.created)}, {result.given} existing "
                f"{pluralize(result.given, 'account,accounts')} given roles, {result.invited} "
                f"{pluralize(result.invited, 'person,people')} from other organisations invited, "
                f"{result.unchanged} unchanged.",
            )
            return redirect("people", pk=organisation.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "organisation": organisation,
        "form": form,
        "problems": problems,
        "column_guide": importing.column_guide(services.ROLES_A_LEAD_GIVES),
    }
    return render(request, "accounts/people_import.html", context, status=status)


@access.permit(access.can_manage_people_of, model=Organisation, read_rule=access.can_view_organisation)
def people_import_template(request, organisation):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(importing.template_rows())
    # The byte-order mark makes Excel open the file as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-import-template.csv"'
    return response


@access.permit(access.can_withdraw_invitation, model=Invitation)
@require_POST
def invitation_withdraw(request, invitation):
    try:
        services.withdraw_invitation(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("people", pk=invitation.organisation_id)


# --- The invitee's page --------------------------------------------------------------------------------


@access.permit(access.can_view_invitations)
def invitations(request):
    return render(
        request, "accounts/invitations.html", {"invitations": services.pending_invitations(request.user)}
    )


def _answer(request, invitation, service, done):
    try:
        service(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("invitations")


@access.permit(access.can_answer_invitation, model=Invitation)
@require_POST
def invitation_accept(request, invitation):
    done = f"You are now a {_roles_text([invitation.role])} at {invitation.organisation}."
    return _answer(request, invitation, services.accept_invitation, done)


@access.permit(access.can_answer_invitation, model=Invitation)
@require_POST
def invitation_decline(request, invitation):
    done = f"You declined to be {_roles_text([invitation.role])} at {invitation.organisation}."
    return _answer(request, invitation, services.decline_invitation, done)


def invitations_panel(request):
    """The dashboard's notice of invitations waiting for the person's answer."""
    waiting = list(services.pending_invitations(request.user))
    if not waiting:
        return None
    return {"template": "accounts/_invitations_panel.html", "invitations": waiting}
