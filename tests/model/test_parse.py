"""Parsing a Set-Cookie line (#set-cookie): name/value split, trimming, controls, sizes, attributes."""

from __future__ import annotations

import pytest

from conformance.model import Attribute, parse_set_cookie
from conformance.model.parse import EARLIEST

NOW = 1_800_000_000.0
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]]


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [
        ("a=b", "a", "b"),
        ("a", "", "a"),  # no "=": nameless, the whole pair is the value
        ("=b", "", "b"),  # empty name
        ("a=", "a", ""),  # empty value
        ("a=b=c", "a", "b=c"),  # only the first "=" splits
        ('a="b"', "a", '"b"'),  # quotes are kept
        ('a=" b "', "a", '" b "'),  # inside quotes nothing is trimmed
        ("  a  =  b  ", "a", "b"),  # SP trimmed around name and value
        ("\ta\t=\tb\t", "a", "b"),  # HTAB trimmed too
        ("a=b c", "a", "b c"),  # internal whitespace kept
        ("a b=c", "a b", "c"),
        ("a=b;", "a", "b"),
        ("a=b ; Path=/", "a", "b"),
        ("a=b\tc", "a", "b\tc"),  # HTAB allowed inside
        ("a=caf\u00e9", "a", "caf\u00e9"),
        ("a=%20", "a", "%20"),  # percent-encoding is not decoded
        ("a=b,c", "a", "b,c"),  # a comma is just an octet
        (" =b", "", "b"),
        ("a=\u00a0b\u00a0", "a", "\u00a0b\u00a0"),  # NBSP is not WSP
        ("", "", ""),  # parses; the storage model then ignores it
    ],
)
def test_name_value(line: str, name: str, value: str) -> None:
    cookie = parse_set_cookie(line, now=NOW)
    assert cookie is not None
    assert (cookie.name, cookie.value) == (name, value)


@pytest.mark.parametrize("ch", CONTROLS, ids=[f"0x{ord(c):02x}" for c in CONTROLS])
def test_control_character_in_value_ignores_line(ch: str) -> None:
    assert parse_set_cookie(f"a=b{ch}c", now=NOW) is None


@pytest.mark.parametrize("line", ["a\x01=b", "a=b; Path=/\x0b", "a=b; \x7fSecure", "a=b\r\n"])
def test_control_character_anywhere_ignores_line(line: str) -> None:
    assert parse_set_cookie(line, now=NOW) is None


@pytest.mark.parametrize(
    ("name_len", "value_len", "accepted"),
    [(1, 4095, True), (1, 4096, False), (4096, 0, True), (4097, 0, False), (2048, 2048, True), (2048, 2049, False)],
)
def test_name_value_size_limit(name_len: int, value_len: int, accepted: bool) -> None:
    line = "n" * name_len + "=" + "v" * value_len
    assert (parse_set_cookie(line, now=NOW) is not None) is accepted


@pytest.mark.parametrize(("count", "accepted"), [(2047, True), (2048, False)])
def test_size_limit_counts_utf8_octets(count: int, accepted: bool) -> None:
    # "a" + count * "é" (2 octets each) + "b": 2 + 2*count octets.
    line = "a=" + "\u00e9" * count + "b"
    assert (parse_set_cookie(line, now=NOW) is not None) is accepted


def test_whitespace_is_trimmed_before_size_check() -> None:
    assert parse_set_cookie("a=" + "v" * 4095 + "   ", now=NOW) is not None


@pytest.mark.parametrize(
    ("path_len", "kept"), [(1024, True), (1025, False)]
)
def test_attribute_value_size_limit(path_len: int, kept: bool) -> None:
    path = "/" + "p" * (path_len - 1)
    cookie = parse_set_cookie(f"a=b; Path={path}", "https://h.test/x/y", now=NOW)
    assert cookie is not None
    assert cookie.last("Path") == (Attribute("Path", path) if kept else None)


def test_oversized_attribute_does_not_hide_earlier_one() -> None:
    cookie = parse_set_cookie("a=b; Path=/keep; Path=/" + "p" * 1024, now=NOW)
    assert cookie is not None and cookie.last("Path") == Attribute("Path", "/keep")


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ("Secure", [Attribute("Secure", "")]),
        ("secure", [Attribute("Secure", "")]),
        ("SECURE=yes", [Attribute("Secure", "")]),  # a value on Secure is ignored
        ("HttpOnly", [Attribute("HttpOnly", "")]),
        ("httponly", [Attribute("HttpOnly", "")]),
        ("Http-Only", []),  # unknown attribute
        ("Domain=.Site.Test", [Attribute("Domain", "site.test")]),  # leading dot stripped, lower-cased
        ("Domain=..site.test", [Attribute("Domain", ".site.test")]),  # only one dot is stripped
        ("Domain=", [Attribute("Domain", "")]),
        ("Domain=.", [Attribute("Domain", "")]),
        ("Path=/p", [Attribute("Path", "/p")]),
        ("PATH=/P", [Attribute("Path", "/P")]),  # path keeps its case
        ("Path=p", [Attribute("Path", "/x")]),  # not starting with "/": default-path
        ("Path=", [Attribute("Path", "/x")]),
        ("  Path  =  /p  ", [Attribute("Path", "/p")]),
        ("SameSite=Lax", [Attribute("SameSite", "Lax")]),
        ("Foo=bar; Secure", [Attribute("Secure", "")]),
        ("Max-Age=10; max-age=20", [Attribute("Max-Age", NOW + 10), Attribute("Max-Age", NOW + 20)]),
        ("=Secure", []),  # empty attribute-name
        ("\u017fecure", []),  # LONG S would casefold to "s": attribute names match ASCII-only
        (";;;", []),
    ],
)
def test_attributes(attrs: str, expected: list[Attribute]) -> None:
    cookie = parse_set_cookie(f"a=b; {attrs}", "https://h.test/x/y", now=NOW)
    assert cookie is not None
    assert list(cookie.attributes) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("60", NOW + 60),
        ("0060", NOW + 60),
        (" 60 ", NOW + 60),  # trimmed
        ("0", EARLIEST),
        ("-0", EARLIEST),
        ("-1", EARLIEST),
        ("-99999999999999999999", EARLIEST),
        ("34560000", NOW + 34560000),  # exactly 400 days
        ("34560001", NOW + 34560000),  # capped
        ("99999999999999999999999", NOW + 34560000),
        ("", None),
        ("-", None),
        ("+5", None),
        ("5s", None),
        ("1e3", None),
        ("6 0", None),
        ("--1", None),
        ("0x10", None),
        ("\u0665", None),  # ARABIC-INDIC DIGIT FIVE is not a DIGIT
    ],
)
def test_max_age_values(value: str, expected: float | None) -> None:
    cookie = parse_set_cookie(f"a=b; Max-Age={value}", now=NOW)
    assert cookie is not None
    attr = cookie.last("Max-Age")
    assert (attr.value if attr else None) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Thu, 01 Jan 2026 00:00:00 GMT", 1767225600.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", NOW + 400 * 86400),  # capped at 400 days from now
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),  # past dates are kept as they are
        ("tomorrow", None),
        ("", None),
    ],
)
def test_expires_values(value: str, expected: float | None) -> None:
    cookie = parse_set_cookie(f"a=b; Expires={value}", now=NOW)
    assert cookie is not None
    attr = cookie.last("Expires")
    assert (attr.value if attr else None) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Strict", "Strict"),
        ("strict", "Strict"),
        ("LAX", "Lax"),
        ("None", "None"),
        ("nOnE", "None"),
        ("", "Default"),
        ("bogus", "Default"),
        ("Lax,Strict", "Default"),
        ("\"Lax\"", "Default"),
        ("\u017ftrict", "Default"),  # LONG S would casefold to "s": matching is ASCII-only
    ],
)
def test_same_site_enforcement(value: str, expected: str) -> None:
    cookie = parse_set_cookie(f"a=b; SameSite={value}", now=NOW)
    assert cookie is not None and cookie.last("SameSite") == Attribute("SameSite", expected)


def test_notes_explain_ignored_attributes() -> None:
    cookie = parse_set_cookie("a=b; Max-Age=x; Expires=never; Frob=1", now=NOW)
    assert cookie is not None and cookie.attributes == ()
    assert len(cookie.notes) == 3
