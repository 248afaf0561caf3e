"""Moves a case to sites of its own, so that cases a name suffix would change can still share a jar.

``site.test`` becomes ``zaah.test`` and ``other.test`` becomes ``zaaah.test`` everywhere in the case: URLs,
Set-Cookie lines (a ``Domain=.site.test`` attribute included), script writes. The new names have the same length
and the same shape (one label under ``.test``, on no public-suffix list, like the originals), and letter case is
kept (``Domain=SITE.TEST`` -> ``Domain=ZAAH.TEST``), so no byte count, no suffix rule and no case rule changes;
and it maps back exactly.
Cookie names and values are untouched. A jar that holds several moved cases keeps them apart by site: a page
of one case's sites never reads, and a request to them never carries, a cookie set on another case's sites.

Only a case whose every mention of a ``.test`` name is one of the two sites or a subdomain of one is moved (a
``Domain=ite.test`` test of the dot-boundary rule, say, is not: renaming would change what it tests), and only
when all its hosts belong to those sites. What a moved run observed is mapped back before it is compared, so
results and reports show the case as written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from conformance.cases import Case

SITES = ("site.test", "other.test")
MAX_MOVES = 26**3 - 1
_ORIGINALS = re.compile(r"(?<![a-z0-9-])(site\.test|other\.test)(?![a-z0-9-])", re.IGNORECASE)
# A match starts only where a run of name characters starts: retrying inside a long run (a size-limit case's 4 KiB
# value) made this quadratic, 0.66 s of every run's planning.
_TEST_NAME = re.compile(r"(?<![a-z0-9.-])[a-z0-9.-]*\.test(?![a-z0-9-])|(?<![a-z0-9.-])test(?![a-z0-9.-])",
                        re.IGNORECASE)


def _moved_site(site: str, number: int) -> str:
    """``site.test`` -> ``zaah.test`` for move 7: ``z`` and the move number in letters, as long as the label it
    replaces (letters, not digits, so that letter case maps back exactly)."""
    label, _, tld = site.partition(".")
    letters = ""
    for _ in range(len(label) - 1):
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
    return f"z{letters}.{tld}"


def _same_case(original: str, new: str) -> str:
    return "".join(n.upper() if o.isupper() else n for o, n in zip(original, new, strict=True))


def _texts(case: Case) -> list[str]:
    texts = [line for s in case.steps for line in s.lines]
    texts += [u for s in case.steps for u in (s.url, s.source) if u]
    texts += [x for p in case.probes for x in (p.url, p.source, p.redirect, p.expect) if x]
    return texts


def movable(case: Case) -> bool:
    """Whether moving ``case`` to sites of its own renames its sites and nothing else."""
    if case.needs_restart:
        return False
    for host in case.hosts():
        if not any(host.lower() == s or host.lower().endswith("." + s) for s in SITES):
            return False
    for text in _texts(case):
        for m in _TEST_NAME.finditer(text):
            name = m.group().lower().strip(".")
            if not any(name == s or name.endswith("." + s) for s in SITES):
                return False
    return True


class Relocation:
    """The sites of move number ``number`` (1..MAX_MOVES), both ways."""

    def __init__(self, number: int) -> None:
        if not 1 <= number <= MAX_MOVES:
            raise ValueError(f"move number {number} out of range 1..{MAX_MOVES}")
        self.number = number
        self.sites = {original: _moved_site(original, number) for original in SITES}
        back = {new: original for original, new in self.sites.items()}
        self._back = back
        self._moved = re.compile(r"(?<![a-z0-9-])(" + "|".join(re.escape(n) for n in back) + r")(?![a-z0-9-])",
                                 re.IGNORECASE)

    def forward(self, text: str) -> str:
        return _ORIGINALS.sub(lambda m: _same_case(m.group(), self.sites[m.group().lower()]), text)

    def back(self, text: str) -> str:
        return self._moved.sub(lambda m: _same_case(m.group(), self._back[m.group().lower()]), text)

    def owns(self, domain: str) -> bool:
        """Whether a cookie's domain is on this move's sites."""
        d = domain.lower().lstrip(".")
        return any(d == s or d.endswith("." + s) for s in self.sites.values())

    def hosts(self, case: Case) -> set[str]:
        return self.moved_hosts(case.hosts())

    def moved_hosts(self, hosts: set[str]) -> set[str]:
        return {urlsplit(self.forward(f"https://{h}/")).hostname or h for h in hosts}

    def case(self, case: Case) -> Case:
        """``case`` on this move's sites (expectations untouched: observations are mapped back instead)."""
        f = self.forward

        def opt(u: str | None) -> str | None:
            return None if u is None else f(u)

        steps = tuple(replace(s, url=opt(s.url), source=opt(s.source), lines=tuple(f(x) for x in s.lines))
                      for s in case.steps)
        probes = tuple(replace(p, url=f(p.url), source=opt(p.source), redirect=opt(p.redirect))
                       for p in case.probes)
        return replace(case, steps=steps, probes=probes)

    def describe(self) -> str:
        return " and ".join(f"{o} as {n}" for o, n in self.sites.items())

