"""Text is extracted from real PDF and DOCX files, in a child process with
limits; bad files give no text, no error."""

import io
import os
import signal
import sys
import threading
import time
from pathlib import Path

import docx
import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from resources import extraction
from resources.extraction import (
    ReadingInterrupted,
    UnreadableFile,
    extract_text,
    read_text,
)
from tests.security import hostile_files


def pdf_bytes(*lines):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_text_inside_a_pdf_is_extracted():
    data = pdf_bytes("Scoping study of the Cusco region", "Ninety police officers")
    text = extract_text(ContentFile(data, name="study.pdf"))
    assert "Scoping study of the Cusco region" in text
    assert "Ninety police officers" in text


def test_text_inside_a_docx_is_extracted():
    document = docx.Document()
    document.add_paragraph("Working rules of the Lima group")
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text(ContentFile(buffer.getvalue(), name="rules.docx"))
    assert text == "Working rules of the Lima group"


def test_an_encrypted_pdf_gives_no_text_and_no_error(caplog):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Secret words"))))
    writer.encrypt(user_password="open-sesame", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert extract_text(ContentFile(buffer.getvalue(), name="locked.pdf")) == ""
    assert "Could not extract text from locked.pdf" in caplog.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.4 this is not really a PDF"),
        ("broken.docx", b"PK not a zip archive"),
        ("empty.pdf", b""),
    ],
)
def test_a_broken_file_gives_no_text_and_no_error(name, data):
    assert extract_text(ContentFile(data, name=name)) == ""


def test_an_unknown_type_gives_no_text():
    assert extract_text(ContentFile(b"plain words", name="notes.txt")) == ""


def test_a_docx_table_and_paragraphs_are_read_in_order():
    document = docx.Document()
    document.add_paragraph("Participation criteria")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Companies"
    table.rows[0].cells[1].text = "Civil society"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_text(ContentFile(buffer.getvalue(), name="criteria.docx"))
    assert text == "Participation criteria Companies Civil society"


def test_reading_stops_at_the_paragraph_limit(monkeypatch):
    document = docx.Document()
    for number in range(5):
        document.add_paragraph(f"Paragraph {number}")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    # The parser itself, in this process: the child runs the same code.
    assert extraction.MAX_PARAGRAPHS == 100_000
    text = extraction._docx_text(data)
    assert text.split("\n") == [f"Paragraph {number}" for number in range(5)]
    monkeypatch.setattr(extraction, "MAX_PARAGRAPHS", 2)
    assert extraction._docx_text(data) == "Paragraph 0\nParagraph 1"


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = hostile_files.docx_zip_bomb(unpacked=80 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="too large once unpacked"):
        read_text(ContentFile(bomb, name="bomb.docx"))


def test_a_file_still_being_read_after_the_time_limit_is_unreadable(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_SECONDS", 0.2)
    with pytest.raises(UnreadableFile, match="still reading after"):
        read_text(ContentFile(hostile_files.pdf_bomb_unshared(), name="slow.pdf"))


def _reader_child():
    """The reader process this test process started, once it runs."""
    for _ in range(200):
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":\t", 1) for line in status.read_text().splitlines()
                )
                command = (status.parent / "cmdline").read_bytes()
            except (OSError, ValueError):
                continue
            if int(fields["PPid"]) == os.getpid() and b"extraction.py" in command:
                return int(status.parent.name), fields
        time.sleep(0.05)
    raise AssertionError("no reader started")


def _ignores(pid, number):
    mask = (Path(f"/proc/{pid}/status").read_text().split("SigIgn:\t")[1])[:16]
    return bool(int(mask, 16) & (1 << (number - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_stop_sent_to_the_worker_does_not_end_the_reading():
    """Ctrl-C or systemd stops the worker's whole process group (or cgroup):
    the reader runs in a session of its own and ignores SIGINT and SIGTERM, so
    the worker, stopping gracefully, gets the file's text all the same."""
    slow = hostile_files.pdf_bomb_unshared(pages=6)
    outcome = {}

    def read():
        try:
            outcome["text"] = read_text(ContentFile(slow, name="slow.pdf"))
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcome["error"] = error

    reading = threading.Thread(target=read)
    reading.start()
    pid, _ = _reader_child()
    for _ in range(200):
        if _ignores(pid, signal.SIGTERM):
            break
        time.sleep(0.02)
    assert os.getsid(pid) == pid != os.getsid(0)
    os.kill(pid, signal.SIGTERM)
    os.kill(pid, signal.SIGINT)
    reading.join()

    assert outcome == {"text": ""}  # read to the end: the bomb holds no words


def test_a_reader_killed_from_outside_is_an_interruption_not_a_bad_file(
    monkeypatch,
):
    monkeypatch.setattr(
        extraction,
        "READER",
        [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), 15)"],
    )
    with pytest.raises(ReadingInterrupted, match="SIGTERM"):
        read_text(ContentFile(pdf_bytes("Minutes"), name="minutes.pdf"))
