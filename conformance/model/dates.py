"""The cookie-date parsing algorithm of draft-ietf-httpbis-rfc6265bis-22 (#cookie-date, "Dates").

Characters above U+00FF stand for their UTF-8 octets, which are all %x80-FF: non-delimiters and non-digits.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# time = hms-time [ non-digit *OCTET ]; hms-time = time-field ":" time-field ":" time-field; time-field = 1*2DIGIT
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[^0-9].*)?", re.DOTALL)
# day-of-month = 1*2DIGIT [ non-digit *OCTET ]
_DAY = re.compile(r"([0-9]{1,2})(?:[^0-9].*)?", re.DOTALL)
# year = 2*4DIGIT [ non-digit *OCTET ]
_YEAR = re.compile(r"([0-9]{2,4})(?:[^0-9].*)?", re.DOTALL)
# month = ( "jan" / ... / "dec" ) *OCTET  -- ABNF strings are case-insensitive
_MONTH = re.compile(r"(" + "|".join(_MONTHS) + r").*", re.DOTALL | re.IGNORECASE | re.ASCII)


def is_delimiter(ch: str) -> bool:
    """delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E."""
    o = ord(ch)
    return o == 0x09 or 0x20 <= o <= 0x2F or 0x3B <= o <= 0x40 or 0x5B <= o <= 0x60 or 0x7B <= o <= 0x7E


def date_tokens(cookie_date: str) -> list[str]:
    """Step 1: divide the cookie-date into date-tokens (maximal runs of non-delimiters)."""
    tokens: list[str] = []
    current: list[str] = []
    for ch in cookie_date:
        if is_delimiter(ch):
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        tokens.append("".join(current))
    return tokens


def parse_cookie_date(cookie_date: str) -> datetime | None:
    """Parse a cookie-date; return an aware UTC datetime, or None when the algorithm fails to parse it."""
    found_time = found_day = found_month = found_year = False
    hour = minute = second = day = month = year = 0
    # Step 2: process each date-token in order; the first matching production (time, day-of-month, month,
    # year) whose flag is not yet set takes the token.
    for token in date_tokens(cookie_date):
        if not found_time and (m := _TIME.fullmatch(token)):
            found_time = True
            hour, minute, second = int(m[1]), int(m[2]), int(m[3])
        elif not found_day and (m := _DAY.fullmatch(token)):
            found_day = True
            day = int(m[1])
        elif not found_month and (m := _MONTH.fullmatch(token)):
            found_month = True
            month = _MONTHS.index(m[1].lower()) + 1  # m[1] is ASCII (re.ASCII)
        elif not found_year and (m := _YEAR.fullmatch(token)):
            found_year = True
            year = int(m[1])
    # Step 3: 70-99 -> 19xx.  Step 4: 0-69 -> 20xx.
    if 70 <= year <= 99:
        year += 1900
    elif 0 <= year <= 69:
        year += 2000
    # Step 5: fail on a missing part or a value out of range (leap seconds cannot be represented).
    if not (found_time and found_day and found_month and found_year):
        return None
    if day < 1 or day > 31 or year < 1601 or hour > 23 or minute > 59 or second > 59:
        return None
    # Step 6: the date must exist (e.g. no 31 April, no 29 February 2023).
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
