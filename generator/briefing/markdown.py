"""Markdown writer: the briefing's structure as (GitHub-flavoured) Markdown, for pasting elsewhere.

Plain texts from the content are escaped, so a claim that happens to contain `*` or `|` stays
text; content Markdown (assessments, notes, topic summaries) is passed through as written, less
images and site-relative links, as in the HTML briefing.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..i18n import t
from .appendices import MatrixPanel
from .structure import Briefing, CitedClause, ClaimEntry, TopicSection

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_SITE_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\((?!\s*<?https?://)[^)]*\)")
_LINE_START = re.compile(r"^(\s*)(>|(?:[#+\-=]|\d+[.)])(?=\s|$))")


def text(value: str) -> str:
    """Plain text made inert in Markdown (inline markers escaped, no block marker at the start)."""
    escaped = _INLINE.sub(r"\\\1", value)
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2)[0].isdigit()
                                                    else m.group(2)[:-1] + "\\" + m.group(2)[-1]), escaped)


def content(markdown: str) -> str:
    """Content Markdown as the HTML briefing shows it: images become their alt text (no requests
    to other hosts), links that only make sense on the site become their text."""
    return _SITE_LINK.sub(r"\1", _IMAGE.sub(r"\1", markdown)).strip()


def cell(value: str) -> str:
    """Plain text for a table cell: one line."""
    return text(" ".join(value.split()))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] = ()) -> list[str]:
    """A pipe table; cells must already be escaped and on one line."""
    marks = [{"r": "---:", "c": ":---:"}.get(a, "---") for a in (list(align) + ["l"] * len(headers))[:len(headers)]]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines + [""]


def write_markdown(briefing: Briefing) -> str:
    return "\n".join(_Writer(briefing).lines()).rstrip("\n") + "\n"


class _Writer:
    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.lang = briefing.lang

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def lines(self) -> list[str]:
        out = self.cover() + self.contents() + self.change_list() + self.summary()
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
        if r.review:
            new = r.review.notice if r.review.removed else (r.review.new_text or self.t("briefing.no_text"))
            out += [f"> **{text(self.t('label.needs_review').upper())}:** {cell(r.review.notice)}", ">",
                    f"> **{text(self.t('label.old_text'))}:** {cell(r.review.old_text or self.t('briefing.no_text'))}",
                    ">", f"> **{text(self.t('label.new_text'))}:** {cell(new)}", ""]
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
                old = ch.old_text or ("—" if ch.kind == "added" else self.t("briefing.no_text"))
                new = ch.new_text or ("—" if ch.kind == "removed" else self.t("briefing.no_text"))
                out += table([cell(self.t("label.old_text")), cell(self.t("label.new_text"))], [(cell(old), cell(new))])
        return out if part.groups else out + [text(self.t("briefing.no_changes")), ""]

    def gaps(self) -> list[str]:
        part = self.b.appendices.gaps
        out = [f"## {text(part.title)}", ""]
        for gap_list in part.lists:
            out += [f"### {text(gap_list.title)}", ""]
            out += [f"- {item.number + ' ' if item.number else ''}{cell(item.text)}" for item in gap_list.items]
            out += [""] if gap_list.items else [text(self.t("label.none")), ""]
        return out
