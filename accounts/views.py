from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from core.forms import show_errors

from . import access, services
from .models import Membership, Organisation, Region


@access.permit(access.can_view_organisation, model=Organisation)
def organisation_detail(request, organisation):
    can_view_people = access.can_view_people_of(request.user, organisation)
    members = None
    if can_view_people:
        members = organisation.memberships.select_related("user").order_by(
            "user__last_name", "user__first_name"
        )
    role_counts = organisation.memberships.values("role").annotate(n=Count("id")).order_by("role")
    role_labels = dict(Membership.Role.choices)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_people": can_view_people,
            "members": members,
            "role_counts": [(role_labels[row["role"]], row["n"]) for row in role_counts],
            "your_roles": organisation.memberships.filter(user=request.user),
        },
    )


@access.permit(access.can_view_person, model=get_user_model())
def person_detail(request, user):
    # A lead sees the person's roles in the organisations they lead, never those elsewhere.
    memberships = access.memberships_shown_to(request.user, user)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": user,
            "memberships": memberships,
            "can_set_password": access.can_set_password_for(request.user, user),
        },
    )


@access.permit(access.can_view_region, model=Region)
def region_detail(request, region):
    organisations = region.organisations.annotate(
        trainees=Count("memberships", filter=Q(memberships__role=Membership.Role.TRAINEE)),
        mentors=Count("memberships", filter=Q(memberships__role=Membership.Role.MENTOR)),
    )
    return render(request, "accounts/region_detail.html", {"region": region, "organisations": organisations})


@access.permit(access.can_set_password_for, model=get_user_model(), read_rule=access.can_view_person)
def set_password(request, user):
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_temporary_password(
            person=user, password=form.cleaned_data["new_password1"], by=request.user
        )
        messages.success(
            request,
            f"Temporary password set. Tell {user} it in person or by phone; "
            "they choose their own when they first sign in.",
        )
        return redirect("person_detail", pk=user.pk)
    return render(request, "accounts/set_password.html", {"person": user, "form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        try:
            services.change_own_password(person=form.user, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())
