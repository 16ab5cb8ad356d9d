from types import SimpleNamespace

import pytest

# Models are imported inside fixtures: this file is read before Django is set up.


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run every test that flushes the database (transactional, browser) after those that roll back.

    pytest-django orders them so, but pytest then regroups tests by parametrised session fixtures (the
    browser's name), which put the browser tests, whose flush removes ST0215 loaded by a migration, in
    the middle of the rolled-back tests. A stable sort keeps every other order as it was.

    Of those that flush, the browser tests (10-35 s each) come first and the other, short, ones last: with
    pytest-xdist, a process that is handed the last tests then does not run a long one while the others
    wait."""

    def flushes(item):
        marker = item.get_closest_marker("django_db")
        options = marker.kwargs if marker else {}
        transactional = bool(options.get("transaction") or options.get("reset_sequences"))
        fixtures = getattr(item, "fixturenames", ())
        return transactional or "transactional_db" in fixtures or "live_server" in fixtures

    def order(item):
        return (flushes(item), flushes(item) and item.get_closest_marker("browser") is None)

    items.sort(key=order)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's, but on PostgreSQL the test database is a copy of a migrated template
    (tests/database_template.py): a second or so where migrating took 13 s or more in every test process.
    --reuse-db, --nomigrations and tests that need serialized rollback get pytest-django's own set-up."""
    from django.db import connection
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    plain = (
        connection.vendor != "postgresql"
        or aliases != {"default"}
        or serialized_aliases
        or django_db_keepdb
        or not django_db_use_migrations
    )
    if plain:
        yield from _pytest_django_db_setup(
            request, django_db_blocker, django_db_use_migrations, django_db_keepdb, django_db_createdb
        )
        return
    from .database_template import create_test_database

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        old_name = create_test_database(connection, verbosity)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity)


def _pytest_django_db_setup(request, django_db_blocker, use_migrations, keepdb, createdb):
    """pytest-django 4's django_db_setup."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb and not createdb,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After each transactional and browser test pytest-django empties every table (Django's flush): by
    TRUNCATE on PostgreSQL, which makes each of 132 tables' and their indexes' files anew, 0.4-1 s each
    time. DELETE with the foreign keys' triggers off (session_replication_role, in the flush's transaction)
    empties the same tables in a few milliseconds. Flushes that reset sequences or cascade keep TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        deletes = [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables
        ]
        return [
            "SET session_replication_role = replica;",
            *deletes,
            "SET session_replication_role = DEFAULT;",
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


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


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo seeded once (tests/demo_snapshot.py), on PostgreSQL; None elsewhere."""
    from django.db import connection

    from .demo_snapshot import cached

    if connection.vendor != "postgresql":
        return None
    with django_db_blocker.unblock():
        return cached(connection)


@pytest.fixture(scope="session", autouse=True)
def _demo_snapshot_before_any_test(request):
    """Where any test of the run reads the demo, its snapshot is taken before the first test, on the database
    as copied from the template: the same in every process, so one process's serves the others."""
    if any("demo_snapshot" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("demo_snapshot")


@pytest.fixture
def demo_data(db, demo_snapshot):
    """The demo's data in this test's transaction, copied in from the process's snapshot (seeded where there
    is none). Ask for it before any fixture that makes rows: the copy replaces every table's rows. Returns the
    snapshot: its report subjects (seed_demo --json) and the sign-ins' password."""
    from django.db import connection

    from .demo_snapshot import Snapshot, copy_in, seed

    if demo_snapshot is None:
        return Snapshot(tables={}, output=seed())
    copy_in(connection, demo_snapshot)
    return demo_snapshot


@pytest.fixture
def celery_worker():
    """A real Celery worker, in a thread of this process, taking tasks from Redis (tests marked redis)."""
    from celery.contrib.testing.worker import start_worker

    from apprentice_portal.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def st0215(db):
    """ST0215 v1.1: loaded by a migration, but a transactional test's flush removes it, so load it again."""
    from standards.services import load_st0215

    return load_st0215()


@pytest.fixture
def cohort_setup(people, st0215):
    """people's trust runs a programme with a university. On its cohort: alice (people.trainee), mentored
    by people.mentor, with a manager and a lecturer; bob (people.other_trainee), with another mentor."""
    import datetime

    from accounts.models import Membership, Organisation
    from tests.factories import OrganisationFactory, person_with_role
    from trainees import services
    from trainees.models import Cohort, Programme

    Role = Membership.Role
    university = OrganisationFactory(name="University of Northfield", kind=Organisation.Kind.UNIVERSITY)
    programme = services.save_programme(
        programme=Programme(),
        organisation=people.trust,
        name="AP mental health",
        standard=st0215,
        university=university,
        award="FdSc Mental Health",
        length_months=24,
        review_interval_weeks=12,
        minimum_study_hours=300,
    )
    start = datetime.date.today() - datetime.timedelta(weeks=10)
    cohort = services.save_cohort(
        cohort=Cohort(organisation=people.trust),
        programme=programme,
        name="Cohort 1",
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )
    manager = person_with_role(Role.MANAGER, people.trust, username="manager")
    lecturer = person_with_role(Role.LECTURER, people.trust, username="lecturer")
    other_mentor = person_with_role(Role.MENTOR, people.trust, username="mentor2")
    enrolment = services.enrol(
        cohort=cohort,
        trainee=people.trainee,
        by=people.lead,
        mentors=[people.mentor],
        manager=manager,
        lecturer=lecturer,
        service="Elm Ward",
    )
    other = services.enrol(
        cohort=cohort,
        trainee=people.other_trainee,
        by=people.lead,
        mentors=[other_mentor],
        service="Oak Ward",
    )
    return SimpleNamespace(
        programme=programme,
        cohort=cohort,
        enrolment=enrolment,
        other_enrolment=other,
        manager=manager,
        lecturer=lecturer,
        other_mentor=other_mentor,
        university=university,
    )
