"""Signals the apps exchange without importing each other."""

from django.dispatch import Signal

# Sent when pages changed in the database without being published (a meeting's
# facts written to its other translations): what shows them elsewhere, such as
# search entries, refreshes. Argument: `page_ids`.
pages_updated = Signal()

# Sent when a community's coordination group decides on an application or a
# nomination. Arguments: `membership`, `nomination` (bool).
membership_decided = Signal()
