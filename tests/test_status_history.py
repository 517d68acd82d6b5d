"""Issue 5: `status` finds translations much older than the other language, from git history.

A throw-away git repository is made around a copy of the minimal content, with commits at fixed
dates; "today" is pinned with SOURCE_DATE_EPOCH. Texts are compared by value, so reflowing one
language is not a change, and an uncommitted edit counts as made today.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from editing_support import run_cli

TODAY = {"SOURCE_DATE_EPOCH": "1630454400"}  # 2021-09-01
ISOLATED_GIT = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Editor",
                "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
                "GIT_COMMITTER_EMAIL": "editor@example.org"}


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **ISOLATED_GIT}
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+00:00")
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def commit(repo: Path, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"edit of {date}", date=date)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def outdated(content: Path) -> tuple[list[dict[str, Any]], str]:
    """The outdated-translation items of `status --format json`, and its note on git history."""
    done = run_cli("status", "--format", "json", cwd=content.parent, env=TODAY)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return [item for item in report["items"] if item["kind"] == "outdated-translation"], report["history"]


def test_status_flags_the_language_left_behind(minimal_content: Path) -> None:
    repo = minimal_content.parent  # the content folder is a sub-folder of the repository
    claims = minimal_content / "claims" / "privacy"
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    commit(repo, "2020-01-01")

    # English rewritten 17 months later, Indonesian left as it was: the Indonesian text lags.
    edit(claims / "messages-encrypted.yml", "en: Acme cannot read messages.", "en: Acme says it cannot read any messages.")
    # Indonesian only reflowed (white space), English unchanged: not a change of text.
    edit(claims / "limited-sharing.yml", "{id: Acme hanya berbagi data terbatas.,", "{id: Acme hanya  berbagi data   terbatas.,")
    commit(repo, "2021-06-01")
    # English corrected two weeks after the Indonesian was written: within the lag, not flagged.
    edit(minimal_content / "documents" / "acme-statement.yml", "en: Acme Statement}", "en: Statement by Acme}")
    commit(repo, "2020-01-15")
    # Uncommitted Indonesian edit: dated today (2021-09-01), so the English note lags.
    edit(claims / "limited-sharing.yml", "{id: Klausul berbagi.,", "{id: Klausul tentang berbagi data.,")

    items, history = outdated(minimal_content)
    assert history == "compared with git history (3 commits)"
    assert [(i["file"], i["line"], i["language"], i["field"], i["detail"]) for i in items] == [
        ("content/claims/privacy/limited-sharing.yml", 14, "en", "evidence[0].note",
         "the Indonesian text changed on 2021-09-01, the English text last on 2020-01-01; check the translation"),
        ("content/claims/privacy/messages-encrypted.yml", 4, "id", "claim",
         "the English text changed on 2021-06-01, the Indonesian text last on 2020-01-01; check the translation"),
    ]

    done = run_cli("status", cwd=minimal_content.parent, env=TODAY)
    assert "Translation ages: compared with git history (3 commits)" in done.stdout
    by_language = done.stdout.split("\nBy language\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [row.split() for row in by_language] == [["language", "missing", "empty", "placeholder", "outdated"],
                                                    ["id", "0", "0", "0", "1"], ["en", "0", "0", "0", "1"]]


def test_status_says_which_files_are_not_committed_yet(minimal_content: Path) -> None:
    git(minimal_content, "-c", "init.defaultBranch=main", "init", "-q")  # the content folder is the repository
    commit(minimal_content, "2020-01-01")
    statement = (minimal_content / "documents" / "acme-statement.yml").read_text(encoding="utf-8")
    (minimal_content / "documents" / "acme-blog.yml").write_text(statement.replace("id: acme-statement", "id: acme-blog"),
                                                               encoding="utf-8")
    items, history = outdated(minimal_content)
    assert items == []
    assert history == "compared with git history (1 commit); 1 file not committed yet, so not compared"


def test_status_says_when_there_is_no_git_history(minimal_content: Path) -> None:
    env = {**TODAY, "GIT_CEILING_DIRECTORIES": str(minimal_content.parent),  # never find a repository further up
           "COLUMNS": "200"}  # one line each
    done = run_cli("status", cwd=minimal_content.parent, env=env)
    assert done.returncode == 0
    assert ("Translation ages: no git history: content is not in a git repository, so translation ages were not "
            "compared") in done.stdout

    git(minimal_content, "-c", "init.defaultBranch=main", "init", "-q")
    done = run_cli("status", cwd=minimal_content.parent, env=env)
    assert "Translation ages: no git history: the repository has no commits yet" in done.stdout
