"""YAML syntax errors as advice: what to change, pointing where the change goes.

The parser says "did not find expected key" or "mapping values are not allowed in this
context" at the place where it gave up. Editors need to hear "indent this line like the line
above" or "put the value in quotes", at the line to fix. The common mistakes are told apart here
from the parser's message and the text around its position; anything else keeps the parser's
own words.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import Message, msg

Mark = tuple[int, int]  # 1-based line and column

_CLOSING = {"{": "}", "[": "]"}


def advise(exc: yaml.MarkedYAMLError, text: str) -> tuple[Mark, str, Message]:
    """The position, code and message for one syntax error of `text`."""
    lines = text.splitlines() or [""]
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    where = _mark(exc.problem_mark or exc.context_mark)
    context_mark = _mark(exc.context_mark) if exc.context_mark else where
    line = _line(lines, where[0])
    if "'\\t'" in problem or "\t" in line[: where[1]]:
        return where, "yaml-tab", msg("yaml-tab")
    advice = (_quoted_scalar(context, lines, context_mark)
              or _flow_collection(problem, context, lines, where, context_mark)
              or _mapping_values(problem, lines, where)
              or _block_mapping(problem, context, lines, where, context_mark)
              or _block_collection(problem, context, lines, where, context_mark)
              or _simple_key(problem, context, lines, context_mark)
              or _bad_start(problem, line, where))
    if advice:
        return advice[0], "yaml-syntax", advice[1]
    return where, "yaml-syntax", msg("yaml-syntax", reason=problem)


Advice = tuple[Mark, Message] | None


def _quoted_scalar(context: str, lines: list[str], opened: Mark) -> Advice:
    if "quoted scalar" not in context:
        return None
    quote = _line(lines, opened[0])[opened[1] - 1: opened[1]] or '"'
    return opened, msg("yaml-unclosed-quote", quote=quote)


def _flow_collection(problem: str, context: str, lines: list[str], where: Mark, opened: Mark) -> Advice:
    if "flow mapping" not in context and "flow sequence" not in context:
        return None
    bracket = "{" if "mapping" in context else "["
    if where[0] > opened[0]:  # the parser ran on into the next line: the bracket was never closed
        return opened, msg("yaml-unclosed-bracket", bracket=bracket, closing=_CLOSING[bracket])
    line = _line(lines, where[0])
    before = line[: where[1] - 1]  # the value holding the ':' or ',' starts after the last separator
    starts = [before.rfind(separator) + len(separator) for separator in (": ", ", ", bracket) if separator in before]
    column = max(starts) + 1 if starts else where[1]
    return (where[0], _first_non_space(line, column)), msg("yaml-quote-in-brackets", bracket=bracket,
                                                            closing=_CLOSING[bracket])


def _mapping_values(problem: str, lines: list[str], where: Mark) -> Advice:
    if not problem.startswith("mapping values are not allowed"):
        return None
    line = _line(lines, where[0])
    key_colon = re.match(r"^\s*(?:-\s+)*[^\s:#][^:#]*?:(?=\s)", line)
    if key_colon and key_colon.end() < where[1] - 1:
        # `key: text: more`: the colon inside the text is taken for a second key.
        return (where[0], _first_non_space(line, key_colon.end() + 1)), msg("yaml-quote-colon")
    return _indent_like_above(lines, where[0])


def _block_mapping(problem: str, context: str, lines: list[str], where: Mark, opened: Mark) -> Advice:
    if "block mapping" not in context or not (problem == "did not find expected key" or problem.startswith("expected <block end>")):
        return None
    line = _line(lines, where[0])
    if where[1] == _indent(line) + 1:
        if line.lstrip().startswith("- "):  # `key: x` then `- item`: the first item lacks its dash
            return opened, msg("yaml-list-dash")
        return _indent_like_above(lines, where[0])
    return _text_after_quote(lines, where)


def _block_collection(problem: str, context: str, lines: list[str], where: Mark, opened: Mark) -> Advice:
    if "block collection" not in context:
        return None
    line = _line(lines, where[0])
    if _indent(line) == opened[1] - 1:  # at the level of the other items' `- `
        return (where[0], _indent(line) + 1), msg("yaml-list-dash")
    return _indent_like_above(lines, where[0])


def _simple_key(problem: str, context: str, lines: list[str], start: Mark) -> Advice:
    if "simple key" not in context or "expected ':'" not in problem:
        return None
    line = _line(lines, start[0])
    siblings = [previous for previous in reversed(lines[: start[0] - 1]) if previous.strip()
                and not previous.lstrip().startswith("#") and _indent(previous) <= _indent(line)]
    if siblings and _indent(siblings[0]) == _indent(line) and siblings[0].lstrip().startswith("- "):
        return (start[0], _indent(line) + 1), msg("yaml-list-dash")
    return (start[0], _indent(line) + 1), msg("yaml-missing-colon")


def _bad_start(problem: str, line: str, where: Mark) -> Advice:
    if "cannot start any token" not in problem:
        return None
    return where, msg("yaml-reserved-character", character=line[where[1] - 1: where[1]])


def _text_after_quote(lines: list[str], where: Mark) -> Advice:
    """Text after a closing quote: either the value was quoted in part, or a quote opened earlier
    was never closed and this quote closed it."""
    line = _line(lines, where[0])
    before = line[: where[1] - 1].rstrip()
    if not before or before[-1] not in "\"'":
        return None
    quote = before[-1]
    opening = line.rfind(quote, 0, len(before) - 1)
    if opening >= 0 and line[:opening].count(quote) % 2 == 0:
        return (where[0], opening + 1), msg("yaml-text-after-quote")
    for number in range(where[0] - 1, 0, -1):  # the quote that this one closed, on an earlier line
        earlier = _line(lines, number)
        if earlier.count(quote) % 2 == 1:
            return (number, earlier.rfind(quote) + 1), msg("yaml-unclosed-quote", quote=quote)
    return None


def _indent_like_above(lines: list[str], number: int) -> Advice:
    """Advice for a line indented more or less than the key it belongs beside."""
    line = _line(lines, number)
    above = next((previous for previous in reversed(lines[: number - 1])
                  if previous.strip() and not previous.lstrip().startswith("#")), "")
    spaces = len(above) - len(above.lstrip(" -"))  # `  - ref: x` → its keys stand 4 spaces in
    return (number, _indent(line) + 1), msg("yaml-indent", spaces=spaces)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _first_non_space(line: str, column: int) -> int:
    while column <= len(line) and line[column - 1] == " ":
        column += 1
    return column


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _mark(mark: yaml.Mark | None) -> Mark:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
