"""Plans a fast run: which cases can share one browser jar, and how they are kept apart when they do.

Each batch gets a fresh jar of its own (a new browser context or session), and its cases share it. They are
kept apart by their cookie names: every name gets the case's suffix (``sid`` -> ``sid~c007``). Names are opaque
tokens to the algorithms and prefixes (``__Host-``) sit at the start and stay, so the suffix changes no
outcome; observed values are filtered to the case's suffix and mapped back before they are compared or shown.
A cookie the batch runner sees that carries no case's suffix (an engine that read ``a=1; b=2`` as two cookies,
say) sends the cases that saw it to run alone, and so does one that carries a case's suffix anywhere but at the
end of its name (for that case), so no such cookie is ever hidden by the filter.
Hosts are not touched. A batch holds at most ``MAX_COOKIES_PER_SITE`` cookies per site and
``MAX_COOKIES_PER_JAR`` in all (every line of a case counted as a cookie of the site it is set from), under the
~180 per site and ~3,000 per jar engines keep, so no case is evicted by another. Cases that restart the
browser share a batch of their own, in a browser that restarts once for all.

A case runs alone when a suffix could change its outcome or it needs the whole browser:
a differently configured browser, a link or form from another site's page (a navigation that changes what
the engine allows between the two sites), a cookie without a name, a control character (an engine may cut the name
at it, leaving a cookie without a name, or put it on the wire where the reference server refuses the whole
request, which would take the other cases' probes with it), a line near the 4096-byte limits (the size limits
count the name's bytes), a jar read, or a script write over its own earlier cookie (see ``solo_reason``).
Such a case, when it only names ``site.test`` and ``other.test``, is moved to sites of its own instead of a
fresh jar (see ``relocation``): the moved cases of a run share a jar one after another (a "moved batch", one per
browser configuration), each on its own sites and otherwise exactly as alone. The rest get a fresh jar each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from conformance.cases import Case, expand, utcnow
from conformance.model.domains import registrable_domain
from conformance.relocation import MAX_MOVES, Relocation, movable

MAX_CASES_PER_BATCH = 5000  # in practice the jar limit below decides
MAX_COOKIES_PER_SITE = 150  # under the ~180 per site engines keep
MAX_COOKIES_PER_JAR = 2000  # under the ~3,000 per jar engines keep (Firefox 3,000; Chromium 3,300)
NEAR_SIZE_LIMIT = 3900  # bytes of a Set-Cookie line from which a 5-byte suffix could cross the 4096-byte limits
SUFFIX = re.compile(r"~c\d{3,}$")
ANY_SUFFIX = re.compile(r"~c\d{3,}")


def _name_part(line: str) -> str | None:
    """The cookie-name of a Set-Cookie line / document.cookie string, or None when it has none."""
    pair = line.split(";", 1)[0]
    if "=" not in pair:
        return None
    name = pair.split("=", 1)[0].strip(" \t")
    return name or None


def solo_reason(case: Case) -> str | None:
    """Why ``case`` must run alone in a fresh jar, or None when it can be batched."""
    return _whole_browser_reason(case) or _name_reason(case) or _script_write_reason(case)


def observable_from_one_page(case: Case) -> bool:
    """Whether ``case``, once on sites of its own, may be observed as a batch observes (requests and frames from
    one page per origin): true when only its cookie names keep it out of a batch (a suffix could change them)."""
    return _whole_browser_reason(case) is None and _script_write_reason(case) is None


def _whole_browser_reason(case: Case) -> str | None:
    """Why ``case`` needs a jar, a browser or navigations of its own, whatever its names."""
    if case.browser:
        return "needs a browser with " + ", ".join(f"{k}={v}" for k, v in case.browser.items())
    if any(p.kind == "expiry" for p in case.probes):
        return "reads a stored expiry from the browser's jar (which a batch reads only at its end)"
    if any(x.source and x.via in ("link", "form-post") for x in (*case.steps, *case.probes)):
        return ("follows a link or posts a form from another site's page (after such a navigation Firefox lets "
                "that site's pages send the target's cookies in third-party requests, which would change other "
                "cases' outcomes)")
    if any(n > MAX_COOKIES_PER_SITE // 2 for n in cookies_per_site(case).values()):
        return "sets so many cookies on one site that it needs the per-site limit to itself"
    return None


def _name_reason(case: Case) -> str | None:
    """Why a suffix on ``case``'s cookie names could change its outcome."""
    for step in case.steps:
        for line in step.lines:
            if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line):
                return "a control character (an engine may refuse the whole response that carries it)"
            if len(expand(line, utcnow()).encode()) > NEAR_SIZE_LIMIT:
                return "size-limit case (a name suffix would change the byte count)"
            if _name_part(line) is None:
                return "a cookie without a name"
    for probe in case.probes:
        if any("=" not in pair for pair in probe.expect.split("; ") if pair):
            return "expects a cookie without a name"
    return None


def _script_write_reason(case: Case) -> str | None:
    # A script write to a name an earlier step set. Seen in Firefox 153: a frame of a process that already shows
    # the origin can read back a refused write (HttpOnly), or a cookie a script just deleted, until the next
    # navigation (a stale per-process cache); alone, the probe's page is a fresh navigation, as for a user.
    earlier: dict[str | None, bool] = {}  # name -> set with HttpOnly
    for step in case.steps:
        if step.kind == "script":
            hits = [earlier[_name_part(w)] for w in step.lines if _name_part(w) in earlier]
            if any(hits):
                return "a script write to the name of an HttpOnly cookie"
            if hits:
                return "a script write that overwrites or deletes a cookie set earlier in the case"
        if step.kind in ("set", "script"):
            for line in step.lines:
                http_only = step.kind == "set" and bool(re.search(r";\s*httponly\s*(;|$)", line, re.IGNORECASE))
                earlier[_name_part(line)] = earlier.get(_name_part(line), False) or http_only
    return None


@dataclass
class Batch:
    number: int
    cases: list[Case] = field(default_factory=list)
    cookies: dict[str, int] = field(default_factory=dict)  # site -> cookies its cases may store there
    has_wait: bool = False
    restart: bool = False  # its cases restart the browser (together, once every case is ready for it)
    first_move: int = 0  # > 0: cases that must run alone, one after another, each moved to sites of its own
    # (``Relocation(first_move + slot)``) in a jar they share, instead of name-suffixed together

    @property
    def moved(self) -> bool:
        return self.first_move > 0

    def relocation(self, slot: int) -> Relocation:
        return Relocation(self.first_move + slot)

    def fits(self, needs: dict[str, int]) -> bool:
        return (len(self.cases) < MAX_CASES_PER_BATCH
                and sum(self.cookies.values()) + sum(needs.values()) <= MAX_COOKIES_PER_JAR
                and all(self.cookies.get(site, 0) + n <= MAX_COOKIES_PER_SITE for site, n in needs.items()))

    def add(self, case: Case, needs: dict[str, int]) -> None:
        self.cases.append(case)
        for site, n in needs.items():
            self.cookies[site] = self.cookies.get(site, 0) + n


def cookies_per_site(case: Case) -> dict[str, int]:
    needs: dict[str, int] = {}
    for step in case.steps:
        if step.url:
            host = urlsplit(step.url).hostname or ""
            site = registrable_domain(host) or host
            needs[site] = needs.get(site, 0) + len(step.lines)
    return needs


@dataclass(frozen=True)
class Plan:
    batches: list[Batch]
    solo: list[tuple[Case, str]]

    def hosts(self) -> set[str]:
        """Every host the run's pages visit (a moved case's on its own sites)."""
        hosts: set[str] = set()
        for batch in self.batches:
            for slot, case in enumerate(batch.cases):
                hosts |= batch.relocation(slot).hosts(case) if batch.moved else case.hosts()
        for case, _ in self.solo:
            hosts |= case.hosts()
        return hosts


def moved_hosts(cases: list[Case]) -> set[str]:
    """Every host a move of any of ``cases`` can use, whatever order they are planned in (``plan`` numbers the
    moves in order)."""
    movers = [c for c in cases if solo_reason(c) and movable(c)][:MAX_MOVES]
    family = {h for c in movers for h in c.hosts()}
    return {h for n in range(1, len(movers) + 1) for h in Relocation(n).moved_hosts(family)}


def plan(cases: list[Case]) -> Plan:
    """Batches (cases with real waits, and cases that restart the browser, get batches of their own, so nobody
    else is kept waiting) and solo cases."""
    batches: list[Batch] = []
    solo: list[tuple[Case, str]] = []
    open_batch: dict[tuple[bool, bool], Batch] = {}
    moving: dict[tuple[tuple[str, str], ...], list[Case]] = {}  # browser settings -> cases to move
    for case in cases:
        reason = solo_reason(case)
        if reason and movable(case) and sum(len(v) for v in moving.values()) < MAX_MOVES:
            moving.setdefault(tuple(sorted(case.browser.items())), []).append(case)
            continue
        if reason:
            solo.append((case, reason))
            continue
        kind = (any(s.kind == "wait" for s in case.steps), case.needs_restart)
        needs = cookies_per_site(case)
        batch = open_batch.get(kind)
        if batch is None or not batch.fits(needs):
            batch = Batch(len(batches) + 1, has_wait=kind[0], restart=kind[1])
            batches.append(batch)
            open_batch[kind] = batch
        batch.add(case, needs)
    moves = 1
    for group in moving.values():
        batch = Batch(len(batches) + 1, first_move=moves)
        batches.append(batch)
        for case in group:
            needs = {f"move {moves}": sum(cookies_per_site(case).values())}  # a site of its own
            if not batch.fits(needs):
                batch = Batch(len(batches) + 1, first_move=moves)
                batches.append(batch)
            batch.add(case, needs)
            moves += 1
    return Plan(batches, solo)


class Renamer:
    """Suffixes a case's cookie names and maps observations back."""

    def __init__(self, batch: int, slot: int) -> None:
        self.suffix = f"~c{slot:03d}"
        self._anywhere = re.compile(re.escape(self.suffix) + r"(?!\d)")

    def line(self, line: str) -> str:
        """A Set-Cookie line or document.cookie string with the cookie-name suffixed (whitespace kept)."""
        pair, sep, attrs = line.partition(";")
        raw_name, _, value = pair.partition("=")
        name = raw_name.strip(" \t")
        lead = raw_name[: len(raw_name) - len(raw_name.lstrip(" \t"))]
        trail = raw_name[len(lead) + len(name):]
        return f"{lead}{name}{self.suffix}{trail}={value}{sep}{attrs}"

    def observed(self, value: str) -> str:
        """Keep only this case's cookies and give them back their own names."""
        mine = []
        for pair in value.split("; ") if value else []:
            name, eq, rest = pair.partition("=")
            if eq and name.endswith(self.suffix):
                mine.append(f"{name[: -len(self.suffix)]}={rest}")
        return "; ".join(mine)

    def strays(self, value: str) -> list[str]:
        """The pairs of an observed Cookie header / document.cookie that make this case's observation untrustworthy:
        one that carries this case's suffix anywhere but at the end of its name (the engine changed the name the
        suffix went into, which it might not have done to the name alone), or one that carries no case's suffix
        at all (an engine read part of a line as a cookie of its own). Pairs of other cases are theirs to judge."""
        found = []
        for pair in value.split("; ") if value else []:
            name, eq, _ = pair.partition("=")
            if eq and SUFFIX.search(name):
                continue
            if self._anywhere.search(pair) or not ANY_SUFFIX.search(pair):
                found.append(pair)
        return found

    def owns(self, cookie_name: str) -> bool:
        return cookie_name.endswith(self.suffix)

    def original_name(self, cookie_name: str) -> str:
        return cookie_name[: -len(self.suffix)] if self.owns(cookie_name) else cookie_name
