"""The workforce plans' demo data: the national catalogue first; each part adds its own step after it."""

from standards.models import Standard

from . import catalogue
from .models import RoleVariant, WorkforceRole


def seed(demo):
    catalogue.ensure_catalogue(WorkforceRole, RoleVariant, Standard)
