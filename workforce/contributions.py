"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink

from . import access, demo, demo_profiles


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_profiles.seed],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
)
