"""Text inside uploaded files (PDF, DOCX), so search finds words only found there.

Files come from anyone who may upload, so they are read in a child process with
limits on time, memory and how much is unpacked: a file crafted to hang the
parser or fill the memory ends that child, never the worker nor a request. A
broken, encrypted, oversized or hostile file raises `UnreadableFile` (or gives
an empty string and a log line through `extract_text`): the document is then
indexed by its metadata alone.

The child runs in a session of its own and ignores SIGINT and SIGTERM: a
Ctrl-C or a stop of the worker's process group (systemd) stops the worker
gracefully, which lets the reading finish. A child killed by a signal anyway
raises `ReadingInterrupted`: the file is not to blame, and is read again later.

This module also runs as the child's script (`python -I extraction.py .pdf`,
the file on standard input, its text on standard output), so at module level it
imports the standard library only.
"""

import io
import logging
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

logger = logging.getLogger(__name__)

# Enough for search; keeps a huge report from bloating the index.
MAX_CHARACTERS = 200_000
# What one file may cost. Reading stops quietly at the page or paragraph limit
# (the text read so far is kept); going over the others makes it unreadable.
MAX_SECONDS = 30
MAX_MEMORY = 512 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PAGES = 2_000
MAX_PARAGRAPHS = 100_000
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_BODY = "word/document.xml"
CHUNK = 64 * 1024
# The child's command, the file's extension added.
READER = [sys.executable, "-I", __file__]
# Signals that stop a reader from outside (an operator, a shutdown), as against
# those its limits send (SIGXCPU) or a crash (SIGSEGV): the file is not to blame.
INTERRUPTIONS = frozenset(
    (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGKILL)
)


class UnreadableFile(Exception):
    """The file's text could not be read (broken, encrypted, too big, too slow)."""


class ReadingInterrupted(Exception):
    """The reader was killed from outside before it finished: try again later."""


def _shared_drawing(page):
    """What a page is drawn from, when pages may share it: its content stream
    and its resources (None when its contents are an array of streams)."""
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if not hasattr(contents, "idnum"):
        return None
    # Inherited resources are copied onto each page as one shared object.
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    resources = (
        (resources.idnum, resources.generation)
        if hasattr(resources, "idnum")
        else id(resources)
    )
    return (contents.idnum, contents.generation), resources


def _pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # An empty user password opens many "encrypted" PDFs; others stay closed.
        if not reader.decrypt(""):
            raise UnreadableFile("encrypted PDF")
    parts = []
    size = 0
    seen = set()
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            break
        # Pages drawn from the same content stream and resources say the same
        # words: reading them once also defuses a stream shared by every page.
        key = _shared_drawing(page)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARACTERS:
            break
    return "\n".join(parts)


def _docx_text(data):
    """The words of a DOCX body, read as a stream: paragraph by paragraph, never
    more than MAX_UNPACKED_BYTES of XML, never a whole tree in memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnreadableFile("not a zip archive") from error
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnreadableFile("too many parts")
    # Declared sizes are what zipfile will unpack at most (it stops there and
    # checks the CRC), so they can be trusted to refuse a zip bomb up front.
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnreadableFile("too large once unpacked")
    try:
        body = archive.getinfo(DOCX_BODY)
    except KeyError as error:
        raise UnreadableFile("no document body") from error

    parser = XMLPullParser(events=("start", "end"))
    parts = []
    paragraphs = size = 0
    root = None
    with archive.open(body) as stream:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if root is None:
                    root = element
                if event != "end":
                    continue
                if element.tag == f"{WORD}t":
                    text = element.text or ""
                elif element.tag == f"{WORD}tab":
                    text = "\t"
                elif element.tag in (f"{WORD}br", f"{WORD}cr"):
                    text = "\n"
                elif element.tag == f"{WORD}p":
                    text = "\n"
                    paragraphs += 1
                    # Read paragraphs are dropped: memory stays flat.
                    root.clear()
                else:
                    continue
                parts.append(text)
                size += len(text)
                if paragraphs >= MAX_PARAGRAPHS or size >= MAX_CHARACTERS:
                    return _paragraphs("".join(parts))
                element.clear()
    parser.close()
    return _paragraphs("".join(parts))


def _paragraphs(text):
    return "\n".join(line for line in text.split("\n") if line)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text}


def reads_text(name):
    """Whether files named like `name` have text Minka reads."""
    return Path(name or "").suffix.lower() in EXTRACTORS


def _run_child(data, suffix):
    # A session of its own: a signal to the worker's process group misses it.
    with subprocess.Popen(
        [*READER, suffix],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as child:
        try:
            output, errors = child.communicate(data, timeout=MAX_SECONDS)
        except subprocess.TimeoutExpired as error:
            raise UnreadableFile(f"still reading after {MAX_SECONDS} s") from error
        finally:
            # Never left behind, whatever stopped the reading (a timeout, the
            # worker forced to stop).
            if child.poll() is None:
                child.kill()
    if child.returncode < 0 and -child.returncode in INTERRUPTIONS:
        raise ReadingInterrupted(
            f"reader stopped by {signal.Signals(-child.returncode).name}"
        )
    if child.returncode != 0:
        reason = errors.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableFile(
            reason[-1] if reason else f"reader ended with {child.returncode}"
        )
    return output.decode("utf-8", "replace")


def read_text(file, name=None):
    """Plain text of `file` (a Django File/FieldFile or an open binary file),
    read in a child process with limits; "" for a type Minka does not read.

    `name` gives the extension when the file object has none. Raises
    `UnreadableFile` when the file cannot be read within the limits, and
    `ReadingInterrupted` when the reader was killed from outside.
    """
    name = name or getattr(file, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in EXTRACTORS:
        return ""
    try:
        if hasattr(file, "open"):
            file.open("rb")
        file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        raise UnreadableFile(f"cannot open the file: {error}") from error
    finally:
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile("file too large to read")
    text = _run_child(data, suffix)
    return " ".join(text.split())[:MAX_CHARACTERS]


def extract_text(file, name=None):
    """Like `read_text`, but an unreadable file gives "" and a log line."""
    try:
        return read_text(file, name)
    except UnreadableFile as error:
        logger.warning(
            "Could not extract text from %s: %s",
            name or getattr(file, "name", ""),
            error,
        )
        return ""


def _limit_child():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (MAX_SECONDS, MAX_SECONDS + 5))
    # The reader writes nothing anywhere but standard output.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _child_main(suffix):
    # A stopping worker waits for the reading to finish (within its limits).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _limit_child()
    data = sys.stdin.buffer.read()
    try:
        text = EXTRACTORS[suffix](data)
    except MemoryError:
        sys.stderr.write("out of memory\n")
        return 3
    except (UnreadableFile, ParseError) as error:
        sys.stderr.write(f"{error}\n")
        return 2
    except Exception as error:  # noqa: BLE001 - any parser failure means "unreadable"
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 2
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1]))
