"""`python -m benchmarks.notifications`: what notifications cost as they pile up.

For one member with N notifications (N = 10, 100, 1000), measures the home page
(its header counts the unread ones) and the inbox with Django's test client,
and how long `send_digests --dry-run` takes to compose N people's digests.
Uses a temporary SQLite file; figures are printed, never asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from io import StringIO

SIZES = (10, 100, 1000)
REPEAT = 10


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def timed_get(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
    return response.status_code, statistics.median(times), len(queries)


def main():
    workdir = tempfile.mkdtemp(prefix="minka-bench-notifications-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from communities.factories import (
        CommunityIndexPageFactory,
        CommunityPageFactory,
        MembershipFactory,
    )
    from engagement.models import Event, Notification
    from intranet.factories import UserFactory
    from intranet.models import english_home
    from resources.factories import DocumentLibraryPageFactory

    say("Migrating…")
    call_command("migrate", verbosity=0, interactive=False)
    home = english_home()
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, title="Lima", slug="lima")
    library = DocumentLibraryPageFactory(
        parent=community.members_area(), collection=community.collection
    )
    member = UserFactory()
    MembershipFactory(community=community, representatives=[member])
    client = Client()
    client.force_login(member)

    say(f"{'N':>6}  {'page':<10} {'status':>6} {'median ms':>10} {'queries':>8}")
    for size in SIZES:
        existing = Notification.objects.filter(recipient=member).count()
        Notification.objects.bulk_create(
            Notification(
                recipient=member,
                kind="document",
                event=Event.DOCUMENT_ADDED,
                key=f"bench:{number}",
                page=library,
                titles={"title": {"en": "Library"}, "document": {"": f"Doc {number}"}},
            )
            for number in range(existing, size)
        )
        for name, path in (("home", "/"), ("inbox", "/notifications/")):
            status, median, queries = timed_get(client, path)
            say(f"{size:>6}  {name:<10} {status:>6} {median:>10.1f} {queries:>8}")

    say()
    say("send_digests --dry-run, each person with 10 notifications waiting:")
    for people in (10, 50):
        while MembershipFactory._meta.model.objects.count() < people:
            person = UserFactory()
            MembershipFactory(community=community, representatives=[person])
            Notification.objects.bulk_create(
                Notification(
                    recipient=person,
                    kind="document",
                    event=Event.DOCUMENT_ADDED,
                    key=f"bench:{number}",
                    page=library,
                    titles={"title": {"en": "Library"}, "document": {"": "Doc"}},
                )
                for number in range(10)
            )
        start = time.perf_counter()
        call_command("send_digests", "--dry-run", stdout=StringIO())
        seconds = time.perf_counter() - start
        say(f"  {people:>4} people: {seconds:.2f} s")


if __name__ == "__main__":
    main()
