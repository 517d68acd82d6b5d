"""Markdown writer: the briefing's structure as (GitHub-flavoured) Markdown, for pasting elsewhere.

Plain texts from the content are escaped, so a claim that happens to contain `*` or `|` stays
text; content Markdown (assessments, notes, topic summaries) is never passed through: it goes
through the one sanitiser (`markup`, as for HTML and DOCX) and is written again from the result,
so images, unsafe links, reference definitions and raw HTML cannot reach the briefing.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..i18n import t
from ..textblocks import Paragraph, flat_items, parse_blocks
from ..textdiff import DiffGap, TextDiff
from .appendices import ChangeEntry, MatrixPanel
from .structure import Briefing, CitedClause, ClaimEntry, TopicSection
from .wordtext import Block, Span, markdown_blocks

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)(>|(?:[#+\-=]|\d+[.)])(?=\s|$))")


def text(value: str) -> str:
    """Plain text made inert in Markdown (inline markers escaped, no block marker at the start)."""
    escaped = _INLINE.sub(r"\\\1", value)
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2)[0].isdigit()
                                                    else m.group(2)[:-1] + "\\" + m.group(2)[-1]), escaped)


def content(markdown: str) -> str:
    """Content Markdown as the HTML briefing shows it, written again from the sanitised blocks."""
    lines: list[str] = []
    previous: Block | None = None
    for block in markdown_blocks(markdown):
        in_list = block.kind in ("bullet", "number")
        if lines and not (in_list and previous is not None and previous.kind in ("bullet", "number")):
            lines.append("")
        lines.extend(_block_lines(block))
        previous = block
    return "\n".join(lines).strip()


def _block_lines(block: Block) -> list[str]:
    if block.kind == "code":
        body = "".join(span.text for span in block.spans).strip("\n")
        fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
        return [fence, *body.split("\n"), fence]
    body = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                           else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                           "".join(_span(span) for span in block.spans).strip())
    if block.kind == "bullet":
        return ["    " * block.depth + "- " + body]
    if block.kind == "number":
        return ["    " * block.depth + "1. " + body]
    if block.kind == "quote":
        return ["> " + body]
    if block.kind == "heading":
        return [f"**{body}**"]
    return [body]


def _span(span: Span) -> str:
    if span.text == "\n":
        return " "
    core = span.text
    lead, trail = core[:len(core) - len(core.lstrip())], core[len(core.rstrip()):]
    core = " ".join(core.split())
    if not core:
        return " " if span.text else ""
    if span.code:
        fence = "`" * (max((len(run) for run in re.findall(r"`+", core)), default=0) + 1)
        core = f"{fence} {core} {fence}" if core.startswith("`") or core.endswith("`") else f"{fence}{core}{fence}"
    else:
        core = _INLINE.sub(r"\\\1", core)
    if span.bold and span.italic:
        core = f"***{core}***"
    elif span.bold:
        core = f"**{core}**"
    elif span.italic:
        core = f"*{core}*"
    if span.href:
        target = "".join(f"%{ord(char):02X}" if char in " <>()" else char for char in span.href)
        core = f"[{core}]({target})"
    return (" " if lead else "") + core + (" " if trail else "")


def cell(value: str) -> str:
    """Plain text for a table cell: one line."""
    return text(" ".join(value.split()))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] = ()) -> list[str]:
    """A pipe table; cells must already be escaped and on one line."""
    marks = [{"r": "---:", "c": ":---:"}.get(a, "---") for a in (list(align) + ["l"] * len(headers))[:len(headers)]]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines + [""]


def clause_lines(value: str) -> list[str]:
    """Clause text as Markdown blocks: paragraphs, and list items that keep their label ("a.")."""
    out: list[str] = []
    for block in parse_blocks(value):
        if isinstance(block, Paragraph):
            out += [text(" ".join(value[block.start:block.end].split())), ""]
            continue
        for depth, item in flat_items(block.items):
            words = " ".join(value[item.start:item.end].split())
            out.append(f"{'  ' * depth}- {text(f'{item.label} {words}' if item.label else words)}")
        out.append("")
    return out


def diff_lines(diff: TextDiff, lang: str) -> list[str]:
    """A readable diff in Markdown: ~~removed~~ and **added** words, unchanged stretches counted."""
    out: list[str] = []
    for piece in diff.pieces:
        if isinstance(piece, DiffGap):
            out += [f"*{text(t('text.unchanged_words', lang, count=piece.words))}*", ""]
            continue
        runs = [text(run.text) if run.kind == "same" else f"~~{text(run.text)}~~" if run.kind == "removed"
                else f"**{text(run.text)}**" for run in piece.runs]
        out += [" ".join(([text(piece.label)] if piece.label else []) + runs), ""]
    return out


def quoted(lines: list[str]) -> list[str]:
    return [f"> {line}".rstrip() for line in lines]


def write_markdown(briefing: Briefing) -> str:
    return "\n".join(_Writer(briefing).lines()).rstrip("\n") + "\n"


class _Writer:
    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.lang = briefing.lang

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def lines(self) -> list[str]:
        out = self.cover() + self.contents() + self.change_list() + self.method() + self.summary()
        for section in self.b.sections:
            out += self.topic(section)
        return out + self.documents() + self.matrix() + self.changes() + self.gaps()

    def cover(self) -> list[str]:
        c = self.b.cover
        rows = [
            (self.t("briefing.language"), cell(c.language)),
            (self.t("label.publisher"), f"{cell(c.publisher.text)} <{c.publisher.url}>"),
            (self.t("briefing.content_date"), f"{cell(c.content_date)} ({cell(self.t('briefing.content_date_note'))})"),
            (self.t("label.fingerprint"), f"`{c.fingerprint}`"),
            (self.t("briefing.topics_covered"), cell(", ".join(c.topics) or self.t("label.none"))),
            *([(self.t("briefing.scope"), cell("; ".join(c.scope)))] if c.scope else []),
        ]
        out = [f"# {text(c.site_title)}", "", f"**{text(c.subtitle)}**", ""]
        out += table(["", ""], [(f"**{cell(k)}**", v) for k, v in rows])
        out += [text(self.t("briefing.fingerprint_note")), ""]
        if c.drafts:
            out += [f"**{text(self.t('briefing.drafts_included'))}**", ""]
        out += [f"**{text(self.t('briefing.claims_by_rating'))}**", ""]
        counts = [(cell(rc.label), str(rc.count)) for rc in c.rating_counts]
        counts.append((f"**{cell(self.t('briefing.total'))}**", f"**{c.total}**"))
        return out + table([cell(self.t("label.rating")), cell(self.t("label.claims"))], counts, "lr")

    def contents(self) -> list[str]:
        out = [f"## {text(self.t('briefing.contents'))}", ""]
        for entry in self.b.outline:
            indent = "  " * (entry.level - 1)
            out.append(f"{indent}- {entry.number + ' ' if entry.number else ''}{cell(entry.text)}")
        return out + [""]

    def change_list(self) -> list[str]:
        """A since-briefing opens with its changes: date, kind, what, and the claim's number when detailed."""
        changes = self.b.changes
        if changes is None:
            return []
        out = [f"## {text(changes.title)}", "", text(changes.intro), ""]
        if not changes.items:
            return out + [text(self.t("briefing.no_changes_since")), ""]
        for item in changes.items:
            number = f"{item.number} " if item.number else ""
            out.append(f"- **{cell(item.date)}** · {cell(item.kind_label)}: {number}{cell(item.text)}")
            if item.note:
                out += ["", *("  " + line if line else "" for line in content(item.note).splitlines()), ""]
        return out + [""]
    def method(self) -> list[str]:
        mt = self.b.method
        if mt is None:
            return []
        out = [f"## {text(mt.title)}", ""]
        if mt.about:
            out += [content(mt.about), ""]
        out += [f"### {text(mt.ratings_title)}", ""]
        out += table([cell(self.t("label.rating")), ""], [(f"**{cell(d.label)}**", cell(d.definition)) for d in mt.ratings])
        out += [text(mt.scale_note), ""]
        for heading, paragraphs in mt.sections:
            out += [f"### {text(heading)}", ""]
            for paragraph in paragraphs:
                out += [text(paragraph), ""]
        return out + [f"{text(mt.contact_label)} <{mt.contact.url}>" if mt.contact else "", ""]

    def summary(self) -> list[str]:
        out = [f"## {text(self.t('briefing.summary'))}", "", text(self.t("briefing.summary_intro")), ""]
        if not self.b.summary:
            return out + [text(self.t("briefing.no_claims_at_all")), ""]
        headers = [self.t("briefing.number"), self.t("label.claim"), self.t("label.claimant"), self.t("label.rating"),
                   self.t("briefing.key_clauses")]
        rows = []
        for c in self.b.summary:
            clauses = "; ".join(f"{cell(k.document)}, {cell(self.t('briefing.version_of', version=k.version))}: "
                                f"{cell(', '.join(k.clauses))}" for k in c.key_clauses)
            rows.append((c.number, cell(c.text) + self.flags(c), cell(c.claimant), cell(c.rating_label), clauses))
        return out + table([cell(h) for h in headers], rows)

    def flags(self, c: ClaimEntry) -> str:
        flags = [self.t("status.draft")] if c.draft else []
        if c.needs_review:
            flags.append(self.t("label.needs_review"))
        return "".join(f" **\\[{cell(f)}\\]**" for f in flags)

    def topic(self, section: TopicSection) -> list[str]:
        out = [f"## {section.number} {text(section.title)}", "", content(section.summary), ""]
        if not section.claims:
            out += [f"*{text(self.t('briefing.no_claims'))}*", ""]
        for c in section.claims:
            out += self.claim(c)
        return out

    def claim(self, c: ClaimEntry) -> list[str]:
        meta = " · ".join([f"**{text(self.t('label.rating'))}:** {text(c.rating_label)}{self.flags(c)}",
                           f"**{text(self.t('label.claimant'))}:** {text(c.claimant)}",
                           f"**{text(self.t('label.reviewed'))}:** {text(c.reviewed)}",
                           f"**{text(self.t('briefing.claim_id'))}:** `{c.id}`"])
        out = [f"### {c.number} {text(c.text)}", "", meta, "", f"#### {text(self.t('briefing.assertion'))}", "",
               text(c.asserted), ""]
        for ref in c.asserted_in:
            out += self.reference(ref)
        out += [f"#### {text(self.t('label.assessment'))}", "", content(c.assessment), "",
                f"#### {text(self.t('label.evidence'))}", ""]
        for ref in c.evidence:
            out += self.reference(ref)
        out += [f"#### {text(self.t('label.regulations'))}", ""]
        for ref in c.regulations:
            out += self.reference(ref)
        if not c.regulations:
            out += [f"*{text(self.t('briefing.no_regulations'))}*", ""]
        if c.corrections:
            out += [f"#### {text(self.t('claim.corrections'))}", ""]
            out += [f"- **{text(k.date)}**: {' '.join(content(k.note).split())}" for k in c.corrections] + [""]
        out += [f"#### {text(self.t('label.questions'))}", ""]
        out += [f"{i}. {cell(q)}" for i, q in enumerate(c.questions, start=1)]
        return out + ([""] if c.questions else [f"*{text(self.t('briefing.no_questions'))}*", ""])

    def reference(self, r: CitedClause) -> list[str]:
        current = f" ({text(self.t('briefing.current'))})" if r.current else ""
        out = [f"**{text(r.document)}** ({text(r.kind)}), {text(self.t('briefing.version_of', version=r.version))}"
               f"{current}: **{text(r.clause)}**", ""]
        if r.in_force:
            effective = f" ({text(self.t('label.effective'))}: {text(r.effective)})" if r.effective else ""
            out += [f"*{text(r.in_force)}*{effective}", ""]
        if r.quote:
            out += [f"> “{cell(r.quote)}”", ""]
        if r.note:
            out += [content(r.note), ""]
        sources = [f"{text(self.t('label.source'))}: <{r.source.url}>"]
        if r.archived:
            sources.append(f"{text(self.t('label.archived_copy'))}: <{r.archived.url}>")
        sources += [f"{text(self.t('label.retrieved'))}: {text(r.retrieved)}", f"`{r.raw}`"]
        out += [" · ".join(sources), ""]
        if r.pinned:
            out += [f"> {cell(r.pinned)}", ""]
            if r.current_diff:
                counts = self.t("text.diff_counts", removed=r.current_diff.removed_words,
                                added=r.current_diff.added_words)
                out[-1:] = [">"] + quoted([f"**{text(self.t('text.changes'))}** ({text(counts)})", "",
                                           *diff_lines(r.current_diff, self.lang)])[:-1] + [""]
            elif r.current_text:
                out[-1:] = [">"] + quoted(self.texts(None, r.current_text)) + [""]
        if r.review:
            out += [f"> **{text(self.t('label.needs_review').upper())}:** {cell(r.review.notice)}", ">"]
            if r.review.diff:
                counts = self.t("text.diff_counts", removed=r.review.diff.removed_words, added=r.review.diff.added_words)
                out += quoted([f"**{text(self.t('text.changes'))}** ({text(counts)})", "",
                               *diff_lines(r.review.diff, self.lang)])[:-1] + [""]
            else:
                out += quoted(self.texts(r.review.old_text or "", None if r.review.removed else r.review.new_text or ""))
                out += [""]
        return out

    def documents(self) -> list[str]:
        part = self.b.appendices.documents
        out = [f"## {text(part.title)}", ""]
        headers = [cell(self.t(k)) for k in ("label.version", "label.effective", "label.retrieved", "label.source",
                                             "briefing.cited_by")]
        for d in part.documents:
            meta = [f"{self.t('briefing.kind')}: {d.kind}", f"{self.t('label.publisher')}: {d.publisher}",
                    f"{self.t('briefing.original_language')}: {d.original_language}"]
            if d.repealed:
                meta.append(f"{self.t('briefing.repealed')}: {d.repealed}")
            out += [f"### {text(d.title)}", "", " · ".join(text(m) for m in meta), ""]
            rows = []
            for v in d.versions:
                label = cell(v.label) + (f" ({cell(self.t('briefing.current'))})" if v.current else "")
                source = f"<{v.source.url}>" + (f" ({cell(self.t('label.archived_copy'))}: <{v.archived.url}>)"
                                                 if v.archived else "")
                rows.append((label, cell(v.effective or "—"), cell(v.retrieved), source, ", ".join(v.cited_by) or "—"))
            out += table(headers, rows)
        return out if part.documents else out + [text(self.t("label.none")), ""]

    def matrix(self) -> list[str]:
        part = self.b.appendices.matrix
        legend = " · ".join(f"**{text(abbr)}** {text(meaning)}" for abbr, meaning in part.legend)
        out = [f"## {text(part.title)}", "", text(part.intro), "", f"**{text(self.t('briefing.legend'))}:** {legend}", ""]
        for group in part.groups:
            out += [f"### {text(group.title)}", ""]
            for panel in group.panels:
                out += self.matrix_panel(panel)
            if not group.panels:
                out += [text(self.t("briefing.matrix_none")), ""]
        return out

    def matrix_panel(self, panel: MatrixPanel) -> list[str]:
        rows: list[Sequence[str]] = []
        for block in panel.blocks:
            rows.append([f"**{cell(block.document)}**", "", *([""] * len(panel.columns))])
            rows.extend([cell(row.label), str(row.count), *(cell(v) for v in row.cells)] for row in block.rows)
        header = [cell(self.t("label.clause")), cell(self.t("briefing.matrix_count")), *panel.columns]
        return [f"**{text(panel.caption)}**", ""] + table(header, rows, "lc" + "c" * len(panel.columns))

    def changes(self) -> list[str]:
        part = self.b.appendices.changes
        out = [f"## {text(part.title)}", "", text(part.intro), ""]
        for group in part.groups:
            out += [f"### {text(group.document)}: {text(group.versions)}", ""]
            for ch in group.changes:
                affected = ", ".join(ch.affected) or self.t("label.none")
                out += [f"**{text(ch.clause)}** ({text(ch.kind_label)}) · {text(self.t('briefing.affected_claims'))}: "
                        f"{text(affected)}", ""]
                out += self.change_text(ch)
        return out if part.groups else out + [text(self.t("briefing.no_changes")), ""]

    def change_text(self, ch: ChangeEntry) -> list[str]:
        if ch.diff:
            counts = self.t("text.diff_counts", removed=ch.diff.removed_words, added=ch.diff.added_words)
            return [f"*{text(counts)}*", "", *diff_lines(ch.diff, self.lang)]
        if ch.kind == "added":
            return self.texts(None, ch.new_text or "")
        if ch.kind == "removed":
            return self.texts(ch.old_text or "", None)
        return self.texts(ch.old_text or "", ch.new_text or "")

    def texts(self, old: str | None, new: str | None) -> list[str]:
        """Old and/or new clause text, each under its label, with paragraphs and lists."""
        out: list[str] = []
        for key, value in (("label.old_text", old), ("label.new_text", new)):
            if value is not None:
                out += [f"**{text(self.t(key))}:**", ""]
                out += clause_lines(value) if value else [text(self.t("briefing.no_text")), ""]
        return out

    def gaps(self) -> list[str]:
        part = self.b.appendices.gaps
        out = [f"## {text(part.title)}", ""]
        for gap_list in part.lists:
            out += [f"### {text(gap_list.title)}", ""]
            out += [f"- {item.number + ' ' if item.number else ''}{cell(item.text)}" for item in gap_list.items]
            out += [""] if gap_list.items else [text(self.t("label.none")), ""]
        return out
