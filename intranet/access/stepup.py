"""Step-up verification: the site's moderator views ask for a second factor as
the admin does.

A moderator's powers outside the admin (deciding applications, nominations and
requests to represent, keeping the ten steps) are as strong as the admin's, so
whoever must verify a second factor before the admin must verify it before them
too. The feature apps mark such views with `moderator_power`; the accounts
app's middleware, which knows who must verify, honours the mark before the view
runs, for GET as for POST (nobody fills in a form that would be refused). The
mark lives in the project package because the apps that own those views may
not import accounts.
"""

from collections.abc import Callable
from typing import TypeVar

View = TypeVar("View", bound=Callable[..., object])

MARK = "minka_moderator_power"


def moderator_power(view: View) -> View:
    """Mark `view` as one where a moderator changes something (see module doc).

    Put it above `login_required` and the like, or below: Django's decorators
    keep a view's attributes."""
    setattr(view, MARK, True)
    return view


def is_moderator_power(view: Callable[..., object]) -> bool:
    """Whether `view` carries the `moderator_power` mark."""
    return getattr(view, MARK, False) is True
