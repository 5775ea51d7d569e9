"""One archive holds everything Minka keeps: the database and the media files.

The archive is a tar.gz of

- `database.json`: every row, as Django's JSON fixtures, primary keys kept (so
  page tree paths, revisions, translation sources, tags, audit entries and
  generic relations stay as they were). Content types and permissions are
  named by their natural keys, because their ids depend on the database the
  migrations ran on: that is what makes an archive portable between SQLite
  and PostgreSQL. Left out: what is rebuilt or short-lived (content types and
  permissions themselves, sessions, Wagtail's search index, queued tasks,
  login-attempt counters).
- `media/...`: every file of the media storage (documents, images, renditions).
- `manifest.json`, last: the SHA-256 and size of every other member, and the
  migrations the database was at.

`restore_archive` checks all of it before it touches anything, and restores
only into an empty database and an empty media storage.

The archive holds every secret the database holds (password hashes, 2FA
devices, restricted documents, Chatham House notes): keep it as safe as the
database itself.
"""

import hashlib
import json
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import signals
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from intranet.signals import site_restored

FORMAT = "minka-backup"
VERSION = 1
DATABASE = "database.json"
MANIFEST = "manifest.json"
MEDIA = "media"
SERIALIZER = "minka_backup_json"
# Rebuilt or short-lived: never in an archive, never emptied by a restore.
EXCLUDED_APPS = ("contenttypes", "sessions", "wagtailsearch", "django_tasks_database")
EXCLUDED_MODELS = ("auth.permission", "axes.accessattempt", "axes.accessfailurelog")
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """The archive or the target is not one a restore may use."""


class Serializer(JSONSerializer):
    """Django's JSON, with natural keys only for content types and permissions:
    every other row keeps the primary key it had."""

    @contextmanager
    def _natural_keys_for(self, field):
        natural = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = natural and issubclass(
            field.remote_field.model, ContentType | Permission
        )
        try:
            yield
        finally:
            self.use_natural_foreign_keys = natural

    def handle_fk_field(self, obj, field):
        with self._natural_keys_for(field):
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        with self._natural_keys_for(field):
            super().handle_m2m_field(obj, field)


Deserializer = serializers.json.Deserializer


def _register_serializer():
    serializers.register_serializer(SERIALIZER, __name__)


def media_files(storage=default_storage, folder=""):
    """Every file name in the media storage, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(media_files(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


def applied_migrations():
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


class _HashingReader:
    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        block = self.stream.read(size)
        self.digest.update(block)
        return block


def _add_file(archive, name, stream, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    reader = _HashingReader(stream)
    archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": size}


def write_archive(path, progress=print):
    """Write the database and the media files to the tar.gz at `path` (in full
    or not at all: it is written beside and renamed when complete)."""
    partial = Path(f"{path}.partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)  # readable by its owner only, from the start
    try:
        files = _write(partial, progress)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return files


def _write(path, progress):
    _register_serializer()
    files = {}
    with tempfile.TemporaryDirectory(prefix="minka-backup-") as work:
        dump = Path(work) / DATABASE
        progress("Database: writing every row…")
        call_command(
            "dumpdata",
            format=SERIALIZER,
            natural_foreign=True,
            use_base_manager=True,
            exclude=[*EXCLUDED_APPS, *EXCLUDED_MODELS],
            output=str(dump),
            verbosity=0,
        )
        with tarfile.open(path, "w:gz") as archive:
            with open(dump, "rb") as stream:
                files[DATABASE] = _add_file(
                    archive, DATABASE, stream, dump.stat().st_size
                )
            progress(f"Database: {files[DATABASE]['size']:,} bytes.")
            names = media_files()
            for number, name in enumerate(names, 1):
                with default_storage.open(name, "rb") as stream:
                    files[f"{MEDIA}/{name}"] = _add_file(
                        archive, f"{MEDIA}/{name}", stream, default_storage.size(name)
                    )
                if number % 50 == 0 or number == len(names):
                    progress(f"Media: {number}/{len(names)} files.")
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": timezone.now().isoformat(),
                    "database_vendor": connection.vendor,
                    "migrations": applied_migrations(),
                    "files": files,
                },
                indent=1,
                sort_keys=True,
            ).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(manifest)
            info.mode = 0o600
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, _BytesReader(manifest))
    return files


class _BytesReader:
    def __init__(self, data):
        self.data = memoryview(data)
        self.offset = 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.offset + size
        block = self.data[self.offset : end].tobytes()
        self.offset += len(block)
        return block


def _safe_member_name(name):
    """The member's name if it is one an archive of ours may hold."""
    if name in (DATABASE, MANIFEST):
        return name
    path = PurePosixPath(name)
    parts = path.parts
    if (
        "\\" in name
        or path.is_absolute()
        or len(parts) < 2
        or parts[0] != MEDIA
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise BackupRefused(f"The archive holds a path outside its place: {name!r}.")
    return name


def unpack_and_verify(path, staging):
    """Read every member of the archive into `staging` (under numbered names,
    never its own), check it against the manifest and return the manifest and
    where each member was put."""
    placed = {}
    digests = {}
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupRefused(f"Not a readable tar.gz archive: {error}.") from error
    with archive:
        try:
            _unpack(archive, staging, placed, digests)
        except (EOFError, zlib.error, tarfile.TarError) as error:
            # Cut short or corrupted in transit: gzip and tar tell only as they
            # read, so this can come at any member.
            raise BackupRefused(
                f"The archive is damaged or incomplete ({error or 'it ends early'})."
            ) from error
    if MANIFEST not in placed:
        raise BackupRefused("The archive has no manifest.")
    try:
        manifest = json.loads(placed.pop(MANIFEST).read_text())
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupRefused("The archive's manifest cannot be read.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupRefused("The archive is not a Minka backup of this version.")
    listed, present = set(files), set(placed)
    if listed != present:
        missing = ", ".join(sorted(listed - present)) or "none"
        extra = ", ".join(sorted(present - listed)) or "none"
        raise BackupRefused(
            "The archive does not match its manifest "
            f"(missing: {missing}; not listed: {extra})."
        )
    for name, (sha256, size) in digests.items():
        if name == MANIFEST:
            continue
        if files[name].get("sha256") != sha256 or files[name].get("size") != size:
            raise BackupRefused(f"{name} does not match its checksum: tampered?")
    if DATABASE not in placed:
        raise BackupRefused("The archive has no database.")
    return manifest, placed


def _unpack(archive, staging, placed, digests):
    for number, member in enumerate(archive):
        name = _safe_member_name(member.name)
        if not member.isreg():
            raise BackupRefused(f"The archive holds a link or device: {name!r}.")
        if name in placed:
            raise BackupRefused(f"The archive holds {name!r} twice.")
        # The database under its own name (loaddata reads the extension).
        target = Path(staging) / (DATABASE if name == DATABASE else str(number))
        digest = hashlib.sha256()
        with archive.extractfile(member) as source, open(target, "wb") as out:
            while block := source.read(CHUNK):
                digest.update(block)
                out.write(block)
        placed[name] = target
        digests[name] = (digest.hexdigest(), member.size)


def database_content():
    """What makes a database not empty (beyond what the migrations create)."""
    found = []
    if get_user_model().objects.exists():
        found.append("user accounts")
    if Page.objects.filter(depth__gt=2).exists():
        found.append("pages")
    if get_document_model().objects.exists():
        found.append("documents")
    if get_image_model().objects.exists():
        found.append("images")
    return found


def _restored_models():
    """Every table an archive fills: the rows the migrations made are replaced."""
    excluded = {label.lower() for label in EXCLUDED_MODELS}
    models = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if (
            meta.app_label in EXCLUDED_APPS
            or meta.label_lower in excluded
            or meta.proxy
            or not meta.managed
        ):
            continue
        models.append(model)
    return models


@contextmanager
def _model_signals_muted():
    """The archive is the whole state: nothing is derived while it loads (group
    sync, audit entries, search updates all would write rows of their own)."""
    muted = (
        signals.pre_save,
        signals.post_save,
        signals.pre_delete,
        signals.post_delete,
        signals.m2m_changed,
    )
    saved = [(signal, signal.receivers) for signal in muted]
    for signal in muted:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def _copy_media(placed, progress):
    media = sorted(name for name in placed if name != DATABASE)
    copied = []
    try:
        for number, name in enumerate(media, 1):
            storage_name = name.removeprefix(f"{MEDIA}/")
            with open(placed[name], "rb") as stream:
                saved = default_storage.save(storage_name, File(stream))
            copied.append(saved)
            if saved != storage_name:
                raise BackupRefused(f"The media storage renamed {name} to {saved}.")
            if number % 50 == 0 or number == len(media):
                progress(f"Media: {number}/{len(media)} files.")
    except BaseException:
        for name in copied:
            default_storage.delete(name)
        raise


def restore_archive(path, progress=print):
    """Check the archive at `path`, then load it into this empty database and
    empty media storage, rebuild the search index and send `site_restored`
    (documents whose text was still to be read are queued again)."""
    with tempfile.TemporaryDirectory(prefix="minka-restore-") as staging:
        progress("Checking the archive…")
        manifest, placed = unpack_and_verify(path, staging)
        progress(f"Archive verified: {len(placed)} files match the manifest.")

        applied = applied_migrations()
        behind = [
            f"{app}.{name}"
            for app, names in manifest.get("migrations", {}).items()
            for name in names
            if name not in applied.get(app, [])
        ]
        if behind:
            raise BackupRefused(
                "The archive was made by a newer Minka; migrate first "
                f"(missing here: {', '.join(behind[:5])})."
            )
        content = database_content()
        if content:
            raise BackupRefused(
                "The database is not empty (it holds "
                f"{', '.join(content)}): restore only into a new, migrated "
                "database."
            )
        if media_files():
            raise BackupRefused(
                "The media storage is not empty: restore only into an empty one."
            )

        _register_serializer()
        progress("Database: loading…")
        # All or nothing: files are copied before the rows are committed, and a
        # failure removes the files copied so far.
        with transaction.atomic(), _model_signals_muted():
            for model in _restored_models():
                model._base_manager.all()._raw_delete(connection.alias)
            call_command("loaddata", str(placed[DATABASE]), format="json", verbosity=0)
            progress("Database: loaded.")
            _copy_media(placed, progress)
    progress("Search index: rebuilding…")
    call_command("update_index", verbosity=0)
    # The site search's own entries, written to whichever engine is configured
    # (an Elasticsearch index is not part of the archive).
    call_command("rebuild_search_entries", verbosity=0)
    # Queued tasks are not kept: what waited for the worker is queued again.
    site_restored.send(sender=restore_archive)
    progress("Restored.")
