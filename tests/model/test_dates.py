"""The cookie-date algorithm (#cookie-date)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.model import parse_cookie_date
from conformance.model.dates import date_tokens


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed, 09 Jun 2021 10:18:14 GMT", utc(2021, 6, 9, 10, 18, 14)),  # RFC 1123 / IMF-fixdate
        ("Sun, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)),  # RFC 850
        ("Sun Nov  6 08:49:37 1994", utc(1994, 11, 6, 8, 49, 37)),  # asctime
        ("09-Jun-2021 10:18:14", utc(2021, 6, 9, 10, 18, 14)),  # dashes are delimiters
        ("Jun 9 2021 10:18:14", utc(2021, 6, 9, 10, 18, 14)),
        ("2021 Jun 09 10:18:14", utc(2021, 6, 9, 10, 18, 14)),  # 4 digits cannot be a day-of-month
        ("10:18:14 09 Jun 2021", utc(2021, 6, 9, 10, 18, 14)),  # time first
        ("Thu, 01 Jan 1970 00:00:00 GMT", utc(1970, 1, 1, 0, 0, 0)),
        ("01 jan 70 00:00:00", utc(1970, 1, 1)),  # two-digit 70 -> 1970
        ("01 Jan 99 00:00:00", utc(1999, 1, 1)),  # 99 -> 1999
        ("01 Jan 00 00:00:00", utc(2000, 1, 1)),  # 00 -> 2000
        ("01 JAN 69 00:00:00", utc(2069, 1, 1)),  # 69 -> 2069
        ("01 Jan 0099 00:00:00", utc(1999, 1, 1)),  # the year-value is 99 whatever its digits
        ("Wed, 09 June 2021 10:18:14 GMT", utc(2021, 6, 9, 10, 18, 14)),  # month = "jun" *OCTET
        ("Wed, 09 jUnE 2021 10:18:14 GMT", utc(2021, 6, 9, 10, 18, 14)),  # case-insensitive month
        ("Wed, 09 Jun 2021 1:2:3 GMT", utc(2021, 6, 9, 1, 2, 3)),  # 1*2DIGIT time fields
        ("Wed, 09 Jun 2021 10:18:14GMT", utc(2021, 6, 9, 10, 18, 14)),  # time followed by non-digit
        ("9th Jun 2021 10:18:14", utc(2021, 6, 9, 10, 18, 14)),  # day-of-month followed by non-digit
        ("Wed, 09 Jun 2021 10:18:14 +0200", utc(2021, 6, 9, 10, 18, 14)),  # zone ignored: always UTC
        ("\t09 Jun 2021 10:18:14\t", utc(2021, 6, 9, 10, 18, 14)),  # HTAB is a delimiter
        ("09,Jun;2021=10:18:14", utc(2021, 6, 9, 10, 18, 14)),  # , ; = are delimiters
        ("Fri, 31 Dec 9999 23:59:59 GMT", utc(9999, 12, 31, 23, 59, 59)),
        ("Mon, 01 Jan 1601 00:00:00 GMT", utc(1601, 1, 1)),  # the earliest accepted year
        ("29 Feb 2024 00:00:00", utc(2024, 2, 29)),  # leap day exists
        ("Wed, 09 Jun 2021 23:59:59 GMT", utc(2021, 6, 9, 23, 59, 59)),
        ("Wed, 09 Jun 2021 10:18:14 GMT 1999", utc(2021, 6, 9, 10, 18, 14)),  # later year tokens ignored
        ("Wed, 09 Jun 2021 10:18:14 Dec", utc(2021, 6, 9, 10, 18, 14)),  # later month tokens ignored
    ],
)
def test_accepted_dates(text: str, expected: datetime) -> None:
    assert parse_cookie_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "GMT",
        "Wed, 09 Jun 2021",  # no time
        "09 Jun 10:18:14",  # no year (09 is taken as the day)
        "Jun 2021 10:18:14",  # no day-of-month
        "09 2021 10:18:14",  # no month
        "2021-06-09 10:18:14",  # ISO 8601: 06 becomes the day, no month
        "09/Jun/2021:10:18:14",  # ":" is not a delimiter: no time token
        "32 Jun 2021 10:18:14",  # day > 31
        "00 Jun 2021 10:18:14",  # day < 1
        "09 Jun 2021 24:00:00",  # hour > 23
        "09 Jun 2021 10:60:00",  # minute > 59
        "09 Jun 2021 10:18:60",  # second > 59 (no leap seconds)
        "09 Jun 1600 10:18:14",  # year < 1601
        "09 Jun 999 10:18:14",  # three-digit year < 1601
        "31 Apr 2021 10:18:14",  # no such date
        "29 Feb 2023 00:00:00",  # not a leap year
        "09 Jun 20215 10:18:14",  # five-digit year
        "123 Jun 2021 10:18:14",  # three-digit day
        "09 Jun 2021 100:18:14",  # three-digit hour
        "09 Jun 2021 10:18",  # hh:mm only
        "09 Ju 2021 10:18:14",  # month needs three letters
        "09 Juin 2021 10:18:14",  # "jui" is no month
        "09 \u017fep 2021 10:18:14",  # LATIN SMALL LETTER LONG S is not "s": case-insensitive is ASCII-only
    ],
)
def test_rejected_dates(text: str) -> None:
    assert parse_cookie_date(text) is None


def test_time_field_followed_by_garbage_is_accepted() -> None:
    # time = hms-time [ non-digit *OCTET ]: "10:18:1x4" is 10:18:01 followed by "x4".
    assert parse_cookie_date("Wed, 09 Jun 2021 10:18:1x4 GMT") == utc(2021, 6, 9, 10, 18, 1)


def test_result_is_aware_utc() -> None:
    result = parse_cookie_date("Wed, 09 Jun 2021 10:18:14 GMT")
    assert result is not None and result.utcoffset() is not None and result.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Wed, 09 Jun 2021 10:18:14 GMT", ["Wed", "09", "Jun", "2021", "10:18:14", "GMT"]),
        ("  a--b  ", ["a", "b"]),
        ("a\x00b", ["a\x00b"]),  # %x00-08 are non-delimiters
        ("caf\u00e9!x", ["caf\u00e9", "x"]),  # %x80-FF non-delimiter, "!" delimiter
    ],
)
def test_date_tokens(text: str, tokens: list[str]) -> None:
    assert date_tokens(text) == tokens
