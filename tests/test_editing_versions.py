"""`new version`, `show` and the `status` filters and layout (issue 10, item 5), end to end on
copies of the minimal fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from editing_support import SOURCE_DATE_EPOCH_2021_06_01, run_cli, snapshot

POLICY = "documents/acme-policy.yml"
LAW = "documents/test-law.yml"


def errors(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if ": error: " in line]


# --- new version -------------------------------------------------------------------------


def test_new_version_appends_a_copy_of_the_current_version_and_keeps_the_file_as_written(minimal_content: Path) -> None:
    path = minimal_content / POLICY
    original = path.read_text(encoding="utf-8").replace(
        "versions:\n", "# Kept as the editor wrote it.\nversions:  # oldest first\n")
    path.write_text(original, encoding="utf-8")
    path.chmod(0o644)

    done = run_cli("new", "version", "--document", "acme-policy", "--label", "2024-05-01", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    assert "added version '2024-05-01' to content/documents/acme-policy.yml" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original), "the lines before the new version changed"
    current = original[original.index('  - version: "2021-01-01"'):]
    added = text[len(original):]
    assert added == current.replace('"2021-01-01"', '"2024-05-01"', 1).replace(
        "    retrieved: 2021-01-05\n", '    retrieved: "TODO: YYYY-MM-DD, the day you copied the text below"\n')
    assert path.stat().st_mode & 0o777 == 0o644

    # Validate says what to fill in, where; then the new version is the current one.
    check = run_cli("validate", cwd=minimal_content.parent)
    assert check.returncode == 1
    line = text.count("\n", 0, text.index('"TODO: YYYY-MM-DD')) + 1
    assert errors(check) == [f"content/documents/acme-policy.yml:{line}:16: error: document 'acme-policy' "
                             "versions[2].retrieved: expected an ISO date YYYY-MM-DD, got 'TODO: YYYY-MM-DD, the day "
                             "you copied the' [invalid-date]"]
    # (A later date would be an error until the claims citing the current version are reviewed again.)
    path.write_text(text.replace('"TODO: YYYY-MM-DD, the day you copied the text below"', "2021-01-05"), encoding="utf-8")
    assert run_cli("validate", cwd=minimal_content.parent).returncode == 0
    shown = run_cli("show", "acme-policy", cwd=minimal_content.parent)
    assert shown.stdout.splitlines()[0] == "acme-policy@2024-05-01 (current) — Acme Privacy Policy"


def test_new_version_of_a_regulation_leaves_its_effective_date_to_fill_in(minimal_content: Path) -> None:
    done = run_cli("new", "version", "--document", "test-law", "--label", "2024", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    added = (minimal_content / LAW).read_text(encoding="utf-8").split('  - version: "2024"\n', 1)[1]
    assert added.startswith('    effective: "TODO: YYYY-MM-DD, the day this version takes effect"\n'
                            "    url: https://example.org/law/2022\n"
                            '    retrieved: "TODO: YYYY-MM-DD, the day you copied the text below"\n    clauses:\n')
    codes = [line.rsplit(" ", 1)[1] for line in errors(run_cli("validate", cwd=minimal_content.parent))]
    assert codes == ["[invalid-date]", "[invalid-date]"]


def test_new_version_goes_after_the_last_version_when_other_keys_follow(minimal_content: Path) -> None:
    path = minimal_content / LAW
    path.write_text(path.read_text(encoding="utf-8") + "# revoked by a later law\nrepealed: 2023-01-01\n", encoding="utf-8")
    assert run_cli("new", "version", "--document", "test-law", "--label", "2024", cwd=minimal_content.parent).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.index('- version: "2024"') < text.index("# revoked by a later law") < text.index("repealed:")
    assert text.endswith("# revoked by a later law\nrepealed: 2023-01-01\n")


@pytest.mark.parametrize("args, message", [
    (["--document", "acme-polcy", "--label", "2024"], "unknown document 'acme-polcy'; did you mean 'acme-policy'?"),
    (["--document", "acme-policy", "--label", "2021-01-01"], "document 'acme-policy' already has version '2021-01-01'"),
    (["--document", "acme-policy", "--label", "May 2024"], "'May 2024' is not a valid version label"),
    (["--document", "acme-policy"], "new version needs --label"),
    (["--label", "2024"], "new version needs --document"),
])
def test_new_version_refuses_what_it_cannot_do_and_writes_nothing(minimal_content: Path, args: list[str],
                                                                     message: str) -> None:
    before = snapshot(minimal_content)
    done = run_cli("new", "version", *args, cwd=minimal_content.parent)
    assert done.returncode == 2 and message in done.stderr
    assert snapshot(minimal_content) == before


def test_new_version_refuses_versions_in_flow_style(minimal_content: Path) -> None:
    path = minimal_content / "documents" / "acme-statement.yml"
    path.write_text(path.read_text(encoding="utf-8").split("versions:")[0] + (
        'versions: [{version: "1", url: "https://example.org/s", retrieved: 2021-01-12, clauses: [{id: encrypted, '
        'heading: {id: T, en: T}, text: "Your messages are encrypted and nobody can read them.", '
        'summary: {id: S, en: S}}]}]\n'), encoding="utf-8")
    before = snapshot(minimal_content)
    done = run_cli("new", "version", "--document", "acme-statement", "--label", "2", cwd=minimal_content.parent)
    assert done.returncode == 2 and "flow style" in done.stderr
    assert snapshot(minimal_content) == before


# --- show --------------------------------------------------------------------------------


def test_show_lists_the_clauses_of_the_current_version(minimal_content: Path) -> None:
    done = run_cli("show", "acme-policy", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "acme-policy@2021-01-01 (current) — Acme Privacy Policy\n"
        "Cite a clause as acme-policy#CLAUSE, with an id from the first column:\n"
        "\n"
        "  storage  1  Storage\n"
        "  sharing  2  Sharing\n"
        "  ads      3  Ads\n"
        "\n"
        "Versions: 2020-01-01, 2021-01-01 (current)\n")


def test_show_an_older_version_in_indonesian(minimal_content: Path) -> None:
    done = run_cli("show", "acme-policy@2020-01-01", "--lang", "id", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "acme-policy@2020-01-01 — Kebijakan Privasi Acme"
    assert "acme-policy@2020-01-01#CLAUSE" in lines[1]
    assert lines[3:6] == ["  storage  1  Penyimpanan", "  sharing  2  Berbagi", "  retired     Dihapus"]
    assert lines[-1] == "Versi: 2020-01-01, 2021-01-01 (berlaku)"


def test_show_refuses_an_unknown_version(minimal_content: Path) -> None:
    done = run_cli("show", "acme-policy@2019", cwd=minimal_content.parent)
    assert done.returncode == 2 and "its versions are 2020-01-01, 2021-01-01" in done.stderr


# --- status --------------------------------------------------------------------------------


def status(content: Path, *args: str, columns: int = 100):
    done = run_cli("status", "--older-than", "100", *args, cwd=content.parent,
                   env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH_2021_06_01, "COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    return done.stdout


SECTIONS = {"stale-reference", "not-in-force", "review-overdue", "draft", "no-regulation", "uncited-article",
            "placeholder", "Errors, to fix first (1)"}


def sections(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in text.splitlines() if line.split(":", 1)[0] in SECTIONS]


def test_status_filters_by_kind_and_topic(minimal_content: Path) -> None:
    assert sections(status(minimal_content, "--kind", "stale-reference", "--kind", "draft")) == ["stale-reference", "draft"]
    only_documents = status(minimal_content, "--topic", "empty-topic")
    assert "Nothing needs an editor right now." in only_documents
    privacy = status(minimal_content, "--topic", "privacy")
    assert "uncited-article" not in sections(privacy) and "review-overdue" in sections(privacy)
    done = run_cli("status", "--kind", "stale", cwd=minimal_content.parent)
    assert done.returncode == 2 and "unknown kind stale" in done.stderr


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_status_fits_the_terminal_width(minimal_content: Path, columns: int) -> None:
    text = status(minimal_content, columns=columns)
    too_long = [line for line in text.splitlines() if len(line) > columns]
    assert not too_long
    # Nothing is lost by wrapping.
    assert " ".join(text.split()).count("'acme-policy@2020-01-01#storage', but the clause has different text") == 1


def test_status_lists_errors_then_warnings_then_the_rest(minimal_content: Path) -> None:
    path = minimal_content / "claims" / "privacy" / "limited-sharing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("rating: unverifiable", "rating: unverifyable"),
                    encoding="utf-8")
    text = status(minimal_content, columns=200)
    order = sections(text)
    assert order[0] == "Errors, to fix first (1)"
    assert order[1:3] == ["stale-reference", "not-in-force"]
    assert "content/claims/privacy/limited-sharing.yml:9:11: error: claim 'limited-sharing' assessment.rating " \
           "'unverifyable'" in text
