"""Demo people and organisations: two trusts of one region, the region's ICB and a university partner.

Names and ODS codes are made up for the demo (ODS codes beginning with "ZZ" are not issued).
"""

from .models import Membership, Organisation
from .services import ensure_organisation, ensure_person, ensure_region, grant_role

Role = Membership.Role

REGION = {"name": "Northfield and Eastbrook Integrated Care System", "code": "ZZQ"}
ORGANISATIONS = {
    "trust": {
        "ods_code": "ZZ1",
        "name": "Northfield Mental Health NHS Foundation Trust",
        "kind": "nhs_trust",
    },
    "trust2": {"ods_code": "ZZ2", "name": "Eastbrook Community Health NHS Trust", "kind": "nhs_trust"},
    "icb": {"ods_code": "ZZQ", "name": "NHS Northfield and Eastbrook ICB", "kind": "icb"},
    "university": {"ods_code": "ZZU", "name": "University of Northfield", "kind": "university"},
}
# username: (first name, last name, job title, [(organisation key, role), ...])
PEOPLE = {
    "lead": ("Priya", "Shah", "Workforce development lead", [("trust", Role.WORKFORCE_LEAD)]),
    "manager": ("Tom", "Hughes", "Ward manager, Elm Ward", [("trust", Role.MANAGER)]),
    "mentor": ("Grace", "Okafor", "Registered mental health nurse", [("trust", Role.MENTOR)]),
    "mentor2": ("Daniel", "Price", "Registered mental health nurse", [("trust", Role.MENTOR)]),
    "lecturer": (
        "Helen",
        "Marsh",
        "Senior lecturer, FdSc Mental Health",
        [("trust", Role.LECTURER), ("university", Role.LECTURER)],
    ),
    "trainee": ("Sam", "Taylor", "Trainee assistant practitioner", [("trust", Role.TRAINEE)]),
    "trainee2": ("Jordan", "Lee", "Trainee assistant practitioner", [("trust", Role.TRAINEE)]),
    "lead2": ("Aisha", "Khan", "Head of education and workforce", [("trust2", Role.WORKFORCE_LEAD)]),
    "regional": ("Chris", "Morgan", "Regional workforce lead", [("icb", Role.REGIONAL_LEAD)]),
}

# The site administrator: staff and superuser, for the Django admin at /admin/; no role in any organisation.
ADMINISTRATOR = ("admin", "Robin", "Ellis", "Portal administrator")


def seed(demo):
    """The demo step (core.plugins): the organisations and sign-ins, with demo["password"]."""
    demo.update(seed_people(password=demo["password"]))
    demo.setdefault("sign_ins", {}).update(sign_ins())


def sign_ins():
    """username -> who they are and where, as seed_demo prints them."""
    orgs = {key: fields["name"] for key, fields in ORGANISATIONS.items()}
    found = {}
    for username, (first, last, _job_title, roles) in PEOPLE.items():
        where = "; ".join(f"{role.label}, {orgs[org]}" for org, role in roles)
        found[username] = f"{first} {last}: {where}"
    admin, first, last, _job_title = ADMINISTRATOR
    found[admin] = f"{first} {last}: site administrator, the admin at /admin/"
    return found


def seed_people(*, password):
    """Creates or updates the demo organisations and people; safe to run any number of times."""
    region = ensure_region(**REGION)
    organisations = {
        key: ensure_organisation(region=region, **fields) for key, fields in ORGANISATIONS.items()
    }
    people = {}
    for username, (first, last, job_title, roles) in PEOPLE.items():
        person = ensure_person(
            username=username,
            first_name=first,
            last_name=last,
            job_title=job_title,
            email=f"{username}@demo.invalid",
            password=password,
        )
        for org_key, role in roles:
            grant_role(person=person, organisation=organisations[org_key], role=role)
        people[username] = person
    people[ADMINISTRATOR[0]] = seed_administrator(password=password)
    return {"region": region, "organisations": organisations, "people": people}


def seed_administrator(*, password):
    username, first, last, job_title = ADMINISTRATOR
    person = ensure_person(
        username=username,
        first_name=first,
        last_name=last,
        job_title=job_title,
        email=f"{username}@demo.invalid",
        password=password,
    )
    if not (person.is_staff and person.is_superuser):
        # Demo set-up only: elsewhere an administrator is made with createsuperuser.
        person.is_staff = person.is_superuser = True
        person.save(update_fields=["is_staff", "is_superuser"])
    return person


def organisation_of(username) -> Organisation:
    org_key = PEOPLE[username][3][0][0]
    return Organisation.objects.get(ods_code=ORGANISATIONS[org_key]["ods_code"])
