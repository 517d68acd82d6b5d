#!/bin/sh
# The pre-commit hook: check the content with the project's own Python (.venv), so that it works
# from any terminal, activated or not, and from GUI git clients (GitHub Desktop, Sourcetree,
# VS Code), which run hooks without the shell's environment.
#
# Used by .pre-commit-config.yaml; without pre-commit, install it directly:
#   ln -s ../../scripts/pre-commit-validate.sh .git/hooks/pre-commit
root=$(git rev-parse --show-toplevel 2>/dev/null) || root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
for python in .venv/bin/python .venv/Scripts/python.exe; do
  if [ -x "$python" ]; then
    # `-m generator` finds the package in this folder even if the venv has not installed it.
    exec "$python" -m generator validate "$@"
  fi
done
echo "pre-commit: cannot check the content: $root/.venv is missing." >&2
echo "Set up the project once with 'make setup' (or: python3 -m venv .venv && .venv/bin/pip install -e .)," >&2
echo "then commit again. To commit without the check this once: git commit --no-verify" >&2
exit 1
