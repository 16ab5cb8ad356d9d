from dataclasses import dataclass
from operator import attrgetter

from core.plugins import collected


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation(request):
    """The top menu's entries each app contributes (core.plugins.MenuLink), for the people they have a use
    for (the pages themselves still check), in their order; the page's own entry marked current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    items = []
    for link in sorted(collected("menu_links"), key=attrgetter("order")):
        url = link.url(user)
        if url:
            current = bool(match) and match.app_name == link.namespace
            items.append(
                NavItem(link.label, url, current and (not link.url_name or match.url_name == link.url_name))
            )
    return {"nav_links": items}
