"""Every hand-written case's expected values are re-derived by the spec model; a disagreement names both."""

from __future__ import annotations

import pytest

from conformance.cases import load_catalogue
from conformance.oracle import check

CATALOGUE = load_catalogue()


def test_catalogue_is_not_empty() -> None:
    assert len(CATALOGUE) >= 40


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_case_agrees_with_model(case) -> None:  # type: ignore[no-untyped-def]
    problems = check(case)
    assert not problems, "\n".join(str(p) for p in problems)
