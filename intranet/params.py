"""Integer parameters from a request, parsed one way everywhere.

`str.isdigit()` accepts digits `int()` refuses ("²", "①") and `int()` accepts
numbers no database column holds: both used to end in a 500.
"""

import re

# The largest value of a 64-bit signed integer column (PostgreSQL's bigint).
MAX_DATABASE_INTEGER = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def int_param(value, default=None, minimum=None, maximum=MAX_DATABASE_INTEGER):
    """`value` (a query or form parameter) as an int, or `default` when it is
    missing, not ASCII digits (an optional leading "-" allowed) or outside
    [`minimum`, `maximum`]."""
    if not isinstance(value, str):
        return default
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    if not ASCII_DIGITS.fullmatch(digits):
        return default
    number = int(text)
    if minimum is not None and number < minimum:
        return default
    if maximum is not None and number > maximum:
        return default
    if number < -MAX_DATABASE_INTEGER - 1:
        return default
    return number


def int_params(values, minimum=0, maximum=MAX_DATABASE_INTEGER):
    """The well-formed integers among `values`, malformed ones dropped."""
    numbers = (int_param(value, minimum=minimum, maximum=maximum) for value in values)
    return [number for number in numbers if number is not None]
