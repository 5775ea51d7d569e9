"""CSV files that a spreadsheet opens as data, never as formulas.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel and LibreOffice: a meeting titled `=HYPERLINK("http://…?"&B3)`
would send the neighbouring cells away when clicked. Every CSV Minka writes goes
through `formula_safe`, which prefixes such text with a single quote (OWASP's
advice): the spreadsheet shows the text, quote hidden, and runs nothing.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """`value`, with a leading quote if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetWriter:
    """`csv.writer` whose every cell goes through `formula_safe`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([formula_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class FormulaSafeExportMixin:
    """For Wagtail listings and reports with a CSV export (`list_export`): their
    cells go through `formula_safe`. (Wagtail's XLSX export already stores
    formulas as text.)"""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else value
