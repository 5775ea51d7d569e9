"""Uploading documents in the admin, one by one or several at once, as the site
administrator, an editor (public "Publications" collection only) and a community
moderator (their community's private collection only): never a server error,
the confidentiality follows the collection unless someone chooses, and a
choice the collection cannot honour is explained on the form."""

import html
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import UploadedFile

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import UserFactory
from intranet.roles import EDITORS
from resources.factories import DocumentFactory
from resources.models import Document
from resources.pdf import pdf_bytes

pytestmark = pytest.mark.django_db

OPEN_COLLECTION = "Everyone can see the collection “Publications”"


@pytest.fixture
def community(home):
    return CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home),
        title="Lima working group",
        slug="lima",
    )


@pytest.fixture
def moderator(community):
    person = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        role=Membership.Role.COORDINATION,
        representatives=[person],
    )
    return person


@pytest.fixture
def editor(make_user, indexes):
    return make_user(groups=[Group.objects.get(name=EDITORS)])


@pytest.fixture
def admin(make_user):
    return make_user(is_superuser=True)


def report_pdf(name="tailings-report.pdf"):
    return SimpleUploadedFile(
        name,
        pdf_bytes("Tailings dam report", ["Water quality monitoring around the dam."]),
        content_type="application/pdf",
    )


def selected(form_html, name):
    """The value of the option `form_html` shows chosen in the select `name`."""
    select = re.search(
        rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', form_html, re.S
    )
    assert select, f"no {name} in the form"
    return html.unescape(
        re.search(r'<option value="([^"]*)"[^>]*\bselected', select.group(1)).group(1)
    )


def upload(client, collection=None):
    """Drop a PDF on "Add documents"; the form to complete it, as Wagtail answers."""
    data = {"files[]": report_pdf()}
    if collection is not None:
        data["collection"] = collection.pk
    response = client.post(
        "/admin/documents/multiple/add/",
        data,
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"], answer
    return answer["form"]


def update(client, form_html, **choices):
    """Fill in the uploaded document's form and press "Update"."""
    action = re.search(r'<form action="([^"]+)"', form_html).group(1)
    prefix = re.search(r'name="([\w-]+)-title"', form_html).group(1)
    data = {
        f"{prefix}-title": "Tailings dam report",
        f"{prefix}-document_type": "report",
        f"{prefix}-language": "en",
        f"{prefix}-confidentiality": selected(form_html, f"{prefix}-confidentiality"),
    }
    if f'name="{prefix}-collection"' in form_html:
        data[f"{prefix}-collection"] = selected(form_html, f"{prefix}-collection")
    data.update({f"{prefix}-{name}": value for name, value in choices.items()})
    response = client.post(action, data)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("role", "where", "confidentiality"),
    [
        ("admin", "community", "members"),
        ("editor", "publications", "public"),
        ("moderator", "community", "members"),
    ],
)
def test_several_documents_upload_into_the_collection_and_its_confidentiality(
    request, client, indexes, community, role, where, confidentiality
):
    person = request.getfixturevalue(role)
    collection = (
        community.collection
        if where == "community"
        else indexes["publications_collection"]
    )
    client.force_login(person)

    form_html = upload(client, collection if role == "admin" else None)
    answer = update(client, form_html)

    assert answer["success"], answer.get("form")
    document = Document.objects.get(pk=answer["doc_id"])
    assert document.title == "Tailings dam report"
    assert document.collection == collection
    assert document.confidentiality == confidentiality
    assert document.uploaded_by_user == person
    assert document.file.name.endswith(".pdf")
    # Its text was read during the upload, so search finds it at once.
    assert "Water quality monitoring" in document.extracted_text
    assert not UploadedFile.objects.exists()


def test_a_moderator_uploads_several_documents_for_the_coordination_group(
    client, community, moderator
):
    client.force_login(moderator)

    answer = update(client, upload(client), confidentiality="coordination")

    assert answer["success"], answer.get("form")
    document = Document.objects.get(pk=answer["doc_id"])
    # Choosing the audience puts the document where that audience lives.
    assert document.collection == community.coordination_collection
    assert document.confidentiality == "coordination"


def test_an_editor_is_told_why_a_members_document_cannot_go_to_publications(
    client, editor
):
    client.force_login(editor)

    answer = update(client, upload(client), confidentiality="members")

    assert not answer["success"]
    assert OPEN_COLLECTION in html.unescape(answer["form"])
    assert not Document.objects.exists()
    assert UploadedFile.objects.count() == 1  # still waiting to be completed


def test_updating_a_document_whose_file_type_is_no_longer_accepted_explains_it(
    client, indexes, admin
):
    document = DocumentFactory(
        collection=indexes["publications_collection"],
        file=ContentFile(b"{\\rtf1 Old minutes}", name="old-minutes.rtf"),
    )
    client.force_login(admin)
    prefix = f"doc-{document.pk}"

    response = client.post(
        f"/admin/documents/multiple/{document.pk}/",
        {
            f"{prefix}-title": "Old minutes",
            f"{prefix}-document_type": "minutes",
            f"{prefix}-confidentiality": "public",
            f"{prefix}-collection": document.collection_id,
        },
    )

    assert response.status_code == 200
    answer = response.json()
    assert not answer["success"]
    assert "rtf" in html.unescape(answer["form"])
    document.refresh_from_db()
    assert document.title != "Old minutes"


@pytest.mark.parametrize(
    ("chosen", "saved", "where"),
    [
        ("", "members", "collection"),
        ("members", "members", "collection"),
        ("coordination", "coordination", "coordination_collection"),
    ],
)
def test_a_moderator_adds_a_document_to_the_community_collection(
    client, community, moderator, chosen, saved, where
):
    client.force_login(moderator)
    form = client.get("/admin/documents/add/")
    assert form.status_code == 200
    # Unless the moderator chooses, the document follows the private collection.
    assert selected(form.content.decode(), "confidentiality") == ""

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Work plan 2025",
            "file": report_pdf("work-plan.pdf"),
            "document_type": "report",
            "confidentiality": chosen,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Work plan 2025")
    assert document.collection == getattr(community, where)
    assert document.confidentiality == saved
    assert "Water quality monitoring" in document.extracted_text


def test_an_editor_adding_a_members_document_to_publications_is_told_why(
    client, editor
):
    client.force_login(editor)

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Plenary minutes",
            "file": report_pdf("minutes.pdf"),
            "document_type": "minutes",
            "confidentiality": "members",
        },
    )

    assert response.status_code == 200
    assert OPEN_COLLECTION in html.unescape(response.content.decode())
    assert not Document.objects.exists()


def test_the_administrator_adds_a_document_to_a_private_collection(
    client, community, admin
):
    client.force_login(admin)

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Core group minutes",
            "file": report_pdf("core-group.pdf"),
            "collection": community.collection.pk,
            "document_type": "minutes",
            "confidentiality": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Core group minutes")
    assert document.collection == community.collection
    assert document.confidentiality == "members"


def test_a_moderator_uploads_from_the_document_chooser(client, moderator, community):
    client.force_login(moderator)
    prefix = "document-chooser-upload-"
    response = client.post(
        "/admin/documents/chooser/create/",
        {
            f"{prefix}title": "Acta de la plenaria",
            f"{prefix}file": report_pdf("acta.pdf"),
            f"{prefix}document_type": "minutes",
            f"{prefix}confidentiality": "members",
            f"{prefix}language": "es",
        },
    )

    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    document = Document.objects.get(title="Acta de la plenaria")
    assert (document.collection, document.confidentiality) == (
        community.collection,
        "members",
    )


def test_a_moderator_replaces_a_documents_file(client, moderator, community):
    document = DocumentFactory(
        title="Work plan", collection=community.collection, confidentiality="members"
    )
    client.force_login(moderator)
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Work plan 2026",
            "file": report_pdf("work-plan-2026.pdf"),
            "document_type": "report",
            "confidentiality": "members",
            "language": "en",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Work plan 2026"
    assert document.file.name.endswith("work-plan-2026.pdf")
