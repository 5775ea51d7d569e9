"""Every object is shown exactly to its audience, on every channel, to every role.

Data-driven: OBJECTS says which audience each object has (and the secret word in
its title and the word in its body or file), AUDIENCES which roles are in each
audience, CHANNELS how a role reads a channel and which objects that channel
carries. One test per channel and role compares the secret words a role gets
against the objects the channel carries for the audiences the role is in: what
the role may see must be there (so an empty answer means "hidden", not
"broken"), anything else must not, and an address that names something the role
may not see answers with the exact refusal a person gets (the login page for a
visitor, the site's 404 for anyone else). A new channel, object or audience is
one more entry in a table.

The world is built once for the module (rolled back at its end); each test runs
in its own savepoint, so a channel that marks things read or emailed leaves the
next one untouched.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from communities.factories import (
    AttributedNoteFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import CalendarToken, Membership
from communities.services import set_up_coordination_everywhere
from engagement.models import (
    KIND_OF_EVENT,
    Delivery,
    EmailPreference,
    Event,
    Kind,
    Notification,
)
from intranet.factories import UserFactory
from intranet.models import english_home
from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyPageFactory,
    DocumentFactory,
    DocumentLibraryPageFactory,
    ImageFactory,
)
from resources.models import Document, Image
from resources.pdf import pdf_bytes
from resources.services import ensure_knowledge_indexes

# wagtail-localize's translations report pages an unordered queryset.
pytestmark = pytest.mark.filterwarnings(
    "ignore::django.core.paginator.UnorderedObjectListWarning"
)

# --- Who ---------------------------------------------------------------------------

ROLES = (
    "visitor",
    "outsider",
    "member_a",
    "coordination_a",
    "secretariat_a",
    "moderator_b",
    "editor",
    "reviewer",
    "admin",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"visitor"}
# Those the Wagtail admin lets in; the others are sent to its login page.

IN_THE_ADMIN = frozenset(
    {"coordination_a", "secretariat_a", "moderator_b", "editor", "reviewer", "admin"}
)
# In the back office people meet what they work on, of what they may see: the
# knowledge base and its publications for its editors, a community's records
# for its moderators (Wagtail's explorer, choosers and listings start at the
# pages and collections a person holds rights on).
WORKS_ON = {
    "public": frozenset({"editor", "reviewer", "admin"}),
    "members": frozenset({"coordination_a", "secretariat_a", "admin"}),
    "coordination": frozenset({"coordination_a", "secretariat_a", "admin"}),
    "moderators": frozenset({"coordination_a", "secretariat_a", "admin"}),
}

AUDIENCES = {
    "public": EVERYONE,
    "members": frozenset({"member_a", "coordination_a", "secretariat_a", "admin"}),
    "coordination": frozenset({"coordination_a", "secretariat_a", "admin"}),
    "moderators": frozenset({"coordination_a", "secretariat_a", "admin"}),
}


# --- What --------------------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    """An object of one audience: `word` stands in its title (and an image's file
    name, so its URL names it), `text` in its body or file only (what a search
    asks for, so the word found is never the word typed). Each word starts with
    its own letter, so no "did you mean" can turn one into another."""

    audience: str
    word: str
    text: str


OBJECTS = {
    "public_page": Secret("public", "Aquapublik", "Aquatextum"),
    "public_document": Secret("public", "Bravopubdok", "Bravotextum"),
    "public_image": Secret("public", "Cobrapubimg", "Cobratextum"),
    "members_page": Secret("members", "Dinamemmet", "Dinatextum"),
    "members_document": Secret("members", "Emumemdok", "Emutextum"),
    "members_image": Secret("members", "Faromemimg", "Farotextum"),
    "coordination_page": Secret("coordination", "Gorikoormet", "Goritextum"),
    "coordination_document": Secret("coordination", "Halokoordok", "Halotextum"),
    "coordination_image": Secret("coordination", "Irakoorimg", "Iratextum"),
    "note": Secret("moderators", "Jumanotex", "Jumatextum"),
    # A meeting to come: announced, on the home page's upcoming meetings.
    "coordination_meeting_to_come": Secret("coordination", "Kerakoorfut", "Keratextum"),
}
PAGES = (
    "public_page",
    "members_page",
    "coordination_page",
    "coordination_meeting_to_come",
)
MEETINGS = PAGES[1:]
HELD = ("members_page", "coordination_page")  # what the dashboard counts
DOCUMENTS = ("public_document", "members_document", "coordination_document")
IMAGES = ("public_image", "members_image", "coordination_image")
INDEXED = PAGES + DOCUMENTS  # what the site search knows


def seen_in(text):
    """The objects whose secret word stands in `text`."""
    text = text.lower()
    return {key for key, secret in OBJECTS.items() if secret.word.lower() in text}


# --- The world ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Community A holding one object of each audience, community B beside it,
    and one person per role; built once, rolled back at the module's end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _pdf(secret, name):
    return ContentFile(
        pdf_bytes(f"{secret.word} report", [f"{secret.text} on water and tailings."]),
        name=name,
    )


def _image(secret, collection):
    return ImageFactory(
        title=f"{secret.word} photo",
        collection=collection,
        file__filename=f"{secret.word.lower()}.png",
    )


def _embed(image):
    return f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="A"/>'


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _people(community_a, community_b):
    def person(name, role=None, community=None, groups=(), **fields):
        user = UserFactory(username=name, **fields)
        user.groups.add(*groups)
        if role:
            MembershipFactory(
                community=community,
                institution=InstitutionFactory(name=f"Institution of {name}"),
                role=role,
                representatives=[user],
            )
        return user

    plenary, coordination = Membership.Role.PLENARY, Membership.Role.COORDINATION
    return {
        "outsider": person("matrix-outsider"),
        "member_a": person("matrix-member-a", plenary, community_a),
        "coordination_a": person("matrix-coordination-a", coordination, community_a),
        "secretariat_a": person(
            "matrix-secretariat-a", Membership.Role.SECRETARIAT, community_a
        ),
        "moderator_b": person("matrix-moderator-b", coordination, community_b),
        "editor": person("matrix-editor", groups=[Group.objects.get(name=EDITORS)]),
        "reviewer": person(
            "matrix-reviewer", groups=[Group.objects.get(name=MODERATORS)]
        ),
        "admin": person("matrix-admin", is_superuser=True),
    }


def _build_world():
    home = english_home()
    translate_page(home, "es", {"Minka": "Minka"})
    knowledge = ensure_knowledge_indexes("en")
    ensure_knowledge_indexes("es")
    index = CommunityIndexPageFactory(parent=home)
    community_a = CommunityPageFactory(
        parent=index,
        title="Community A",
        slug="community-a",
        confidentiality_rule="chatham_house",
    )
    community_b = CommunityPageFactory(parent=index, title="Community B", slug="b")
    members_area = community_a.members_area()
    coordination_area = community_a.coordination_area()
    people = _people(community_a, community_b)

    public = knowledge["publications_collection"]
    members = community_a.collection
    coordination = community_a.coordination_collection
    images = {
        "public_image": _image(OBJECTS["public_image"], public),
        "members_image": _image(OBJECTS["members_image"], members),
        "coordination_image": _image(OBJECTS["coordination_image"], coordination),
    }
    documents = {
        key: DocumentFactory(
            title=f"{OBJECTS[key].word} report",
            collection=collection,
            file=_pdf(OBJECTS[key], f"{key}.pdf"),
        )
        for key, collection in (
            ("public_document", public),
            ("members_document", members),
            ("coordination_document", coordination),
        )
    }
    secret = OBJECTS["public_page"]
    public_page = _publish(
        CaseStudyPageFactory(
            parent=knowledge["case_studies"],
            title=f"{secret.word} case study",
            slug=secret.word.lower(),
            challenge=f"<p>{secret.text} at the mine.</p>"
            + _embed(images["public_image"]),
        )
    )
    held = timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)
    present = InstitutionFactory(name="Present institution")
    meetings = {}
    for key, area, image in (
        ("members_page", members_area, "members_image"),
        ("coordination_page", coordination_area, "coordination_image"),
        ("coordination_meeting_to_come", coordination_area, None),
    ):
        secret = OBJECTS[key]
        meeting = MeetingPageFactory(
            parent=area,
            title=f"{secret.word} meeting",
            # A refusal may repeat the address asked for (the language switch).
            slug=key.replace("_", "-"),
            starts_at=held if image else held + datetime.timedelta(days=20),
            agenda=f"Water\n{secret.text}",
            minutes=f"<p>{secret.text} was discussed.</p>" + _embed(images[image])
            if image
            else "",
        )
        meeting.attended_by.set([present])
        meetings[key] = meeting
    note = OBJECTS["note"]
    attributed_note = AttributedNoteFactory(
        meeting=meetings["members_page"],
        speaker_institution=present,
        text=f"{note.word} said that {note.text} is unsigned.",
    )
    pages = {"public_page": public_page}
    for key, meeting in meetings.items():
        pages[key] = _publish(meeting)
    libraries = {
        "public": knowledge["publications"],
        "members": _publish(
            DocumentLibraryPageFactory(
                parent=members_area, title="Members library", collection=members
            )
        ),
        "coordination": _publish(
            DocumentLibraryPageFactory(
                parent=coordination_area,
                title="Coordination library",
                collection=coordination,
            )
        ),
    }
    spanish = _in_spanish(index, community_a, pages)
    for key in HELD:  # for the locked pages report
        page = pages[key]
        page.locked, page.locked_by, page.locked_at = True, people["admin"], held
        page.save(update_fields=["locked", "locked_by", "locked_at"])
    for key, page in pages.items():
        # An editor's pick for a query nothing else answers.
        SearchPromotion.objects.create(
            query=Query.get(promoted_query(key)), page=page, sort_order=0
        )
    renditions = {
        key: image.get_rendition("fill-80x80") for key, image in images.items()
    }
    # Emails sent at once when the minutes were published.
    emails = [(m.to, f"{m.subject}\n{m.body}") for m in mail.outbox]
    mail.outbox.clear()
    _plant_notifications(people, pages, documents, libraries)
    return {
        "people": people,
        "tokens": {
            role: CalendarToken.for_user(user).token for role, user in people.items()
        },
        "community_a": community_a,
        "members_area": members_area,
        "coordination_area": coordination_area,
        "knowledge": knowledge,
        "pages": pages,
        "documents": documents,
        "images": images,
        "renditions": renditions,
        "spanish": spanish,
        "libraries": libraries,
        "emails": emails,
        "note": attributed_note,
    }


def _in_spanish(index, community, pages):
    """The Spanish copies of the community's tree and of each page, their
    secret words kept (a copy of a restricted page is restricted too)."""
    translate_page(index, "es")
    translate_page(community, "es")
    translate_page(community.members_area(), "es")
    set_up_coordination_everywhere()  # the Spanish coordination area
    return {key: translate_page(page, "es") for key, page in pages.items()}


def _plant_notifications(people, pages, documents, libraries):
    """A notification of every page and document for every person, as if each
    had been told while they could see it: whatever they may not see now must
    stay out of their inbox, count, digest and links. A document's points at the
    members' library, as one moved to the coordination group since would."""
    events = {
        "public_page": Event.KNOWLEDGE_PUBLISHED,
        "members_page": Event.MINUTES_APPROVED,
        "coordination_page": Event.MINUTES_APPROVED,
        "coordination_meeting_to_come": Event.MEETING_SCHEDULED,
    }
    for user in people.values():
        for key, page in pages.items():
            Notification.objects.create(
                recipient=user,
                kind=KIND_OF_EVENT[events[key]],
                event=events[key],
                key=f"matrix:{key}",
                page=page,
                titles={"title": {"en": page.title}},
            )
        for key, document in documents.items():
            library = libraries["public" if key == "public_document" else "members"]
            Notification.objects.create(
                recipient=user,
                kind=Kind.DOCUMENT,
                event=Event.DOCUMENT_ADDED,
                key=f"matrix:{key}",
                page=library,
                document=document,
                titles={
                    "title": {"en": library.title},
                    "document": {"": document.title},
                },
            )


# --- Reading a channel -------------------------------------------------------------


@dataclass
class Reader:
    """One role reading one channel: their client, and any answer that refused
    them in a way nobody should be refused."""

    role: str
    world: dict
    client: Client
    problems: list = field(default_factory=list)

    @property
    def user(self):
        return self.world["people"].get(self.role)

    def get(self, url, data=None):
        return self.client.get(url, data or {})

    def text(self, url, data=None):
        return body_of(self.get(url, data))


def body_of(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="replace")


def is_login_redirect(response, login="/accounts/login/?next="):
    return response.status_code == 302 and response["Location"].startswith(login)


def is_site_404(response):
    return response.status_code == 404 and 'class="error-page"' in body_of(response)


def login_or_404(role, response):
    """Pages and documents: a visitor is asked to log in, anyone else gets the
    site's 404, whether the thing is there or not."""
    return is_login_redirect(response) if role == "visitor" else is_site_404(response)


def always_404(role, response):
    """Images: the site's 404 for everyone (no login would open them)."""
    return is_site_404(response)


def served_200(response):
    return response.status_code == 200


def addresses(urls: Callable, refusal: Callable, served: Callable = served_200):
    """A channel of one address per object: what a role is served is named by
    its object's word, and any other answer must be `refusal`."""

    def fetch(reader):
        words = []
        for key, url in urls(reader).items():
            response = reader.get(url)
            if served(response):
                words.append(OBJECTS[key].word)
                if response.get("Content-Type", "").startswith("text/"):
                    words.append(body_of(response))  # what the page shows
                continue
            # The refusal is a fixed page (which may repeat the address asked
            # for, in its language switch): checked as a whole, not read.
            if not refusal(reader.role, response):
                location = response.get("Location", "")
                reader.problems.append((url, response.status_code, location))
        return "\n".join(words)

    return fetch


def listing(*urls: Callable, refusal: Callable | None = None):
    """A channel of whole answers: everything in them counts. With `refusal`,
    an answer other than 200 must be that refusal."""

    def fetch(reader):
        texts = []
        for make in urls:
            for url in make(reader):
                response = reader.get(url)
                if response.status_code == 200:
                    texts.append(body_of(response))
                elif refusal is not None and not refusal(reader.role, response):
                    location = response.get("Location", "")
                    reader.problems.append((url, response.status_code, location))
        return "\n".join(texts)

    return fetch


def searches(path, answer_format, part=None):
    """The site search asked for each indexed object's body word."""

    def fetch(reader):
        texts = []
        for key in INDEXED:
            response = reader.get(
                path, {"q": OBJECTS[key].text, "format": answer_format}
            )
            assert response.status_code == 200
            if part:
                texts.append(str(response.json().get(part, "")))
            else:
                texts.append(body_of(response))
        return "\n".join(texts)

    return fetch


def promoted_query(key):
    return f"{OBJECTS[key].text}promo"


def promotions(reader):
    return "\n".join(
        reader.text("/search/", {"q": promoted_query(key), "all_languages": "1"})
        for key in PAGES
    )


def counts_and_facets(reader):
    """The objects a role's search counts (in its totals and facet values, in
    either language's block), even were their results left off."""
    counted = []
    for key in INDEXED:
        for path in ("/search/", "/es/search/"):
            answer = reader.get(path, {"q": OBJECTS[key].text, "format": "json"})
            answer = answer.json()
            other = answer.get("other_language") or {}
            facets = [v["count"] for f in answer["facets"].values() for v in f]
            if answer["total"] or other.get("total") or any(facets):
                counted.append(OBJECTS[key].word)
    return "\n".join(counted)


def misspelled(word):
    """The word with one inner letter changed (the first stays)."""
    middle = len(word) // 2
    swap = "q" if word[middle].lower() != "q" else "x"
    return word[:middle] + swap + word[middle + 1 :]


def did_you_mean(reader):
    return "\n".join(
        str(
            reader.get(
                "/search/", {"q": misspelled(OBJECTS[key].word), "format": "json"}
            )
            .json()
            .get("did_you_mean", "")
        )
        for key in INDEXED
    )


def suggestions(path):
    def fetch(reader):
        return "\n".join(
            reader.text(path, {"q": OBJECTS[key].word[:5]}) for key in INDEXED
        )

    return fetch


def page_urls(reader):
    return {key: reader.world["pages"][key].url for key in PAGES}


def spanish_page_urls(reader):
    return {key: reader.world["spanish"][key].url for key in PAGES}


def spanish_login_or_404(role, response):
    """A visitor is asked to log in in the language of the page they asked for."""
    if role == "visitor":
        return is_login_redirect(response, "/es/accounts/login/?next=")
    return is_site_404(response)


def after_those_who_see_more(fetch):
    """`fetch`, with the shared page cache on, after the people who see the
    most read the same pages: nothing one of them was shown may be served to
    someone else from a cache."""

    def warmed(reader):
        with override_settings(MINKA_PAGE_CACHE=True):
            for role in ("admin", "coordination_a", "member_a"):
                client = Client()
                client.force_login(reader.world["people"][role])
                for url in [*page_urls(reader).values(), *the_areas(reader), "/"]:
                    client.get(url)
            return fetch(reader)

    return warmed


def document_urls(reader):
    return {key: reader.world["documents"][key].url for key in DOCUMENTS}


def image_urls(reader):
    return {key: reader.world["images"][key].original_url for key in IMAGES}


def rendition_urls(reader):
    return {key: reader.world["renditions"][key].url for key in IMAGES}


def spanish_meeting_ics_urls(reader):
    return {
        key: f"/es/communities/meetings/{reader.world['spanish'][key].pk}.ics"
        for key in MEETINGS
    }


def meeting_ics_urls(reader):
    return {
        key: f"/communities/meetings/{reader.world['pages'][key].pk}.ics"
        for key in MEETINGS
    }


def planted(user):
    """`user`'s planted notifications, by object."""
    if user is None:
        return {}
    return {
        notification.key.removeprefix("matrix:"): notification
        for notification in Notification.objects.filter(
            recipient=user, key__startswith="matrix:"
        )
    }


def notification_links(reader):
    """The role's own notifications; a visitor tries the administrator's."""
    owner = reader.user or reader.world["people"]["admin"]
    return {key: f"/notifications/{n.pk}/" for key, n in planted(owner).items()}


def leads_to_its_page(response):
    location = response.get("Location", "")
    return response.status_code == 302 and not location.startswith(
        ("/accounts/login/", "/notifications/")
    )


BADGE = re.compile(r'class="badge">(\d+)<')


def header_count(reader):
    """Which notifications the header counts: each in turn left unread."""
    if reader.user is None:
        return ""
    notifications = planted(reader.user)
    Notification.objects.filter(recipient=reader.user).update(read_at=timezone.now())
    counted = []
    for key, notification in notifications.items():
        Notification.objects.filter(pk=notification.pk).update(read_at=None)
        found = BADGE.search(reader.text("/notifications/preferences/"))
        if found and int(found.group(1)) == 1:
            counted.append(OBJECTS[key].word)
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return "\n".join(counted)


def weekly_digest(reader):
    """`send_digests` with every kind chosen weekly: what reaches the role."""
    if reader.user is None:
        return ""
    for kind in Kind.values:
        EmailPreference.objects.update_or_create(
            user=reader.user, kind=kind, defaults={"delivery": Delivery.WEEKLY}
        )
    call_command("send_digests", stdout=StringIO())
    return "\n".join(
        f"{message.subject}\n{message.body}"
        for message in mail.outbox
        if message.to == [reader.user.email]
    )


def emails_at_publishing(reader):
    if reader.user is None:
        return ""
    return "\n".join(
        text for to, text in reader.world["emails"] if to == [reader.user.email]
    )


def ical_feed(reader):
    if reader.user is None:
        return ""
    token = reader.world["tokens"][reader.role]
    return reader.text(f"/communities/community-a/ical/{token}/")


def the_areas(reader):
    return [reader.world["members_area"].url, reader.world["coordination_area"].url]


def the_libraries(reader):
    return [library.url for library in reader.world["libraries"].values()]


def explorer_parents(reader):
    world = reader.world
    return [
        world["knowledge"]["case_studies"],
        world["members_area"],
        world["coordination_area"],
    ]


def explorer(reader):
    return [f"/admin/pages/{page.pk}/" for page in explorer_parents(reader)]


def page_chooser(reader):
    return [f"/admin/choose-page/{page.pk}/" for page in explorer_parents(reader)]


def admin_api(reader):
    return [
        f"/admin/api/main/pages/?child_of={page.pk}"
        for page in explorer_parents(reader)
    ]


def admin_searches(path, parameter="q"):
    def urls(reader):
        return [f"{path}?{parameter}={OBJECTS[key].text}" for key in PAGES]

    return urls


def note_form(reader):
    note = reader.world["note"]
    return [f"/admin/snippets/communities/attributednote/edit/{note.pk}/"]


def media_usage(reader):
    world = reader.world
    return [
        *(f"/admin/images/usage/{image.pk}/" for image in world["images"].values()),
        *(f"/admin/documents/usage/{d.pk}/" for d in world["documents"].values()),
    ]


def page_history(reader):
    return [
        f"/admin/pages/{page.pk}/{view}/"
        for page in reader.world["pages"].values()
        for view in ("history", "view_draft", "revisions/compare/earliest...latest")
    ]


def admin_api_media(reader):
    world = reader.world
    return [
        "/admin/api/main/documents/",
        "/admin/api/main/images/",
        *(f"/admin/api/main/documents/{d.pk}/" for d in world["documents"].values()),
        *(f"/admin/api/main/images/{i.pk}/" for i in world["images"].values()),
    ]


def fixed(*urls):
    return lambda reader: list(urls)


def bulk(app_label, model_name, keys, action="delete"):
    def urls(reader):
        world = reader.world
        rows = {**world["pages"], **world["documents"], **world["images"]}
        ids = "&".join(f"id={rows[key].pk}" for key in keys)
        return [f"/admin/bulk/{app_label}/{model_name}/{action}/?{ids}"]

    return urls


# --- The channels ------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    """How a role reads a channel (`fetch` returns the text they get) and what
    it carries to those in the object's audience. `serves` are the roles the
    channel answers at all; a channel that shows a sample rather than all it may
    (the last edited page of a type) is not `complete`: there only what must not
    be seen is asserted."""

    fetch: Callable[[Reader], str]
    carries: frozenset
    serves: frozenset | dict = EVERYONE  # or, by audience, whom it serves
    complete: bool = True

    def serves_for(self, audience):
        if isinstance(self.serves, dict):
            return self.serves[audience]
        return self.serves


def carrying(*keys):
    return frozenset(keys)


DOC_APP, DOC_MODEL = Document._meta.app_label, Document._meta.model_name
IMAGE_APP, IMAGE_MODEL = Image._meta.app_label, Image._meta.model_name

CHANNELS = {
    # The site.
    "page": Channel(
        addresses(page_urls, login_or_404),
        # A page shows its images; a meeting its attributed notes, to moderators.
        carrying(*PAGES, *IMAGES, "note"),
    ),
    "page in Spanish": Channel(
        addresses(spanish_page_urls, spanish_login_or_404),
        carrying(*PAGES, *IMAGES, "note"),
    ),
    "pages through the shared cache": Channel(
        after_those_who_see_more(
            lambda reader: (
                addresses(page_urls, login_or_404)(reader)
                + listing(the_areas, fixed("/"))(reader)
            )
        ),
        carrying(*PAGES, *IMAGES, "note"),
    ),
    "members and coordination areas": Channel(listing(the_areas), carrying(*MEETINGS)),
    # The newest case studies, to everyone; the meetings to come of their
    # communities, to those who belong to one.
    "home page and menus": Channel(
        listing(fixed("/", "/communities/", "/communities/community-a/")),
        carrying("public_page", "coordination_meeting_to_come"),
        serves={
            audience: EVERYONE if audience == "public" else SIGNED_IN - {"admin"}
            for audience in AUDIENCES
        },
    ),
    "document libraries": Channel(listing(the_libraries), carrying(*DOCUMENTS)),
    "document file": Channel(
        addresses(document_urls, login_or_404), carrying(*DOCUMENTS)
    ),
    "image original": Channel(addresses(image_urls, always_404), carrying(*IMAGES)),
    "image rendition": Channel(
        addresses(rendition_urls, always_404), carrying(*IMAGES)
    ),
    # Search.
    "search": Channel(searches("/search/", "html"), carrying(*INDEXED)),
    "search json": Channel(searches("/search/", "json"), carrying(*INDEXED)),
    "search in Spanish": Channel(searches("/es/search/", "html"), carrying(*INDEXED)),
    "search json in Spanish": Channel(
        searches("/es/search/", "json"), carrying(*INDEXED)
    ),
    "other-language block": Channel(
        searches("/es/search/", "json", part="other_language"), carrying(*INDEXED)
    ),
    "search counts and facets": Channel(counts_and_facets, carrying(*INDEXED)),
    "search promotions": Channel(promotions, carrying(*PAGES)),
    "suggestions": Channel(suggestions("/search/suggest/"), carrying(*INDEXED)),
    # Documents are in English: the Spanish box suggests the Spanish pages.
    "suggestions in Spanish": Channel(
        suggestions("/es/search/suggest/"), carrying(*PAGES)
    ),
    "did you mean": Channel(did_you_mean, carrying(*INDEXED)),
    # Being told.
    "notifications inbox": Channel(
        listing(fixed("/notifications/")), carrying(*INDEXED), serves=SIGNED_IN
    ),
    "notifications header count": Channel(
        header_count, carrying(*INDEXED), serves=SIGNED_IN
    ),
    "notification links": Channel(
        addresses(notification_links, login_or_404, served=leads_to_its_page),
        carrying(*INDEXED),
        serves=SIGNED_IN,
    ),
    "weekly digest": Channel(weekly_digest, carrying(*INDEXED), serves=SIGNED_IN),
    # Told at once by the community: its readers, not the site's administrator.
    "emails at publishing": Channel(
        emails_at_publishing,
        carrying(*MEETINGS),
        serves=SIGNED_IN - {"admin"},
    ),
    # Read without a session: what a visitor may read, whoever asks.
    "rss and atom feeds": Channel(
        listing(fixed("/feeds/rss/", "/feeds/atom/", "/es/feeds/rss/")),
        carrying("public_page"),
    ),
    "sitemap": Channel(listing(fixed("/sitemap.xml")), carrying("public_page")),
    # Calendars and figures.
    "ical feed": Channel(ical_feed, carrying(*MEETINGS), serves=SIGNED_IN),
    "meeting ics": Channel(
        addresses(meeting_ics_urls, login_or_404),
        carrying(*MEETINGS),
    ),
    "meeting ics in Spanish": Channel(
        addresses(spanish_meeting_ics_urls, spanish_login_or_404),
        carrying(*MEETINGS),
    ),
    "dashboard and csv": Channel(
        listing(
            fixed(
                "/communities/community-a/dashboard/",
                "/communities/community-a/dashboard.csv",
            ),
            refusal=login_or_404,
        ),
        carrying(*HELD),
    ),
    # The admin.
    "admin explorer": Channel(
        listing(explorer, admin_searches("/admin/pages/search/")),
        carrying(*PAGES),
        serves=WORKS_ON,
    ),
    "admin page chooser": Channel(
        listing(page_chooser, admin_searches("/admin/choose-page/search/")),
        carrying(*PAGES),
        # An author may link to any page they may view.
        serves=IN_THE_ADMIN,
    ),
    "admin documents and chooser": Channel(
        listing(fixed("/admin/documents/", "/admin/documents/chooser/")),
        carrying(*DOCUMENTS),
        serves=WORKS_ON,
    ),
    "admin images and chooser": Channel(
        listing(fixed("/admin/images/", "/admin/images/chooser/")),
        carrying(*IMAGES),
        serves=WORKS_ON,
    ),
    "admin site history": Channel(
        listing(fixed("/admin/reports/site-history/")),
        carrying(*PAGES),
        serves=WORKS_ON,
    ),
    "admin page types report": Channel(
        listing(fixed("/admin/reports/page-types-usage/")),
        carrying(*PAGES),
        serves=WORKS_ON,
        complete=False,
    ),
    "admin api of documents and images": Channel(
        listing(admin_api_media),
        carrying(*DOCUMENTS, *IMAGES),
        serves=IN_THE_ADMIN,
    ),
    # The dashboard's panels and the reports (locked, aging, workflows).
    "admin dashboard and reports": Channel(
        listing(
            fixed(
                "/admin/",
                "/admin/reports/locked/",
                "/admin/reports/aging-pages/",
                "/admin/reports/workflow/",
                "/admin/reports/workflow_tasks/",
                "/admin/reports/overdue-reviews/",
                "/admin/localize/reports/translations/",
            )
        ),
        carrying(*PAGES),
        serves=IN_THE_ADMIN,
    ),
    "admin api": Channel(
        listing(admin_api, admin_searches("/admin/api/main/pages/", "search")),
        carrying(*PAGES),
        serves=WORKS_ON,
    ),
    # Usage names the pages an image or document is used on.
    "admin usage of media": Channel(
        listing(media_usage),
        carrying(*HELD, "public_page", *DOCUMENTS, *IMAGES),
        serves=WORKS_ON,
    ),
    "admin page history and drafts": Channel(
        listing(page_history),
        carrying(*PAGES, *IMAGES, "note"),
        serves=WORKS_ON,
    ),
    "admin attributed notes": Channel(
        # The listing names each note by its meeting; its edit form holds it,
        # and offers the community's meetings to move it to.
        listing(fixed("/admin/snippets/communities/attributednote/"), note_form),
        carrying("note", *MEETINGS),
        serves=WORKS_ON,
    ),
    # A selection's confirmation names what is chosen, whether or not the
    # person may act on it.
    "admin bulk actions": Channel(
        listing(
            bulk("wagtailcore", "page", PAGES),
            bulk(DOC_APP, DOC_MODEL, DOCUMENTS),
            bulk(IMAGE_APP, IMAGE_MODEL, IMAGES),
        ),
        carrying(*PAGES, *DOCUMENTS, *IMAGES),
        serves=IN_THE_ADMIN,
    ),
}

# Cells that leak through code whose fix belongs elsewhere, as
# {(channel, role): "what leaks, where"}: strict expected failures, so the cell
# fails once the leak is fixed and its entry goes with the fix.
# A cell whose fix belongs elsewhere, as {(channel, role): "file, function: what
# leaks to whom"}: a strict expected failure until that fix lands. None now.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def expected(channel, role):
    """What `role` must get from `channel`: what it carries to them, of the
    objects whose audience they are in."""
    return {
        key
        for key in channel.carries
        if role in AUDIENCES[OBJECTS[key].audience]
        and role in channel.serves_for(OBJECTS[key].audience)
    }


def cells():
    for name in CHANNELS:
        for role in ROLES:
            marks = []
            if (name, role) in KNOWN_LEAKS:
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[name, role])]
            yield pytest.param(name, role, marks=marks, id=f"{name}-{role}")


@pytest.mark.parametrize(("channel_name", "role"), list(cells()))
def test_each_object_reaches_exactly_its_audience(db, world, channel_name, role):
    channel = CHANNELS[channel_name]
    client = Client()
    if role != "visitor":
        client.force_login(world["people"][role])
    reader = Reader(role, world, client)

    seen = seen_in(channel.fetch(reader))

    must_see = expected(channel, role)
    may_see = {
        key for key, secret in OBJECTS.items() if role in AUDIENCES[secret.audience]
    }
    assert seen - may_see == set(), "leaked"
    if channel.complete:
        assert seen == must_see
    assert reader.problems == [], "refused with the wrong answer"
