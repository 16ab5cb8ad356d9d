import pytest


@pytest.fixture
def catalogue(db):
    """The national catalogue of workforce roles: loaded by a migration, loaded again after a flush."""
    from standards.models import Standard
    from workforce.catalogue import ensure_catalogue
    from workforce.models import RoleVariant, WorkforceRole

    ensure_catalogue(WorkforceRole, RoleVariant, Standard)
    return {role.name: role for role in WorkforceRole.objects.filter(organisation=None)}


@pytest.fixture
def administrator(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_staff=True)
