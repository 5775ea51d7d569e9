"""Nothing lost: `backup` writes the database and media to one archive, and
`restore` brings them back into an empty database and media folder, on the
database the suite runs on (SQLite or PostgreSQL); a tampered archive, a path
outside it or a database with content is refused."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult
from taggit.models import TaggedItem
from wagtail.models import Locale, ModelLogEntry, Page, Revision
from wagtail_localize.models import TranslationSource

from communities.factories import (
    AttributedNoteFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import AttributedNote, Membership
from intranet.factories import UserFactory
from intranet.translation import translate_page
from resources.factories import DocumentFactory, ImageFactory
from resources.models import Document, Image, TextStatus

pytestmark = pytest.mark.django_db


def media_checksums(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("path", "title", "locale_id")),
        "revisions": Revision.objects.count(),
        "documents": sorted(Document.objects.values_list("title", "file")),
        "images": Image.objects.count(),
        "memberships": sorted(
            Membership.objects.values_list("institution__name", "status", "role")
        ),
        "representatives": Membership.representatives.through.objects.count(),
        "notes": sorted(AttributedNote.objects.values_list("text", flat=True)),
        "group_members": sorted(
            Group.user_set.through.objects.values_list("group__name", "user__username")
        ),
        "tags": sorted(TaggedItem.objects.values_list("tag__name", "object_id")),
        "translation_sources": TranslationSource.objects.count(),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "audit_entries": ModelLogEntry.objects.count(),
    }


@pytest.fixture
def world(home, spanish_home, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    index = CommunityIndexPageFactory(parent=home)
    lima = CommunityPageFactory(parent=index, title="Lima group", slug="lima")
    person = UserFactory(username="lima-rep")
    MembershipFactory(
        community=lima,
        institution=InstitutionFactory(name="Red Muqui"),
        role=Membership.Role.COORDINATION,
        representatives=[person],
    )
    meeting = MeetingPageFactory(parent=lima.members_area(), title="Plenary")
    AttributedNoteFactory(meeting=meeting, text="A word said in confidence.")
    meeting.save_revision(user=person).publish()
    translate_page(index, "es", {})
    document = DocumentFactory(title="Minutes annex", collection=lima.collection)
    document.tags.add("security")
    ImageFactory(collection=lima.collection)
    return lima


def test_backup_and_restore_bring_everything_back(world, settings, tmp_path):
    before = snapshot()
    files = media_checksums(settings.MEDIA_ROOT)
    assert before["notes"] and before["audit_entries"] and len(files) >= 2
    archive = tmp_path / "minka.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o077 == 0  # its owner's only

    # Refused while the database has content; nothing changes.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # Empty the database (the restore replaces what the migrations made) and
    # point at an empty media folder.
    Page.objects.filter(depth__gt=2).delete()
    Document.objects.all().delete()
    Image.objects.all().delete()
    UserFactory._meta.model.objects.all().delete()
    settings.MEDIA_ROOT = str(tmp_path / "restored")
    assert snapshot() != before

    output = io.StringIO()
    call_command("restore", str(archive), stdout=output)
    assert "Restored." in output.getvalue()
    assert snapshot() == before
    assert media_checksums(settings.MEDIA_ROOT) == files
    # The restored tree is sound, and its pages are found by search again.
    assert Page.find_problems() == ([], [], [], [], [])
    assert Page.objects.search("Plenary").count() >= 1


def test_restore_queues_again_the_reading_of_pending_documents(
    world, settings, tmp_path
):
    """An archive keeps no queued task: a document whose text was still to be
    read when it was made gets its reading queued again on restore."""
    pending = DocumentFactory(title="Budget 2026", collection=world.collection)
    Document.objects.filter(pk=pending.pk).update(
        text_status=TextStatus.PENDING, extracted_text=""
    )
    archive = tmp_path / "minka.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    Page.objects.filter(depth__gt=2).delete()
    Document.objects.all().delete()
    Image.objects.all().delete()
    UserFactory._meta.model.objects.all().delete()
    settings.MEDIA_ROOT = str(tmp_path / "restored")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("restore", str(archive), stdout=io.StringIO())

    readings = DBTaskResult.objects.filter(task_path__endswith="read_document_text")
    assert [task.args_kwargs["args"] for task in readings] == [
        [pending.pk, pending.file.name]
    ]
    assert readings.get().status == "READY"
    assert Document.objects.get(pk=pending.pk).text_status == TextStatus.PENDING


def _archive(tmp_path, members, manifest_files=None):
    """A hand-made archive: `members` maps names to bytes; the manifest lists
    `manifest_files` (default: the members, with their true checksums)."""
    files = manifest_files
    if files is None:
        files = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members.items()
        }
    manifest = {"format": "minka-backup", "version": 1, "files": files}
    path = tmp_path / "crafted.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [*members.items(), ("manifest.json", json.dumps(manifest))]:
            data = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    "case, members, listed, refusal",
    [
        ("tampered", {"database.json": b"[]"}, {"database.json": b"[ ]"}, "checksum"),
        (
            "traversal",
            {"media/../../etc/x": b"x", "database.json": b"[]"},
            None,
            "path",
        ),
        ("absolute", {"/tmp/x": b"x", "database.json": b"[]"}, None, "path"),
        (
            "unlisted",
            {"database.json": b"[]", "media/a.txt": b"a"},
            {"database.json": b"[]"},
            "manifest",
        ),
        ("missing", {"database.json": b"[]"}, {"media/a.txt": b"a"}, "manifest"),
    ],
)
def test_restore_refuses_an_archive_that_does_not_check_out(
    tmp_path, settings, case, members, listed, refusal
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    files = None
    if listed is not None:
        files = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in listed.items()
        }
    archive = _archive(tmp_path, members, files)
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.parametrize("kept", [0.5, 0.9])
def test_restore_answers_a_truncated_archive_in_one_line(world, tmp_path, kept):
    archive = tmp_path / "minka.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    data = archive.read_bytes()
    truncated = tmp_path / "cut.tar.gz"
    truncated.write_bytes(data[: int(len(data) * kept)])
    pages = Page.objects.count()

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(truncated), stdout=io.StringIO())

    message = str(refusal.value)
    assert message.startswith("Nothing restored: The archive is damaged or incomplete")
    assert "\n" not in message
    assert Page.objects.count() == pages
