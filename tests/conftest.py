from types import SimpleNamespace

import pytest

# Models are imported inside fixtures: this file is read before Django is set up.


@pytest.fixture(autouse=True)
def _eager_celery_unless_worker_test(request):
    from apprentice_portal.celery import app as celery_app

    # Unit tests run tasks in-process; tests marked redis run them on a real worker through Redis.
    eager = request.node.get_closest_marker("redis") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def people(db):
    """Everyone the access tests need, in two organisations of one region and one of another region."""
    from accounts.models import Membership

    from .factories import OrganisationFactory, RegionFactory, person_with_role

    Role = Membership.Role
    region = RegionFactory(name="North")
    other_region = RegionFactory(name="South")
    trust = OrganisationFactory(name="Northfield Trust", region=region)
    other_trust = OrganisationFactory(name="Eastbrook Trust", region=region)
    far_trust = OrganisationFactory(name="Southmoor Trust", region=other_region)
    icb = OrganisationFactory(name="North ICB", kind="icb", region=region)
    return SimpleNamespace(
        region=region,
        other_region=other_region,
        trust=trust,
        other_trust=other_trust,
        far_trust=far_trust,
        trainee=person_with_role(Role.TRAINEE, trust, username="alice"),
        other_trainee=person_with_role(Role.TRAINEE, trust, username="bob"),
        mentor=person_with_role(Role.MENTOR, trust, username="mentor"),
        lead=person_with_role(Role.WORKFORCE_LEAD, trust, username="lead"),
        other_lead=person_with_role(Role.WORKFORCE_LEAD, other_trust, username="lead2"),
        outside_trainee=person_with_role(Role.TRAINEE, other_trust, username="charlie"),
        regional=person_with_role(Role.REGIONAL_LEAD, icb, username="regional"),
    )


@pytest.fixture
def celery_worker():
    """A real Celery worker, in a thread of this process, taking tasks from Redis (tests marked redis)."""
    from celery.contrib.testing.worker import start_worker

    from apprentice_portal.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
