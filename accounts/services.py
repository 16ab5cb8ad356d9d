"""Every change to people and organisations goes through here, so views, commands and tests share it."""

import logging

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
def password_changed(*, person):
    if person.must_change_password:
        person.must_change_password = False
        person.save(update_fields=["must_change_password"])


@transaction.atomic
def grant_role(*, person, organisation, role):
    membership, _ = Membership.objects.get_or_create(user=person, organisation=organisation, role=role)
    return membership
