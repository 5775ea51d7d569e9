"""Text inside uploaded files (PDF, DOCX), so search finds words only found there.

A broken, encrypted or unknown file gives an empty string and a log line: the
document is then indexed by its metadata alone, and the upload never fails.
"""

import io
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

# Enough for search; keeps a huge report from bloating the index.
MAX_CHARACTERS = 200_000


def _pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # An empty user password opens many "encrypted" PDFs; others stay closed.
        if not reader.decrypt(""):
            raise ValueError("encrypted PDF")
    parts = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARACTERS:
            break
    return "\n".join(parts)


def _docx_text(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text}


def extract_text(file, name=None):
    """Plain text of `file` (a Django File/FieldFile or an open binary file).

    `name` gives the extension when the file object has none.
    """
    name = name or getattr(file, "name", "") or ""
    extractor = EXTRACTORS.get(Path(name).suffix.lower())
    if extractor is None:
        return ""
    try:
        if hasattr(file, "open"):
            file.open("rb")
        file.seek(0)
        data = file.read()
        text = extractor(data)
    except Exception:  # noqa: BLE001 - any parser failure means "no text", never a 500
        logger.warning("Could not extract text from %s", name, exc_info=True)
        return ""
    finally:
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    return " ".join(text.split())[:MAX_CHARACTERS]
