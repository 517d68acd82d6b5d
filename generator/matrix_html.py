"""The matrix grids as HTML, written directly (not through Jinja or Markdown).

At 1,000 claims a grid has about 100,000 cells: through a Jinja macro and Python-Markdown's
raw-HTML handling that took over a minute per language (measured: 18.7 s render + 61 s
Markdown, 8.4 MB). Here an empty cell is `<td></td>` (JavaScript finds a cell's column by its
position), the page's Markdown holds a one-line slot, and the MkDocs adapter puts the grid into
the finished page (`fill_slots`), after the search index was made, so the grid's repeated claim
texts stay out of the search index.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from .i18n import t
from .matrix import Grid, cites_law_not_in_force, mark_description, mark_symbols, needs_review, topic_ids

SLOT = '<div class="pe-mx-slot" data-pe-slot="{name}"></div>'
_SLOT = re.compile(r'<div class="pe-mx-slot" data-pe-slot="([a-z-]+)"></div>')


def slot(name: str) -> str:
    return SLOT.format(name=name)


def fill_slots(page_html: str, slots: dict[str, str]) -> str:
    """Put each grid into its slot of the finished page."""
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), page_html)


def grid_html(grid: Grid, lang: str, up: str, heading_id: str, badge: Callable[[str], str]) -> str:
    """One grid in its own scroll container: header rows (documents, clauses, counts), then topics."""
    e = html.escape
    columns = grid.columns
    out = [f'<div class="pe-mx-scroll" role="region" aria-labelledby="{heading_id}" tabindex="0">'
           f'<table class="pe-mx" data-pe-matrix="{grid.kind}"><thead><tr>'
           f'<th scope="col" rowspan="2" class="pe-mx-corner">{e(t("label.claim", lang))}</th>']
    for group in grid.column_groups:
        doc = group.document
        out.append(f'<th scope="colgroup" colspan="{len(group.columns)}" class="pe-mx-doc" data-doc="{e(doc.id)}" '
                   f'data-span="{len(group.columns)}"><a href="{up}documents/{e(doc.id)}/">{e(doc.title[lang])}</a></th>')
    out.append("</tr><tr>")
    for column in columns:
        target = f"documents/{column.document.id}/" + ("" if column.is_current else f"{column.version.label}/")
        label = f"{column.clause.number} · {column.clause.heading[lang]}" if column.clause.number \
            else column.clause.heading[lang]
        out.append(f'<th scope="col" class="pe-mx-col" data-doc="{e(column.document.id)}"><a href="{up}{e(target)}'
                   f'#{e(column.clause.id)}" title="{e(label)}">{e(column.name(lang))}</a></th>')
    out.append(f'</tr><tr class="pe-mx-counts"><th scope="row">{e(t("site.matrix.count", lang))}</th>')
    out.extend(f"<td>{column.count}</td>" for column in columns)
    out.append("</tr></thead>")
    span = len(columns) + 1
    for group in grid.row_groups:
        out.append(f'<tbody data-topic="{e(group.topic.id)}"><tr class="pe-mx-topic">'
                   f'<th scope="rowgroup" colspan="{span}">{e(group.topic.title[lang])}</th></tr>')
        for row in group.rows:
            claim = row.claim
            out.append(f'<tr data-topics="{e(" ".join(topic_ids(claim)))}" data-rating="{e(claim.rating)}" '
                       f'data-stale="{int(needs_review(claim))}" data-not-in-force="{int(cites_law_not_in_force(claim))}">'
                       f'<th scope="row"><a href="{up}claims/{e(claim.id)}/">{e(claim.claim[lang])}</a> '
                       f'{badge(claim.rating)}</th>')
            for mark in row.marks:
                if mark is None:
                    out.append("<td></td>")
                    continue
                words = e(mark_description(mark, lang))
                flags = "".join(f" pe-mx-mark--{flag}" for flag in mark.flags)
                out.append(f'<td class="pe-mx-mark{flags}" title="{words}"><span aria-hidden="true">'
                           f'{e(mark_symbols(mark, grid.kind, lang))}</span><span class="pe-sr">{words}</span></td>')
            out.append("</tr>")
        out.append("</tbody>")
    out.append("</table></div>")
    return "".join(out)
