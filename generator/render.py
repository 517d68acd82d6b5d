"""Render: the model in one language → the site's pages as Markdown, plus the curated navigation.

Pure: no MkDocs import, no files written. `mkdocs_plugin` hands the pages to MkDocs; tests and
other site engines can call `render_site` directly.

Escaping is on by default: every `{{ value }}` in a template goes through `escape_markdown`
unless a filter marked it as already safe (`Markup`): `h` (plain text for raw HTML), `md`
(content Markdown → safe HTML via `markup.markdown_to_html`), `raw` (values this module built,
such as paths and anchors). Content Markdown never reaches the site's own Markdown engine, so its
extensions (attr_list, md_in_html) cannot be used to inject attributes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import jinja2
from markupsafe import Markup

from .downloads import briefing_files
from .i18n import t, translator
from .markup import escape_markdown, escape_text, markdown_to_html
from .matrix import build_grids, legend as matrix_legend
from .matrix_html import grid_html, slot
from .model import Citation, Claim, Clause, ContentModel, Document, Reference, Version
from .quotes import find_quote_span
from .site_text import SiteText
from .textdiff import diff_html, text_diff
from .syndication import atom_feed, claim_review, editorial_events, robots_txt

TEMPLATES = Path(__file__).parent / "templates" / "site"
RATINGS = ("supported", "partly-supported", "unsupported", "contradicted", "unverifiable")
BRIEFING_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class RenderOptions:
    """What a page needs to know beyond the model."""

    lang: str
    build_date: dt.date  # shown in "cite this"; from SOURCE_DATE_EPOCH for reproducible builds
    site_url: str | None = None  # absolute URL of this language's root, for permalinks
    drafts: bool = False
    briefing_formats: tuple[str, ...] = BRIEFING_FORMATS  # briefing files the downloads page offers


@dataclass(frozen=True)
class RenderedPage:
    src: str  # MkDocs source path, e.g. "claims/x/index.md"
    markdown: str
    title: str  # plain text
    description: str  # plain text
    kind: str  # home | topic | claim | document | version | matrix | downloads | about | corrections
    in_nav: bool
    jsonld: str | None = None  # schema.org JSON-LD, safe to put inside <script>
    indexed: bool = True  # False: left out of the search index and the sitemap (withdrawn claims)
    searchable: bool = True  # False: left out of the search index only (a duplicate of another page)
    slots: tuple[tuple[str, str], ...] = ()  # (name, HTML) put into the finished page (matrix_html.fill_slots)

    @property
    def url(self) -> str:
        """The page's URL below the language prefix: "claims/x/" ("" for home)."""
        return self.src.removesuffix("index.md")


NavItem = tuple[str, "str | tuple[NavItem, ...]"]  # (title, src) or (section title, children)


@dataclass(frozen=True)
class RenderedSite:
    lang: str
    pages: tuple[RenderedPage, ...]
    nav: tuple[NavItem, ...]
    pages_by_src: dict[str, RenderedPage] = field(repr=False, compare=False, default_factory=dict)
    files: tuple[tuple[str, str], ...] = ()  # (path, text) of other files at this language's root: feed.xml...


# --- paths -----------------------------------------------------------------------------------


def claim_src(claim_id: str) -> str:
    return f"claims/{claim_id}/index.md"


def topic_src(topic_id: str) -> str:
    return f"topics/{topic_id}/index.md"


def document_src(document: Document, version: Version | None = None) -> str:
    """The current version lives at documents/<id>/, every version also at documents/<id>/<label>/."""
    return f"documents/{document.id}/index.md" if version is None else f"documents/{document.id}/{version.label}/index.md"


def reference_src(ref: Reference) -> str:
    """Where a reference's clause is shown: the named version's page, else the current page."""
    return document_src(ref.document, ref.version if ref.versioned else None)


def download_name(kind: str, lang: str | None = None) -> str:
    if kind in ("json", "csv"):
        return "content.json" if kind == "json" else "matrix.csv"
    return f"briefing-{lang}.{kind}"


# --- small pure helpers ----------------------------------------------------------------------


def highlight_quote(text: str, quote: str | None) -> Markup:
    """The clause text as HTML with the quote wrapped in <mark>."""
    span = find_quote_span(text, quote) if quote else None
    if span is None:
        return Markup(html.escape(text))
    start, end = span
    return Markup(f"{html.escape(text[:start])}<mark>{html.escape(text[start:end])}</mark>"
                  f"{html.escape(text[end:])}")


def _fragment_part(text: str) -> str:
    # Text fragments reserve '-', ',' and '&'; quote() leaves '-' alone, so encode it by hand.
    return url_quote(text, safe="").replace("-", "%2D")


def text_fragment_url(url: str, text: str | None, quote: str | None) -> str:
    """The source URL with `#:~:text=` pointing at the quote, where browsers support it."""
    span = find_quote_span(text, quote) if text and quote else None
    if span is None:
        return url
    words = text[span[0]:span[1]].split()
    directive = (_fragment_part(" ".join(words)) if len(words) <= 10
                 else f"{_fragment_part(' '.join(words[:5]))},{_fragment_part(' '.join(words[-5:]))}")
    return f"{url}{':~:' if '#' in url else '#:~:'}text={directive}"


def word_diff(old: str, new: str, removed_label: str, added_label: str) -> Markup:
    """The full word diff (every word kept) as HTML blocks: `textdiff`, the one diff of every writer."""
    return Markup(diff_html(text_diff(old, new, None), removed_label, added_label, str))


def url_target(url: str) -> Markup:
    """An http(s) URL made safe as a Markdown link target (no spaces or parentheses to break it)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"refusing non-http(s) link {url!r}")
    return Markup(url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E"))


def plain(text: str, limit: int = 200) -> str:
    """One line of plain text, shortened at a word boundary."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def json_for_script(data: Any) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- templates -------------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; handle the missing value explicitly")
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_markdown(str(value))


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined, autoescape=False,
        finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # Markdown headings end in {#anchor}; keep Jinja's comment syntax out of the way.
        comment_start_string="<#", comment_end_string="#>",
    )
    # Plain text inside the HTML of a Markdown page is still read by Markdown: `h` makes it inert to both.
    env.filters["h"] = lambda value: Markup(escape_text(value if isinstance(value, str) else str(value)))
    env.filters["md"] = lambda text: Markup(f'<div class="pe-md">{markdown_to_html(text)}</div>')
    env.filters["raw"] = Markup
    env.filters["url"] = url_target
    return env


class PageContext:
    """Helpers a template needs that depend on where the page is: links, badges, labels."""

    def __init__(self, model: ContentModel, options: RenderOptions, src: str) -> None:
        self.model, self.options, self.src, self.lang = model, options, src, options.lang
        self.t = translator(options.lang)
        self.up = "../" * src.count("/")

    def link(self, target_src: str, anchor: str | None = None) -> Markup:
        """Relative link from this page to another page's source file (MkDocs validates it).

        Up to the root and down again: every source path is short and fixed, and this is
        called tens of thousands of times on a large site (posixpath.relpath is slow).
        """
        return Markup(self.up + target_src + (f"#{anchor}" if anchor else ""))

    def href(self, target_src: str, anchor: str | None = None) -> Markup:
        """The same link as a URL, for raw HTML blocks (MkDocs rewrites .md links only in Markdown)."""
        return Markup(html.escape(self.up + target_src.removesuffix("index.md") + (f"#{anchor}" if anchor else "")))

    def download(self, name: str) -> Markup:
        """Relative URL of a file in the site-wide downloads/ folder (one copy for both languages)."""
        depth = self.src.count("/")
        up = "../" * depth + ("" if self.lang == self.model.site.default_language else "../")
        return Markup(html.escape(f"{up}downloads/{name}"))

    def badge(self, rating: str, count: int | None = None) -> Markup:
        """The rating as a badge that links to its definition on about/ (directory URLs, like `download`)."""
        label = html.escape(t(f"rating.{rating}", self.lang)) + (f": {count}" if count is not None else "")
        title = html.escape(t("about.rating_link", self.lang), quote=True)
        return Markup(f'<a class="pe-badge pe-badge--{rating}" href="{self.up}about/#rating-{rating}" title="{title}">'
                      f'<span class="pe-badge__icon" aria-hidden="true"></span>{label}</a>')

    def clause_label(self, clause: Clause) -> str:
        heading = clause.heading[self.lang]
        return f"{clause.number} · {heading}" if clause.number else heading

    def window(self, document: Document, version: Version) -> str:
        start, end = document.in_force_window(version)
        if start is None:
            return ""
        if end is None:
            return self.t("site.document.from", start=start.isoformat())
        return self.t("site.document.from_until", start=start.isoformat(), end=end.isoformat())

    @cached_property
    def listed_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.model.listed_claims(self.options.drafts))

    def citations(self, clause: Clause) -> tuple[Citation, ...]:
        """model.citations, with the set of listed claims computed once per page, not per clause."""
        return tuple(cit for cit in self.model.backlinks.get(clause.key, ()) if cit[0].id in self.listed_ids)


def _render(template: str, context: PageContext, **values: Any) -> str:
    return environment().get_template(template).render(
        c=context, t=context.t, tr=t, lang=context.lang, model=context.model, site=context.model.site,
        options=context.options, highlight=highlight_quote, fragment_url=text_fragment_url,
        reference_src=reference_src, document_src=document_src, claim_src=claim_src, topic_src=topic_src,
        download_name=download_name, briefing_files=briefing_files, word_diff=word_diff, ratings=RATINGS,
        text=SiteText(context.lang, quote_spans), **values)


def quote_spans(text: str, quote: str | None) -> list[tuple[int, int]]:
    """Where `quote` lies in `text` (empty when absent), for highlighting across paragraphs."""
    span = find_quote_span(text, quote) if quote else None
    return [span] if span else []


# --- pages -----------------------------------------------------------------------------------


def render_site(model: ContentModel, options: RenderOptions) -> RenderedSite:
    """Every page of one language, in a stable order, and the curated navigation."""
    pages: list[RenderedPage] = [home_page(model, options)]
    pages += [topic_page(model, options, topic.id) for topic in model.topics]
    pages += [claim_page(model, options, claim) for claim in model.page_claims(options.drafts)]
    pages.append(documents_page(model, options))
    for document in model.documents:
        pages.append(document_page(model, options, document, None))
        pages += [document_page(model, options, document, version) for version in document.versions]
    pages += [matrix_page(model, options), downloads_page(model, options)]
    pages += [about_page(model, options), corrections_page(model, options)]
    files = [("feed.xml", atom_feed(model, options.lang, options.site_url, options.drafts))]
    if options.lang == model.site.default_language:
        root = options.site_url.rstrip("/") + "/" if options.site_url else None
        files.append(("robots.txt", robots_txt([root] + [root and f"{root}{lang}/" for lang in model.site.languages[1:]])))
    return RenderedSite(options.lang, tuple(pages), navigation(model, options.lang), {p.src: p for p in pages},
                        tuple(files))


def navigation(model: ContentModel, lang: str) -> tuple[NavItem, ...]:
    """A short sidebar: claim and version pages stay out of it (every page repeats the sidebar)."""
    return (
        (t("site.nav.home", lang), "index.md"),
        (t("site.nav.topics", lang), tuple((topic.title[lang], topic_src(topic.id)) for topic in model.topics)),
        (t("site.nav.documents", lang), "documents/index.md"),
        (t("site.nav.matrix", lang), "matrix/index.md"),
        (t("site.nav.downloads", lang), "downloads/index.md"),
        (t("corrections.title", lang), "corrections/index.md"),
        (t("about.title", lang), "about/index.md"),
    )


def home_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    ctx = PageContext(model, options, "index.md")
    lang = options.lang
    topics = [(topic, model.claims_of_topic(topic.id, options.drafts)) for topic in model.topics]
    counts = [(topic, len(claims), [(r, sum(c.rating == r for c in claims)) for r in RATINGS]) for topic, claims in topics]
    markdown = _render("home.md.j2", ctx, topics=counts)
    return RenderedPage("index.md", markdown, model.site.title[lang], plain(model.site.description[lang]), "home", True)


def topic_page(model: ContentModel, options: RenderOptions, topic_id: str) -> RenderedPage:
    src = topic_src(topic_id)
    topic = model.topics_by_id[topic_id]
    ctx = PageContext(model, options, src)
    markdown = _render("topic.md.j2", ctx, topic=topic, claims=model.claims_of_topic(topic_id, options.drafts))
    return RenderedPage(src, markdown, topic.title[options.lang], plain(topic.summary[options.lang]), "topic", True)


def claim_page(model: ContentModel, options: RenderOptions, claim: Claim) -> RenderedPage:
    src = claim_src(claim.id)
    ctx = PageContext(model, options, src)
    lang = options.lang
    permalink = f"{options.site_url.rstrip('/')}/claims/{claim.id}/" if options.site_url else None
    # The date a reader cites is the date the claim last changed (review or correction), not the build's.
    citation = t("site.claim.citation", lang, publisher=model.site.publisher_name, claim=claim.claim[lang].rstrip(),
                 site=model.site.title[lang], date=claim.modified.isoformat(),
                 url=permalink or f"claims/{claim.id}/", fingerprint=claim.fingerprint)
    markdown = _render("claim.md.j2", ctx, claim=claim, topics=[model.topics_by_id[i] for i in claim.topic_ids],
                       permalink=permalink, citation=citation,
                       replacement=model.claims_by_id.get(claim.withdrawal.replaced_by or "") if claim.withdrawal else None)
    withdrawn = claim.status == "withdrawn"
    verdict = t("status.withdrawn", lang) if withdrawn else t(f"rating.{claim.rating}", lang)
    description = plain(f"{verdict}: {claim.claim[lang]} — {claim.claimant}")
    about_url = f"{options.site_url.rstrip('/')}/about/" if options.site_url else None
    review = claim_review(model, lang, claim, permalink, about_url)
    return RenderedPage(src, markdown, plain(claim.claim[lang], 120), description, "claim", False,
                        json_for_script(review) if review else None, indexed=not withdrawn)


def document_page(model: ContentModel, options: RenderOptions, document: Document, version: Version | None) -> RenderedPage:
    """A document at one version; `None` is the current version at the document's own URL."""
    src = document_src(document, version)
    shown = version or document.current
    ctx = PageContext(model, options, src)
    changes = {change.clause_id: change for change in model.changes(document, shown)}
    index = document.versions.index(shown)
    previous = document.versions[index - 1] if index else None
    lang = options.lang
    current = shown is document.current
    # The version in the title and the heading: search results then tell the versions apart.
    title = t("text.title_current" if current else "text.title_version", lang, title=document.title[lang],
              version=shown.label)
    markdown = _render("document.md.j2", ctx, document=document, version=shown, changes=changes, previous=previous,
                       removed=[c for c in changes.values() if c.kind == "removed"], page_title=title)
    description = plain(f"{t(f'kind.{document.kind}', lang)}, {document.publisher}: {document.title[lang]}")
    # documents/<id>/<current label>/ repeats documents/<id>/: one search result per document version
    return RenderedPage(src, markdown, title, description, "document" if version is None else "version", False,
                        searchable=version is None or not current)


def documents_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    """Every document, grouped by kind (policies first, regulations last), at documents/."""
    src = "documents/index.md"
    order = ("company-policy", "terms", "statement", "news", "other", "regulation")
    groups = [(kind, [d for d in model.documents if d.kind == kind]) for kind in order]
    markdown = _render("documents.md.j2", PageContext(model, options, src), groups=[g for g in groups if g[1]])
    lang = options.lang
    return RenderedPage(src, markdown, t("label.documents", lang), t("label.documents", lang), "documents", True)


def matrix_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    """Two grids (law, policy) of claims × cited clauses, with filters; see `generator.matrix`."""
    src = "matrix/index.md"
    ctx = PageContext(model, options, src)
    claims = model.listed_claims(options.drafts)
    law, policy = build_grids(model, claims)
    markdown = _render("matrix.md.j2", ctx, law=law, policy=policy, total=len(claims), slot=slot,
                       legend=matrix_legend, uncited=model.uncited_articles(options.drafts),
                       without_regulation=model.claims_without_regulation(options.drafts))
    slots = tuple((grid.kind, grid_html(grid, options.lang, ctx.up, f"{grid.kind}-grid", ctx.badge))
                  for grid in (law, policy) if grid.columns)
    lang = options.lang
    return RenderedPage(src, markdown, t("label.matrix", lang), t("site.matrix.intro", lang), "matrix", True,
                        slots=slots)


def downloads_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    src = "downloads/index.md"
    ctx = PageContext(model, options, src)
    markdown = _render("downloads.md.j2", ctx)
    lang = options.lang
    return RenderedPage(src, markdown, t("site.nav.downloads", lang), plain(t("site.downloads.intro", lang)), "downloads", True)


def about_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    """Who publishes, the rating definitions (built in), how claims are reviewed and corrected, the contact."""
    src = "about/index.md"
    markdown = _render("about.md.j2", PageContext(model, options, src))
    lang = options.lang
    return RenderedPage(src, markdown, t("about.title", lang), plain(t("method.scale_note", lang)), "about", True)


def corrections_page(model: ContentModel, options: RenderOptions) -> RenderedPage:
    """Every correction and withdrawal, newest first, each linking to its claim."""
    src = "corrections/index.md"
    events = editorial_events(model, options.drafts, kinds=("corrected", "withdrawn"))
    markdown = _render("corrections.md.j2", PageContext(model, options, src), events=events)
    lang = options.lang
    return RenderedPage(src, markdown, t("corrections.title", lang), t("corrections.intro", lang), "corrections", True)


def error_page(messages: list[str], lang: str) -> RenderedPage:
    """Shown by `serve` while the content has errors, so the preview keeps running."""
    items = "\n".join(f"<li><code>{html.escape(m)}</code></li>" for m in messages)
    markdown = (f"# {escape_markdown(t('site.errors.title', lang))}\n\n<p>{html.escape(t('site.errors.intro', lang))}</p>\n\n"
                f'<ul class="pe-errors">\n{items}\n</ul>\n')
    return RenderedPage("index.md", markdown, t("site.errors.title", lang), "", "home", True)

