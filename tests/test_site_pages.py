"""Issue 3: the built site, read back as HTML. One real build of the minimal fixture (plus one
claim full of characters that must be escaped) serves the whole module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.export import export_content
from generator.i18n import t
from generator.validate import load_model

from site_support import ParsedPage, file_for, parse_page, resolve, run_build

pytestmark = pytest.mark.slow

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
LANGS = ("id", "en")
PREFIX = {"id": "/", "en": "/en/"}  # the minimal fixture lists id first
SITE_URL = "https://example.org"  # mkdocs.yml site_url (the minimal fixture's site.yml has no `url`)
HOSTILE = """\
id: odd-characters
topic: privacy
status: published
claim: {id: "Klaim <script>alert(1)</script> & {: onclick=alert(2) } *bukan tebal*", en: "Claim <script>alert(1)</script> & {: onclick=alert(2) } *not bold*"}
claimant: "Acme <b>&amp;</b> Co"
asserted_in:
  - ref: acme-statement#encrypted
assessment:
  rating: supported
  summary:
    id: "Teks biasa.\\n{: onclick=\\"alert(3)\\" }"
    en: "Plain text.\\n{: onclick=\\"alert(3)\\" }"
evidence:
  - ref: acme-policy#ads
    quote: "may personalise"
    note: {id: Iklan., en: Ads.}
reviewed: 2021-02-02
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pages") / "content"
    shutil.copytree(MINIMAL, target)
    (target / "claims" / "odd-characters.yml").write_text(HOSTILE, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def site(content: Path) -> Path:
    site_dir = content.parent / "site"
    done = run_build(content, site_dir)
    assert done.returncode == 0, done.stderr
    return site_dir


@pytest.fixture(scope="module")
def model(content: Path):
    return load_model(content)


def contract_paths(model) -> list[str]:
    """Every path of SPEC §3 below the language prefix."""
    paths = ["", "matrix/", "downloads/"]
    paths += [f"topics/{t.id}/" for t in model.topics]
    paths += [f"claims/{c.id}/" for c in model.page_claims()]
    for document in model.documents:
        paths.append(f"documents/{document.id}/")
        paths += [f"documents/{document.id}/{v.label}/" for v in document.versions]
    return paths


def page(site: Path, lang: str, path: str) -> ParsedPage:
    return parse_page(file_for(site, PREFIX[lang] + path))


# --- every page, both languages ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_contract_page_exists_with_its_language(site: Path, model, lang: str) -> None:
    paths = contract_paths(model)
    assert "claims/withdrawn-claim/" in paths and "documents/acme-policy/2020-01-01/" in paths
    for path in paths:
        file = file_for(site, PREFIX[lang] + path)
        assert file.is_file(), f"missing {PREFIX[lang] + path}"
        html = parse_page(file)
        assert html.find("html")[0].attrs["lang"] == lang, file


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_twin_with_hreflang_and_the_switcher(site: Path, model, lang: str) -> None:
    for path in contract_paths(model):
        url = PREFIX[lang] + path
        html = parse_page(file_for(site, url))
        hrefs = {e.attrs["hreflang"]: e.attrs["href"] for e in html.find("link", rel="alternate") if "hreflang" in e.attrs}
        assert all(href.startswith(SITE_URL + "/") for href in hrefs.values()), "hreflang is absolute when the URL is known"
        alternates = {lang_: href.removeprefix(SITE_URL) for lang_, href in hrefs.items()}
        assert alternates == {"id": "/" + path, "en": "/en/" + path, "x-default": "/" + path}, url
        switcher = {e.attrs["hreflang"]: resolve(url, e.attrs["href"]) for e in html.find("a", class_="md-select__link")}
        assert switcher == {"id": "/" + path, "en": "/en/" + path}, url
        for target in alternates.values():
            assert file_for(site, target).is_file(), f"{url}: hreflang to missing {target}"


def test_each_language_has_its_own_search_index(site: Path, model) -> None:
    claim = model.claims_by_id["messages-encrypted"]
    for lang, other in (("id", "en"), ("en", "id")):
        index = json.loads((site / PREFIX[lang].lstrip("/") / "search" / "search_index.json").read_text("utf-8"))
        text = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
        assert claim.claim[lang].rstrip(".") in text
        assert claim.claim[other].rstrip(".") not in text
        assert index["config"]["lang"] == ["en"]  # lunr has no Indonesian: never `lang: id`


# --- claims -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_claim_page_shows_rating_evidence_regulations_and_cite_block(site: Path, model, lang: str) -> None:
    claim = model.claims_by_id["messages-encrypted"]
    html = page(site, lang, "claims/messages-encrypted/")
    badge = html.find("a", class_="pe-badge--partly-supported")
    assert badge and t("rating.partly-supported", lang) in html.text
    assert resolve(PREFIX[lang] + "claims/messages-encrypted/", badge[0].attrs["href"]) == PREFIX[lang] + "about/"
    assert badge[0].attrs["href"].endswith("#rating-partly-supported")
    assert html.find("span", class_="pe-badge__icon")  # an icon beside the label, not colour alone
    for anchor in ("evidence-1", "evidence-2", "regulation-1", "regulation-2", "asserted-1", "cite"):
        assert anchor in html.ids()
    # evidence 1 is pinned to 2020-01-01: its clause link goes to that version's anchor
    site_links = [e.attrs["href"] for e in html.find("a", class_="pe-ref__site")]
    assert "../../documents/acme-policy/2020-01-01/#storage" in site_links
    assert "../../documents/acme-policy/#storage" in site_links
    sources = [e.attrs["href"] for e in html.find("a", class_="pe-ref__source")]
    assert "https://example.org/policy/2020#:~:text=keep%20messages%20on%20our%20servers" in sources
    assert "https://example.org/archive/policy/2020" in [e.attrs["href"] for e in html.find("a", class_="pe-ref__archive")]
    marks = (html.path.read_text("utf-8"))
    assert "<mark>keep messages on our servers</mark>" in marks
    assert "<mark>in encrypted form</mark>" in marks  # the quote folded "in encrypted   form"
    assert t("label.in_force", lang) in html.text and t("label.not_in_force", lang) in html.text
    assert claim.questions[0][lang] in html.text
    # "cite this" gives the claim's own date (reviewed or last corrected), not the build's (2035-01-01)
    assert claim.fingerprint in html.text and claim.reviewed.isoformat() in html.text and "2035-01-01" not in html.text


@pytest.mark.parametrize("lang", LANGS)
def test_stale_reference_shows_needs_review_with_old_and_new_text(site: Path, lang: str) -> None:
    html = page(site, lang, "claims/messages-encrypted/")
    notices = html.find("div", class_="pe-notice--stale")
    assert len(notices) == 2  # the page summary and the card's own notice
    assert "We may keep messages on our servers for up to 30 days." in html.text
    assert "We keep messages in encrypted form on our servers for up to 30 days." in html.text
    gone = page(site, lang, "claims/withdrawn-claim/")
    assert t("label.clause_removed", lang, version="2021-01-01") in gone.text


@pytest.mark.parametrize("lang", LANGS)
def test_claim_review_json_ld_parses(site: Path, model, lang: str) -> None:
    claim = model.claims_by_id["messages-encrypted"]
    html = page(site, lang, "claims/messages-encrypted/")
    blocks = [text for attrs, text in html.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ClaimReview" and data["@context"] == "https://schema.org"
    assert data["claimReviewed"] == claim.claim[lang]
    assert data["reviewRating"]["alternateName"] == t("rating.partly-supported", lang)
    assert data["itemReviewed"]["appearance"][0]["url"] == "https://example.org/statement"
    assert data["author"]["name"] == "Test Desk"
    assert data["url"] == ("https://example.org/" if lang == "id" else "https://example.org/en/") + "claims/messages-encrypted/"
    og = {e.attrs["property"]: e.attrs["content"] for e in html.find("meta") if "property" in e.attrs}
    assert og["og:title"] == claim.claim[lang] and og["og:type"] == "article"


@pytest.mark.parametrize("lang", LANGS)
def test_drafts_are_absent_everywhere(site: Path, lang: str) -> None:
    assert not file_for(site, PREFIX[lang] + "claims/draft-claim/").exists()
    for file in site.rglob("*"):
        if file.suffix in (".html", ".json", ".xml"):
            text = file.read_text("utf-8")
            assert "draft-claim" not in text and "Secret draft claim" not in text, file


@pytest.mark.parametrize("lang", LANGS)
def test_withdrawn_claim_has_its_page_but_is_listed_nowhere(site: Path, model, lang: str) -> None:
    html = page(site, lang, "claims/withdrawn-claim/")
    assert t("label.withdrawn_notice", lang) in html.text
    assert not [text for attrs, text in html.scripts if attrs.get("type") == "application/ld+json"]
    for path in ["", "topics/privacy/", "matrix/", "documents/acme-policy/2020-01-01/", "documents/acme-statement/"]:
        links = [e.attrs.get("href", "") for e in page(site, lang, path).find("a")]
        assert not [h for h in links if "withdrawn-claim" in h], f"{path} lists the withdrawn claim"
        if path in ("topics/privacy/", "matrix/", "documents/acme-statement/"):  # these do list claims
            assert [h for h in links if "claims/messages-encrypted/" in h], path


# --- documents --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_document_pages_have_one_anchor_per_clause_and_backlinks_under_it(site: Path, model, lang: str) -> None:
    for document in model.documents:
        for version, path in [(document.current, f"documents/{document.id}/")] + [
                (v, f"documents/{document.id}/{v.label}/") for v in document.versions]:
            html = page(site, lang, path)
            ids = html.ids()
            clause_ids = [c.id for c in version.clauses]
            for clause in version.clauses:
                assert ids.count(clause.id) == 1, f"{path}#{clause.id}"
                start = html.index_of_id(clause.id)
                later = [html.index_of_id(c) for c in clause_ids if html.index_of_id(c) > start]
                end = min(later, default=len(html.elements))
                links = [e.attrs.get("href", "") for e in html.elements[start:end] if e.tag == "a"]
                for claim, ref in model.citations(clause):
                    assert any(h.endswith(f"claims/{claim.id}/") for h in links), f"{path}#{clause.id} → {claim.id}"
    # a clause cited only through the pinned old version has its backlink there, not on the current page
    old = page(site, lang, "documents/acme-policy/2020-01-01/")
    start = old.index_of_id("storage")
    assert any(e.attrs.get("href", "").endswith("claims/messages-encrypted/") for e in old.elements[start:])


@pytest.mark.parametrize("lang", LANGS)
def test_later_version_shows_changes_with_a_word_diff(site: Path, lang: str) -> None:
    html = page(site, lang, "documents/acme-policy/2021-01-01/")
    raw = html.path.read_text("utf-8")
    assert '<del><span class="pe-sr">' in raw and "may</del>" in raw
    assert "in encrypted form</ins>" in raw
    kinds = {e.attrs["class"] for e in html.find("span", class_="pe-change")}
    assert kinds == {"pe-change pe-change--changed", "pe-change pe-change--added", "pe-change pe-change--removed"}
    assert "_removed-retired" in html.ids()
    first = page(site, lang, "documents/acme-policy/2020-01-01/")
    assert not first.find("span", class_="pe-change")


# --- matrix, home, downloads ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_lists_policy_and_law_side_by_side_and_the_gaps(site: Path, lang: str) -> None:
    html = page(site, lang, "matrix/")
    grids = [e.attrs.get("data-pe-matrix") for e in html.find("table")]
    assert grids == ["law", "policy"]
    assert any(e.attrs.get("data-pe-matrix-filters") is not None for e in html.find("form"))
    assert "matrix.csv" in {e.attrs.get("href", "").rsplit("/", 1)[-1] for e in html.find("a") if "download" in e.attrs}
    links = [e.attrs.get("href", "") for e in html.find("a")]
    assert "../documents/test-law/2008/#pasal-1" in links  # law column
    assert "../documents/acme-policy/2020-01-01/#storage" in links  # policy column
    gaps = html.elements[html.index_of_id("uncited-articles"):]
    assert any(e.attrs.get("href") == "../documents/test-law/#pasal-2" for e in gaps)
    without = html.elements[html.index_of_id("claims-without-regulation"):]
    assert any(e.attrs.get("href") == "../claims/limited-sharing/" for e in without)


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_link_to_files_that_exist(site: Path, model, lang: str) -> None:
    for path in ("downloads/", ""):
        url = PREFIX[lang] + path
        hrefs = [e.attrs["href"] for e in page(site, lang, path).find("a") if "download" in e.attrs]
        targets = {resolve(url, h) for h in hrefs}
        assert "/downloads/content.json" in targets
        if path == "downloads/":
            assert "/downloads/matrix.csv" in targets
        for target in targets:
            assert file_for(site, target).is_file(), f"{url} links to missing {target}"
    exported = json.loads((site / "downloads" / "content.json").read_text("utf-8"))
    assert exported == json.loads(export_content(model))


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_topics_with_counts_by_rating(site: Path, lang: str) -> None:
    html = page(site, lang, "")
    assert t("site.home.what", lang) in html.text
    assert "topic-privacy" in html.ids() and "topic-empty-topic" in html.ids()
    assert html.find("a", class_="pe-badge--partly-supported")


# --- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_content_text_is_escaped_everywhere(site: Path, lang: str) -> None:
    html = page(site, lang, "claims/odd-characters/")
    raw = html.path.read_text("utf-8")
    assert "<script>alert" not in raw and "<b>&amp;" not in raw and "<b>" not in raw
    assert "onclick" not in {k for e in html.elements for k in e.attrs}
    assert "<script>alert(1)</script> & {: onclick=alert(2) } *" in html.text  # shown as written
    assert "Acme <b>&amp;</b> Co" in html.text
    assert "<em>" not in raw.split('class="md-content"')[1].split("pe-md")[0]
    for other in ("topics/privacy/", "documents/acme-policy/"):
        assert "<script>alert" not in page(site, lang, other).path.read_text("utf-8")


def test_no_asset_is_requested_from_another_host(site: Path) -> None:
    for file in site.rglob("*.html"):
        html = parse_page(file)
        for element in html.elements:
            for attr in ("src", "srcset", "data", "poster"):
                value = element.attrs.get(attr, "")
                assert "//" not in value, f"{file}: <{element.tag} {attr}={value!r}>"
            # canonical and hreflang alternates name the published URL; browsers do not fetch them
            if element.tag == "link" and element.attrs.get("rel", "").strip() not in ("canonical", "alternate"):
                href = element.attrs.get("href", "")
                assert "//" not in href, f"{file}: <link rel={element.attrs.get('rel')} href={href!r}>"
    for css in site.rglob("*.css"):
        text = css.read_text("utf-8")
        assert "@import" not in text and "url(http" not in text and "url('http" not in text and 'url("http' not in text, css


def test_claim_pages_stay_out_of_the_sidebar(site: Path) -> None:
    html = page(site, "en", "")
    nav = [e.attrs.get("href", "") for e in html.find("a", class_="md-nav__link")]
    assert not [h for h in nav if "claims/" in h]
    assert any(h.endswith("topics/privacy/") for h in nav)


def test_material_finds_a_sitemap_for_every_alternate_link_it_follows(site: Path, model) -> None:
    """Material's script fetches <href>/sitemap.xml for each link[rel=alternate] (exact match):
    none of those fetches may 404."""
    for lang in LANGS:
        for path in contract_paths(model):
            url = PREFIX[lang] + path
            for element in parse_page(file_for(site, url)).find("link"):
                if element.attrs.get("rel", "").lower() == "alternate":
                    target = resolve(url, element.attrs["href"]).rstrip("/") + "/sitemap.xml"
                    assert file_for(site, target).is_file(), f"{url}: Material would fetch missing {target}"
