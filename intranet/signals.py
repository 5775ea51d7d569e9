"""Signals the apps exchange without importing each other."""

from django.dispatch import Signal

# Sent when pages changed in the database without being published (a meeting's
# facts written to its other translations): what shows them elsewhere, such as
# search entries, refreshes. Argument: `page_ids`.
pages_updated = Signal()

# Sent when a community's coordination group decides on an application or a
# nomination. Arguments: `membership`, `nomination` (bool).
membership_decided = Signal()

# Sent by an import run (`import_content`, `load_demo`) once it has written its
# items, so that search indexes them in bulk before the command returns.
# Argument: `objects`, the pages (specific) and documents written.
content_imported = Signal()

# Sent by `restore` once an archive is loaded (no queued task is kept in one),
# so that the apps queue again what was waiting for the task worker.
site_restored = Signal()
