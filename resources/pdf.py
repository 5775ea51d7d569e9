"""Small real PDF files with text in them (demo libraries and tests)."""

from fpdf import FPDF

# The built-in PDF fonts speak Latin-1; typographic marks get a plain stand-in.
_PLAIN = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def _latin1(text):
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def pdf_bytes(title, paragraphs=()):
    """A PDF whose first page carries `title` and then each paragraph."""
    pdf = FPDF()
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(title))
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, _latin1(paragraph))
        pdf.ln(3)
    return bytes(pdf.output())
