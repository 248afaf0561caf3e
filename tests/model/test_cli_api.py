"""The command line, the public API and the Policy record."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import conformance.model as model
from conformance.model import DRAFT, CookieJar, Policy, StoredCookie, StoreResult
from conformance.model.cli import main
from conformance.model.policy import DEFAULT_POLICY

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_cli_reports_header_and_document_cookie() -> None:
    data = "https://www.site.test/a/b\tsid=1; Path=/; Secure; HttpOnly\nhttps://www.site.test/a/b\tx=2\n"
    code, out = run(["--request", "https://www.site.test/a/c", "--request", "http://www.site.test/"], data)
    assert code == 0
    assert out.splitlines() == [
        "https://www.site.test/a/c",
        "  Cookie: x=2; sid=1",
        "  document.cookie: 'x=2'",
        "http://www.site.test/",
        "  (no Cookie header)",
        "  document.cookie: ''",
    ]


def test_cli_reads_file_skips_comments_and_keeps_tabs(tmp_path: Path) -> None:
    f = tmp_path / "cookies.tsv"
    f.write_text("# comment\n\nhttps://h.test/\ta=b\tc; Path=/\r\n", encoding="utf-8")
    code, out = run([str(f), "--request", "https://h.test/"])
    assert code == 0 and "  Cookie: a=b\tc" in out.splitlines()


def test_cli_lone_cr_stays_inside_the_line(tmp_path: Path) -> None:
    f = tmp_path / "cookies.tsv"
    f.write_bytes(b"https://h.test/\ta=b\rc=d\n")
    code, out = run([str(f), "--request", "https://h.test/", "-v"])
    assert code == 0 and "control character" in out and "(no Cookie header)" in out


def test_cli_error_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.tsv"
    f.write_text("https://h.test/\ta=1\nno tab here\n", encoding="utf-8")
    code, _ = run([str(f), "--request", "https://h.test/"])
    assert code == 2
    assert f"{f}:2:" in capsys.readouterr().err


def test_cli_bad_url_names_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--request", "https://h.test/"], "https://h.test/\ta=1\nnot-a-url\tb=2\n")
    assert code == 2 and "<stdin>:2:" in capsys.readouterr().err


def test_cli_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["/nonexistent/x.tsv", "--request", "https://h.test/"])
    assert code == 2 and "x.tsv" in capsys.readouterr().err


@pytest.mark.parametrize(("flag", "expected"), [([], "  Cookie: s=1"), (["--localhost-insecure"],
                                                                          "  (no Cookie header)")])
def test_cli_localhost_insecure(flag: list[str], expected: str) -> None:
    code, out = run([*flag, "--request", "http://localhost/"], "http://localhost/\ts=1; Secure\n")
    assert code == 0 and expected in out.splitlines()


def test_cli_lax_by_default_flag_sets_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Policy] = []
    original = CookieJar.__init__

    def spy(self: CookieJar, policy: Policy = DEFAULT_POLICY, *args: object) -> None:
        seen.append(policy)
        original(self, policy, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(CookieJar, "__init__", spy)
    run(["--no-lax-by-default", "--request", "https://h.test/"])
    assert seen[-1].lax_by_default is False
    run(["--request", "https://h.test/"])
    assert seen[-1].lax_by_default is True


def test_cli_help_via_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "conformance.model", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0
    assert "URL<TAB>Set-Cookie-line" in proc.stdout and "--request" in proc.stdout and DRAFT in proc.stdout


def test_draft_constant() -> None:
    assert DRAFT == "draft-ietf-httpbis-rfc6265bis-22"


@pytest.mark.parametrize(
    "name",
    ["CookieJar", "Policy", "StoreResult", "StoredCookie", "parse_set_cookie", "parse_cookie_date", "DRAFT"],
)
def test_public_api_names(name: str) -> None:
    assert name in model.__all__ and hasattr(model, name)


def test_policy_defaults_and_describe() -> None:
    p = Policy()
    assert (p.lax_by_default, p.localhost_is_secure, p.max_name_value_bytes, p.max_attribute_value_bytes,
            p.max_age_cap_days) == (True, True, 4096, 1024, 400)
    d = p.describe()
    assert d["max_age_cap_days"] == 400 and d["secure_schemes"] == ["https", "wss"]
    assert set(d) >= {"lax_by_default", "localhost_is_secure", "reject_public_suffixes"}


def test_policy_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Policy().lax_by_default = True  # type: ignore[misc]


def test_store_result_and_stored_cookie_are_records() -> None:
    jar = CookieJar(clock=lambda: 1000.0)
    result = jar.set_from_http("https://h.test/", "a=1")
    assert result == StoreResult(True, "stored")
    assert isinstance(jar.cookies()[0], StoredCookie)


def test_default_clock_is_wall_time() -> None:
    jar = CookieJar()
    jar.set_from_http("https://h.test/", "a=1; Max-Age=100")
    (c,) = jar.cookies()
    assert c.expiry is not None and abs(c.expiry - c.creation_time - 100) < 1e-6 and c.creation_time > 1.7e9


def test_every_module_has_a_docstring() -> None:
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(model.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"conformance.model.{info.name}")
        assert module.__doc__ and DRAFT in " ".join(module.__doc__.split()), info.name
