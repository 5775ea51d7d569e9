"""Documents and images in a private collection never reach people outside it:
not by page, serve URL, direct media URL or rendition URL."""

import pytest
from django.contrib.auth.models import Group

from resources.factories import (
    DocumentFactory,
    DocumentLibraryPageFactory,
    ImageFactory,
)
from tests.resources.helpers import restricted_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def insiders(db):
    return Group.objects.create(name="Insiders")


@pytest.fixture
def members_collection(insiders):
    return restricted_collection(insiders)


@pytest.fixture
def member(make_user, insiders):
    return make_user(groups=[insiders])


@pytest.fixture
def outsider(make_user):
    return make_user()


@pytest.fixture
def secret_document(members_collection):
    return DocumentFactory(
        title="Plenary minutes",
        collection=members_collection,
        confidentiality="members",
    )


def content_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_visitors_and_outsiders_cannot_fetch_a_restricted_document(
    client, secret_document, outsider
):
    url = secret_document.url
    assert url.startswith(f"/documents/{secret_document.pk}/")

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]

    client.force_login(outsider)
    denied = client.get(url)
    assert denied.status_code == 404  # as if it did not exist
    assert b"%PDF" not in content_of(denied)


def test_members_fetch_a_restricted_document_with_safe_headers(
    client, secret_document, member
):
    client.force_login(member)

    response = client.get(secret_document.url)

    assert response.status_code == 200
    assert content_of(response).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "private" in response["Cache-Control"]


def test_public_documents_download_for_everyone(client):
    document = DocumentFactory(title="Toolkit")

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_the_media_folder_is_never_served(client, secret_document, member):
    image = ImageFactory()
    client.force_login(member)

    for url in (secret_document.file.url, image.file.url):
        assert url.startswith("/media-not-served/")
        assert client.get(url).status_code == 404


def test_restricted_library_page_lists_nothing_to_outsiders(
    client, home, members_collection, secret_document, outsider, member
):
    DocumentLibraryPageFactory(
        parent=home, title="Library", slug="library", collection=members_collection
    )

    client.force_login(outsider)
    html = client.get("/library/").content.decode()
    assert "Plenary minutes" not in html
    assert secret_document.url not in html

    client.force_login(member)
    assert secret_document.url in client.get("/library/").content.decode()


@pytest.fixture
def secret_image(members_collection):
    return ImageFactory(title="Site visit", collection=members_collection)


def image_urls(image):
    rendition = image.get_rendition("fill-80x60")
    return [rendition.url, image.original_url]


def test_restricted_images_are_hidden_from_visitors_and_outsiders(
    client, secret_image, outsider
):
    urls = image_urls(secret_image)
    for url in urls:
        assert url.startswith(f"/images/{secret_image.pk}/")
        assert client.get(url).status_code == 404
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404


def test_members_see_restricted_images_privately_cached(client, secret_image, member):
    client.force_login(member)

    for url in image_urls(secret_image):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/")
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert len(content_of(response)) > 0


def test_public_images_are_served_and_cacheable(client):
    image = ImageFactory()

    for url in image_urls(image):
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]


def test_image_urls_cannot_be_forged(client):
    image = ImageFactory()
    rendition_url = image.get_rendition("fill-80x60").url

    assert (
        client.get(rendition_url.replace("fill-80x60", "fill-4000x4000")).status_code
        == 404
    )
    assert client.get(f"/images/{image.pk}/original/other.png").status_code == 404
    assert client.get("/images/999999/original/x.png").status_code == 404


def test_pages_show_images_through_the_checking_view(
    client, home, secret_image, member
):
    from intranet.factories import StandardPageFactory

    page = StandardPageFactory(
        parent=home,
        slug="with-image",
        body=[("image", {"image": secret_image, "alt_text": "Visit", "caption": ""})],
    )

    # A visitor meets nothing of an image they may not open.
    assert f"/images/{secret_image.pk}/" not in client.get(page.url).content.decode()
    client.force_login(member)
    html = client.get(page.url).content.decode()

    assert f"/images/{secret_image.pk}/" in html
    assert "/media-not-served/" not in html
