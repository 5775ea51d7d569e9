"""Hostile files uploaded in the admin, one by one and through the multiple
uploader: each request answers at once with a clear message or a document whose
text waits for the worker; nothing is read in the request, and the worker reads
each file within its limits (or marks it unreadable) without failing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from resources.models import Document, TextStatus
from resources.pdf import pdf_bytes
from resources.tasks import read_document_text
from tests.security import hostile_files

pytestmark = pytest.mark.django_db

# name, bytes, the text status once the worker has read it
HOSTILE = {
    "pdf-bomb": ("bomb.pdf", hostile_files.pdf_bomb, TextStatus.EXTRACTED),
    "docx-empty-paragraphs": (
        "paragraphs.docx",
        hostile_files.docx_empty_paragraphs,
        TextStatus.EXTRACTED,
    ),
    "docx-zip-bomb": ("bomb.docx", hostile_files.docx_zip_bomb, TextStatus.UNREADABLE),
    "html-named-pdf": ("page.pdf", hostile_files.html_named_pdf, TextStatus.UNREADABLE),
}
MULTIPLE = "/admin/documents/multiple/add/"
AJAX = {"x-requested-with": "XMLHttpRequest"}


@pytest.fixture(scope="module")
def hostile_bytes():
    return {key: make() for key, (_name, make, _status) in HOSTILE.items()}


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_superuser=True))
    return client


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """Tasks queued in the database, as in production: the request only queues."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def add_one(client, name, data, content_type="application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "collection": 1,
            "document_type": "other",
            "confidentiality": "public",
        },
    )


def add_several(client, name, data, content_type="application/octet-stream"):
    response = client.post(
        MULTIPLE,
        {"files[]": SimpleUploadedFile(name, data, content_type=content_type)},
        headers=AJAX,
    )
    assert response.status_code == 200
    return response.json()


def complete(client, form_html, title):
    """Fill in the form the multiple uploader answers with and press "Update"."""
    action = re.search(r'<form action="([^"]+)"', form_html).group(1)
    prefix = re.search(r'name="([\w-]+)-title"', form_html).group(1)
    response = client.post(
        action,
        {
            f"{prefix}-title": title,
            f"{prefix}-collection": 1,
            f"{prefix}-document_type": "other",
            f"{prefix}-confidentiality": "public",
        },
    )
    assert response.status_code == 200
    return response.json()


def queued_reading(document):
    return DBTaskResult.objects.filter(
        task_path="resources.tasks.read_document_text",
        args_kwargs__args=[document.pk, document.file.name],
    )


@pytest.mark.parametrize("key", HOSTILE)
def test_a_hostile_file_is_accepted_at_once_and_read_by_the_worker(
    admin_client, hostile_bytes, key
):
    name, _make, expected = HOSTILE[key]

    response = add_one(admin_client, name, hostile_bytes[key])

    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title=name)
    # Nothing was read in the request: the text waits for the worker.
    assert document.text_status == TextStatus.PENDING
    assert document.extracted_text == ""
    assert queued_reading(document).count() == 1
    edit = admin_client.get(f"/admin/documents/edit/{document.pk}/")
    assert "Text not read yet" in edit.content.decode()

    # What the worker runs for it: limits hold, nothing escapes.
    assert read_document_text.call(document.pk, document.file.name) == expected
    document.refresh_from_db()
    assert document.text_status == expected
    assert document.extracted_text == ""
    shown = str(TextStatus(expected).label)
    assert shown in admin_client.get(f"/admin/documents/edit/{document.pk}/").text


@pytest.mark.parametrize("key", HOSTILE)
def test_the_multiple_uploader_queues_a_hostile_file_without_reading_it(
    admin_client, hostile_bytes, key
):
    name, _make, _expected = HOSTILE[key]

    answer = add_several(admin_client, name, hostile_bytes[key])

    assert answer["success"], answer
    # Kept as an upload until its form is completed: nothing read yet.
    assert not Document.objects.exists()
    saved = complete(admin_client, answer["form"], name)
    assert saved["success"], saved
    document = Document.objects.get(pk=saved["doc_id"])
    assert document.text_status == TextStatus.PENDING
    assert document.extracted_text == ""
    assert queued_reading(document).count() == 1


def test_an_svg_with_script_is_refused_with_a_message(admin_client):
    svg = hostile_files.svg_with_script()

    single = add_one(admin_client, "drawing.svg", svg, "image/svg+xml")
    several = add_several(admin_client, "drawing.svg", svg, "image/svg+xml")

    assert single.status_code == 200
    assert "File extension “svg” is not allowed" in single.content.decode()
    assert not several["success"]
    assert "svg" in several["error_message"]
    assert not Document.objects.exists()
    assert not DBTaskResult.objects.filter(
        task_path="resources.tasks.read_document_text"
    ).exists()


def test_a_file_over_the_upload_limit_is_refused_with_a_message(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    report = pdf_bytes("Tailings report", ["Water quality " * 200])
    assert len(report) > 1024

    single = add_one(admin_client, "report.pdf", report, "application/pdf")
    several = add_several(admin_client, "report.pdf", report, "application/pdf")

    assert single.status_code == 200
    assert "This file is too big" in single.content.decode()
    assert not several["success"]
    assert "too big" in several["error_message"]
    assert not Document.objects.exists()


def test_a_readable_file_gets_its_text_from_the_worker(admin_client):
    report = pdf_bytes("Tailings report", ["Water quality monitoring at the dam."])

    assert add_one(admin_client, "report.pdf", report).status_code == 302
    document = Document.objects.get(title="report.pdf")
    assert document.text_status == TextStatus.PENDING

    read_document_text.call(document.pk, document.file.name)

    document.refresh_from_db()
    assert document.text_status == TextStatus.EXTRACTED
    assert "Water quality monitoring at the dam." in document.extracted_text
