"""Dates and times in import files, fixed or relative to the day of the import.

A fixed date is `YYYY-MM-DD`, a fixed time `YYYY-MM-DD HH:MM` in the site's
time zone. A relative one counts days from the day the import runs: `today`,
`+14 days`, `-20 days`, and for a time `+21 days 09:00`. The demo uses them for
what must stay in the future (the next meeting) or fall due (a page to review),
whenever it is loaded.
"""

import datetime
import re

from django.utils import timezone

RELATIVE_DAY = re.compile(r"^(?:today|(?P<days>[+-]\d+) days?)$")
TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}")
RELATIVE_MOMENT = re.compile(
    r"^(?P<day>today|[+-]\d+ days?) (?P<hour>\d{1,2}):(?P<minute>\d{2})$"
)


def _relative_day(text, today):
    match = RELATIVE_DAY.match(text)
    if match is None:
        return None
    return today + datetime.timedelta(days=int(match["days"] or 0))


def read_day(item, key, today=None):
    """The key's date: `YYYY-MM-DD`, `today`, `+N days` or `-N days`; or None."""
    value = item.data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(str(value).split())
    day = _relative_day(text, today or timezone.localdate())
    if day is not None:
        return day
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise item.problem(
            key,
            f"bad {key} '{value}': use YYYY-MM-DD, or a number of days from the "
            "import such as +14 days",
        ) from None


def read_moment(item, key, required=False, now=None):
    """The key's date and time in the site's time zone: `YYYY-MM-DD HH:MM`, or
    `+N days HH:MM` (also `today HH:MM`, `-N days HH:MM`); or None."""
    value = item.data.get(key)
    if value is None or value == "":
        if required:
            raise item.problem(key, f"missing {key}")
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = " ".join(str(value).split())
        match = RELATIVE_MOMENT.match(text)
        try:
            if match is not None:
                today = timezone.localtime(now).date()
                day = _relative_day(match["day"], today)
                moment = datetime.datetime.combine(
                    day, datetime.time(int(match["hour"]), int(match["minute"]))
                )
            else:
                moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        # A date alone is refused rather than taken for midnight.
        if moment is None or (match is None and not TIME_OF_DAY.search(text)):
            raise item.problem(
                key,
                f"bad {key} '{value}': use YYYY-MM-DD HH:MM, or a number of days "
                "from the import and a time such as +21 days 09:00",
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
