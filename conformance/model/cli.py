"""Command line for the draft-ietf-httpbis-rfc6265bis-22 cookie model (``cookie-model`` /
``python -m conformance.model``): feed Set-Cookie lines, ask what each request URL would get."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import TextIO

from .draft import DRAFT
from .jar import CookieJar
from .policy import Policy

DESCRIPTION = f"""\
Spec model of {DRAFT}: store cookies, then print what requests would carry.

Input (FILE, or standard input when FILE is absent or "-"): one Set-Cookie per line,
    URL<TAB>Set-Cookie-line
where URL is the request URL whose response carried the header and Set-Cookie-line is the field
value (without "Set-Cookie:"). Only the first TAB separates; later TABs belong to the cookie line.
Blank lines and lines starting with "#" are skipped. All lines are same-site, top-level responses.

Output, for each --request URL in order: the Cookie header the draft prescribes (or
"(no Cookie header)") and the document.cookie string a page at that URL would read."""


class InputError(Exception):
    """An input line that is not URL<TAB>Set-Cookie-line; the message names the file and line."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cookie-model", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("file", nargs="?", default="-", help='input file of URL<TAB>Set-Cookie lines ("-": stdin)')
    p.add_argument("--request", action="append", required=True, metavar="URL",
                   help="request URL to report on (repeatable)")
    p.add_argument("--no-lax-by-default", dest="lax_by_default", action="store_false",
                   help='treat cookies without a valid SameSite as None (the -22 text treats "Default" as Lax)')
    p.add_argument("--localhost-insecure", action="store_true",
                   help="do not treat http://localhost, 127.0.0.0/8 and ::1 as secure origins")
    p.add_argument("--verbose", "-v", action="store_true", help="also print the outcome of every input line")
    return p


def _load(jar: CookieJar, stream: TextIO, name: str, out: TextIO, verbose: bool) -> None:
    # Split on LF only: a CR or other control character inside a cookie line is part of the line.
    for lineno, raw in enumerate(stream.read().split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        url, tab, cookie_line = line.partition("\t")
        if not tab:
            raise InputError(f"{name}:{lineno}: expected URL<TAB>Set-Cookie-line, found no TAB")
        try:
            result = jar.set_from_http(url.strip(), cookie_line)
        except ValueError as exc:
            raise InputError(f"{name}:{lineno}: {exc}") from exc
        if verbose:
            print(f"{name}:{lineno}: {result.reason}", file=out)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    policy = Policy(lax_by_default=args.lax_by_default, localhost_is_secure=not args.localhost_insecure)
    jar = CookieJar(policy)
    try:
        if args.file == "-":
            # Read stdin's bytes ourselves: text-mode stdin would turn a lone CR into a line break.
            stream = stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
            _load(jar, stream, "<stdin>", out, args.verbose)
        else:
            with open(args.file, encoding="utf-8", newline="") as fh:
                _load(jar, fh, args.file, out, args.verbose)
        reports = []
        for url in args.request:
            try:
                header = jar.cookie_header(url)
                script = jar.document_cookie(url)
            except ValueError as exc:
                raise InputError(f"--request {url}: {exc}") from exc
            reports.append((url, header, script))
    except (InputError, OSError) as exc:
        print(f"cookie-model: error: {exc}", file=sys.stderr)
        return 2
    for url, header, script in reports:
        print(url, file=out)
        print(f"  Cookie: {header}" if header is not None else "  (no Cookie header)", file=out)
        print(f"  document.cookie: {script!r}", file=out)
    return 0
