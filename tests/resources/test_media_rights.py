"""Editors pick and upload media in the public Publications collection only
(community moderators in their own collection: tests/communities/test_admin.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from intranet.roles import EDITORS
from resources.factories import DocumentFactory
from resources.models import Document
from tests.resources.helpers import restricted_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    return make_user(groups=[Group.objects.get(name=EDITORS)])


def chooser_titles(client, path="/admin/documents/chooser/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_editor_chooses_public_documents_only(client, indexes, editor):
    public = DocumentFactory(
        title="Feasibility study for Cusco",
        collection=indexes["publications_collection"],
    )
    hidden = DocumentFactory(
        title="Plenary minutes of the core group",
        collection=restricted_collection(Group.objects.create(name="Insiders")),
    )
    client.force_login(editor)

    page = chooser_titles(client)

    assert public.title in page
    assert hidden.title not in page


def test_editor_uploads_a_document_into_publications(client, indexes, editor):
    client.force_login(editor)
    collection = indexes["publications_collection"]

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Dialogue toolkit",
            "file": SimpleUploadedFile("toolkit.txt", b"How to hold a dialogue"),
            "collection": collection.pk,
            "document_type": "toolkit",
            "confidentiality": "public",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(collection=collection).title == "Dialogue toolkit"
