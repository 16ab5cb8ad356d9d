"""Every change to people and organisations goes through here, so views, commands and tests share it."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from core import tabular

from . import access, importing
from .models import Invitation, Membership, Organisation, Region, User

logger = logging.getLogger(__name__)


@transaction.atomic
def ensure_region(*, name, code=""):
    region, _ = Region.objects.update_or_create(name=name, defaults={"code": code})
    return region


@transaction.atomic
def ensure_organisation(*, ods_code, name, kind, region):
    organisation, _ = Organisation.objects.update_or_create(
        ods_code=ods_code, defaults={"name": name, "kind": kind, "region": region}
    )
    return organisation


@transaction.atomic
def ensure_person(*, username, first_name, last_name, email="", job_title="", password=None):
    person, _ = User.objects.update_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email, "job_title": job_title},
    )
    if password is not None:
        person.set_password(password)
        person.save(update_fields=["password"])
    return person


@transaction.atomic
def set_temporary_password(*, person, password, by):
    """A lead gives someone a password to sign in with once; the person must then choose their own."""
    person.set_password(password)
    person.must_change_password = True
    person.save(update_fields=["password", "must_change_password"])
    logger.info("%s set a temporary password for %s", by, person)
    return person


@transaction.atomic
def change_own_password(*, person, password):
    """Someone chooses their own password; the temporary one a lead gave them cannot be kept as it."""
    if person.must_change_password and person.check_password(password):
        raise ValidationError(
            {
                "new_password1": "This is the temporary password you were given. "
                "Choose a new one of your own, which only you know."
            }
        )
    person.set_password(password)
    person.must_change_password = False
    person.save(update_fields=["password", "must_change_password"])
    return person


@transaction.atomic
def grant_role(*, person, organisation, role):
    membership, _ = Membership.objects.get_or_create(user=person, organisation=organisation, role=role)
    return membership


# --- A lead's people, and invitations ------------------------------------------------------------------
# A lead gives roles in their organisation to a new account, or to an existing one whose every membership is
# in organisations they lead (access.can_take_in). Anyone else belongs elsewhere: they are invited, and become
# a member only when they accept, so a lead can never make a membership that reaches another organisation's
# account.

Role = Membership.Role
ROLES_A_LEAD_GIVES = (Role.TRAINEE, Role.MENTOR, Role.MANAGER, Role.LECTURER)
INVITATION_DAYS = 30


def find_account(email):
    """The account with this email address, in any capitals, if there is one."""
    email = email.strip()
    return User.objects.filter(email__iexact=email).first() if email else None


def _new_username(email):
    base = "".join(c for c in email.split("@")[0].lower() if c.isalnum() or c in "._-")[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@dataclass(frozen=True)
class Plan:
    """What adding this email with these roles would do: make a new account, give an existing account the
    roles it lacks here, or invite someone who belongs elsewhere; and any reasons it cannot."""

    action: str  # "create", "give" or "invite"
    account: User | None
    roles: list  # the roles they do not have here yet, in the order asked
    errors: dict  # {field: [message]}


def plan_person(*, organisation, by, account, roles, first_name="", last_name=""):
    """Decides, without saving anything, what giving these roles to the email's ``account`` (found with
    find_account; None if there is none) does."""
    errors = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    roles = list(dict.fromkeys(roles))
    if not roles:
        error("roles", "Choose at least one role.")
    for role in roles:
        if role not in ROLES_A_LEAD_GIVES:
            error("roles", f"“{role}” is not a role you can give: use trainee, mentor, manager or lecturer.")
    if account is None:
        action = "create"
        for field, value in (("first_name", first_name), ("last_name", last_name)):
            if not value.strip():
                error(field, "Needed, as no one has an account with this email yet.")
        return Plan(action, None, roles, errors)
    if account.pk == by.pk:
        error("email", "This is you: ask another lead or a site administrator to change your roles.")
        return Plan("give", account, [], errors)
    held = {m.role for m in account.memberships.all() if m.organisation_id == organisation.pk}
    missing = [role for role in roles if role not in held]
    if access.can_take_in(by, account):
        if not account.is_active:
            error("email", f"{account}'s account is switched off; ask a site administrator.")
        return Plan("give", account, missing, errors)
    return Plan("invite", account, missing, errors)


@transaction.atomic
def create_person(*, email, first_name, last_name, job_title=""):
    """An account with no usable password: a lead sets a first one, and the person then chooses their own."""
    person = User(
        username=_new_username(email),
        email=email.strip(),
        first_name=" ".join(first_name.split()),
        last_name=" ".join(last_name.split()),
        job_title=job_title.strip(),
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    return person


@dataclass(frozen=True)
class Added:
    action: str  # "create", "give" or "invite"
    person: User | None  # None when invited: until they accept, the lead does not learn whose account it is
    roles: list
    invitations: list


@transaction.atomic
def carry_out(*, plan, organisation, by, email, first_name="", last_name="", job_title=""):
    """Does what plan_person decided (which must have found no errors)."""
    if plan.action == "invite":
        invitations = [_invite(organisation, by, email, plan.account, role) for role in plan.roles]
        return Added("invite", None, plan.roles, invitations)
    person = plan.account or create_person(
        email=email, first_name=first_name, last_name=last_name, job_title=job_title
    )
    for role in plan.roles:
        grant_role(person=person, organisation=organisation, role=role)
    logger.info("%s gave %s the roles %s in %s", by, person, ", ".join(plan.roles), organisation)
    return Added(plan.action, person, plan.roles, [])


@transaction.atomic
def add_person(*, organisation, by, email, roles, first_name="", last_name="", job_title=""):
    """Gives someone roles in the lead's organisation: a new account, an account wholly within organisations
    the lead leads, or (for someone who belongs elsewhere) an invitation. ValidationError names the fields."""
    plan = plan_person(
        organisation=organisation,
        by=by,
        account=find_account(email),
        roles=roles,
        first_name=first_name,
        last_name=last_name,
    )
    if not plan.errors and not plan.roles:
        plan.errors["roles"] = [_already_has_message(plan)]
    if plan.errors:
        raise ValidationError(plan.errors)
    return carry_out(
        plan=plan,
        organisation=organisation,
        by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
    )


def _already_has_message(plan):
    if plan.action == "invite":
        return "They already have these roles here."
    return f"{plan.account} already has these roles here."


@transaction.atomic
def invite(*, organisation, by, email, roles):
    """Invites someone who belongs to another organisation to take these roles in the lead's organisation."""
    plan = plan_person(organisation=organisation, by=by, account=find_account(email), roles=roles)
    if plan.action == "create":
        raise ValidationError(
            {"email": "No one has an account with this email yet: add them as a new person instead."}
        )
    if plan.action == "give" and not plan.errors:
        raise ValidationError(
            {"email": f"{plan.account} belongs only to organisations you lead: add them as a person instead."}
        )
    if not plan.errors and not plan.roles:
        plan.errors["roles"] = [_already_has_message(plan)]
    if plan.errors:
        raise ValidationError(plan.errors)
    return [_invite(organisation, by, email, plan.account, role) for role in plan.roles]


def _invite(organisation, by, email, invitee, role):
    """A pending invitation for this role, made or (if one is already pending) renewed."""
    expires_at = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    invitation, _ = Invitation.objects.update_or_create(
        organisation=organisation,
        invitee=invitee,
        role=role,
        status=Invitation.Status.PENDING,
        defaults={"email": email.strip(), "invited_by": by, "expires_at": expires_at},
    )
    transaction.on_commit(lambda: _tell_invitee(invitation))
    logger.info("%s invited account %s to be %s in %s", by, invitee.pk, role, organisation)
    return invitation


def _tell_invitee(invitation):
    try:
        send_mail(
            f"Invitation to join {invitation.organisation} on the AP Workforce Portal",
            f"{invitation.invited_by} has invited you to be a {invitation.get_role_display().lower()} at "
            f"{invitation.organisation}. Sign in to the portal to accept or decline: "
            f"{settings.SITE_URL}{reverse('invitations')}\n\n"
            f"The invitation expires on {invitation.expires_at:%d %B %Y}.\n",
            None,
            [invitation.invitee.email],
        )
    except OSError:  # the invitation stands: they see it when they next sign in
        logger.exception("Could not email invitation %s", invitation.pk)


def pending_invitations(user):
    """Invitations waiting for this person's answer, newest first."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        invitee=user, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("organisation", "invited_by")


def _answer(invitation, by, status):
    # Locked while answered, so an invitation is used once even if answered twice at the same moment; saved
    # (not updated in bulk) so its history records who answered.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != by.pk:
        raise ValidationError("This invitation is for someone else.")
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation was already {invitation.get_status_display().lower()}.")
    if not invitation.is_open():
        raise ValidationError("This invitation has expired. Ask the workforce lead to invite you again.")
    invitation.status, invitation.answered_at = status, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, by):
    """The invitee takes the role offered: only now do they become a member of the organisation."""
    invitation = _answer(invitation, by, Invitation.Status.ACCEPTED)
    grant_role(person=by, organisation=invitation.organisation, role=invitation.role)
    logger.info("%s accepted invitation %s", by, invitation.pk)
    return invitation


@transaction.atomic
def decline_invitation(*, invitation, by):
    return _answer(invitation, by, Invitation.Status.DECLINED)


@transaction.atomic
def withdraw_invitation(*, invitation, by):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation was already {invitation.get_status_display().lower()}.")
    invitation.status, invitation.answered_at = Invitation.Status.WITHDRAWN, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    logger.info("%s withdrew invitation %s", by, invitation.pk)
    return invitation


# --- Importing a file of people (read by importing.py), all or nothing ---------------------------------


def _accounts(emails):
    """The accounts with these emails (any capitals), each with its memberships, in two queries."""
    found = (
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in={e.lower() for e in emails})
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.all()))
    )
    return {user.email_lower: user for user in found}


@dataclass(frozen=True)
class ImportResult:
    created: int  # new accounts
    given: int  # existing accounts given roles
    invited: int  # people who belong elsewhere, invited
    unchanged: int  # already had every role


def import_people(*, organisation, by, upload_name, content):
    """Brings in every person in the file, or raises ImportRefused and saves nothing."""
    people = importing.read_people_file(name=upload_name, content=content, roles=ROLES_A_LEAD_GIVES)
    with tabular.all_or_nothing(people.problems, columns=importing.COLUMNS) as problems:
        usable = [row for row in people.rows if row.usable]
        accounts = _accounts([row.email for row in usable])
        plans = []
        for row in usable:
            plan = plan_person(
                organisation=organisation,
                by=by,
                account=accounts.get(row.email.lower()),
                roles=row.roles,
                first_name=row.first_name,
                last_name=row.last_name,
            )
            for column, messages in plan.errors.items():
                if column != "roles":  # the roles were checked while reading
                    for message in messages:
                        problems.add(row.row, column, message)
            plans.append((row, plan))
        problems.refuse_if_any()
        counts = {"create": 0, "give": 0, "invite": 0, "unchanged": 0}
        for row, plan in plans:
            counts[_import_one(row, plan, organisation, by) if plan.roles else "unchanged"] += 1
    return ImportResult(counts["create"], counts["give"], counts["invite"], counts["unchanged"])


def _import_one(row, plan, organisation, by):
    try:
        carry_out(
            plan=plan,
            organisation=organisation,
            by=by,
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            job_title=row.job_title,
        )
    except ValidationError as exc:  # checked above, so a surprise (an email taken meanwhile): roll back
        raise tabular.ImportRefused([tabular.Problem(row.row, "email", m) for m in exc.messages]) from exc
    return plan.action
