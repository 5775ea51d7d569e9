"""Text is extracted from real PDF and DOCX files, in a child process with
limits; bad files give no text, no error."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from resources import extraction
from resources.extraction import UnreadableFile, extract_text, read_text
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
