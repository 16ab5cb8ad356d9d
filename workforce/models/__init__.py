"""Workforce plans above any one cohort: the workforce roles (occupations) an organisation grows, the targets
and headcount returns that track them, role profiles and recruitment against them, the career framework and
the code of practice. "Workforce role" is the occupation; a person's access role is accounts' Membership.Role.

One module per part, so each reads on its own; they are gathered here for Django.
"""

from .career import *  # noqa: F403
from .profiles import *  # noqa: F403
from .recruitment import *  # noqa: F403
from .roles import *  # noqa: F403
from .targets import *  # noqa: F403
