"""Every change to people and organisations goes through here, so views, commands and tests share it."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Membership, Organisation, Region, User

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
