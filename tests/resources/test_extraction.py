"""Text is extracted from real PDF and DOCX files; bad files give no text, no error."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from resources.extraction import extract_text


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
