"""Who may see and do what: the mechanism, and the rules about people and organisations.

A view declares its rule with ``@permit(rule)``, or ``@permit(rule, model=...)`` to load the object the rule
is about; a view that declares no rule is refused (see ``AccessRuleRequiredMiddleware``), so the default is to
deny. People who may not see an object get 404, so they cannot learn that it exists; people who may see it
but not do what they asked get 403. Templates get ``can_*`` flags from views, which call the rules.

Each app's own rules live in its ``access.py`` (``trainees/access.py``: who may see a cohort, sign a
contract), built from the primitives here (``grants``, ``organisation_ids``, ``has_role``); every one is
applied through ``permit`` below and tested for yes and no. This module imports no other app of ours.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership

Role = Membership.Role


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    region_id: int
    role: str


def grants(user):
    """The person's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    if not hasattr(user, "_portal_grants"):
        user._portal_grants = tuple(
            Grant(m.organisation_id, m.organisation.region_id, m.role)
            for m in user.memberships.select_related("organisation")
        )
    return user._portal_grants


def organisation_ids(user, *roles):
    return {g.organisation_id for g in grants(user) if not roles or g.role in roles}


def region_ids(user, *roles):
    return {g.region_id for g in grants(user) if not roles or g.role in roles}


def roles_of(user):
    return {g.role for g in grants(user)}


def has_role(user, role, organisation=None):
    return any(
        g.role == role and (organisation is None or g.organisation_id == organisation.pk)
        for g in grants(user)
    )


# --- Rules: each answers one question about one person and (usually) one object. ----------------------


def is_signed_in(user):
    return user.is_authenticated


def is_member_of(user, organisation):
    return organisation.pk in organisation_ids(user)


def is_workforce_lead_of(user, organisation):
    return has_role(user, Role.WORKFORCE_LEAD, organisation)


def is_regional_lead_for(user, region):
    return region.pk in region_ids(user, Role.REGIONAL_LEAD)


def can_view_organisation(user, organisation):
    return is_member_of(user, organisation) or is_regional_lead_for(user, organisation.region)


def can_view_people_of(user, organisation):
    # Regional leads see aggregates only, never named people.
    return is_workforce_lead_of(user, organisation)


def can_view_person(user, person):
    if user.pk == person.pk:
        return True
    their_organisations = {m.organisation_id for m in person.memberships.all()}
    return bool(their_organisations & organisation_ids(user, Role.WORKFORCE_LEAD))


def can_set_password_for(user, person):
    # A lead helps a newcomer of their own organisation sign in for the first time. Never someone who has
    # signed in (the account is theirs now), anyone with a role elsewhere (a university's lecturer), a fellow
    # lead, an administrator or themselves: each account would then be in someone else's hands.
    if person.pk == user.pk or person.is_staff or person.is_superuser or person.last_login is not None:
        return False
    theirs = {(m.organisation_id, m.role) for m in person.memberships.all()}
    if any(role in (Role.WORKFORCE_LEAD, Role.REGIONAL_LEAD) for _org, role in theirs):
        return False
    return is_wholly_led_by(user, {org for org, _role in theirs})


def can_view_region(user, region):
    return is_regional_lead_for(user, region)


# --- Applying rules to views ---------------------------------------------------------------------------


def public(view):
    """Marks a view anyone may open, signed in or not."""
    view = login_not_required(view)
    view.access_rule = public
    return view


def permit(rule, *, model=None, lookup="pk", read_rule=None):
    """Lets a request through only if ``rule`` allows it.

    Without ``model``, ``rule(user)`` decides. With ``model``, the object named by the URL's ``lookup``
    argument is loaded and passed to the view in its place (as ``organisation=...`` for Organisation), and
    ``rule(user, obj)`` decides: refused with 403 if ``read_rule(user, obj)`` allows reading, else 404.
    """

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if model is None:
                if not rule(request.user):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            obj = get_object_or_404(model, **{lookup: kwargs.pop(lookup)})
            if not rule(request.user, obj):
                if read_rule is not None and read_rule(request.user, obj):
                    raise PermissionDenied
                raise Http404
            kwargs[model._meta.model_name] = obj
            return view(request, *args, **kwargs)

        checked.access_rule = rule
        return checked

    return decorator


# --- A lead's people, and invitations ------------------------------------------------------------------
# A workforce lead acts only on people whose every membership is in organisations they lead; people with a
# role elsewhere (a university's lecturer) join by invitation, which only they may accept.


def is_wholly_led_by(user, organisation_ids_of_person):
    """Every one of the person's organisations (and at least one) is led by the user."""
    return bool(organisation_ids_of_person) and organisation_ids_of_person <= organisation_ids(
        user, Role.WORKFORCE_LEAD
    )


def can_take_in(user, person):
    """May the lead give this existing account roles in their organisation directly, without inviting?"""
    if person.pk == user.pk or person.is_staff or person.is_superuser:
        return False
    return is_wholly_led_by(user, {m.organisation_id for m in person.memberships.all()})


def memberships_shown_to(user, person):
    """The person's roles the user may see: all their own; a lead, those in organisations they lead."""
    memberships = person.memberships.select_related("organisation")
    if user.pk == person.pk:
        return memberships
    return memberships.filter(organisation__in=organisation_ids(user, Role.WORKFORCE_LEAD))


def can_manage_people_of(user, organisation):
    return is_workforce_lead_of(user, organisation)


def can_answer_invitation(user, invitation):
    # Only the person invited; to anyone else the invitation does not exist.
    return invitation.invitee_id == user.pk


def can_withdraw_invitation(user, invitation):
    return is_workforce_lead_of(user, invitation.organisation)


def can_view_invitations(user):
    return user.is_authenticated
