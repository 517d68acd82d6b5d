"""Issue 9, "Trust": about/, corrections/, the Atom feeds, robots.txt, withdrawn pages, canonical
URLs, ClaimReview JSON-LD and pinned references, read back from one real build of
tests/fixtures/v2 (the minimal fixture plus every v2 field), in both languages.

tests/fixtures/v2 in short: site.yml has url https://explainer.example.org/pe/, a mailto contact
and an `about`; messages-encrypted pins the 2020 policy on purpose and has a correction
(2021-02-10); limited-sharing has topics [sharing, privacy] and a correction (2021-02-05);
withdrawn-claim was withdrawn on 2021-01-20, replaced by messages-encrypted; every claim has an
editor_note holding EDITOR-ONLY-MARKER-7Q.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from generator.i18n import t
from generator.validate import load_model

from site_support import ROOT, build_env, file_for, parse_page, resolve, run_build

pytestmark = pytest.mark.slow

V2 = Path(__file__).parent / "fixtures" / "v2"
LANGS = ("id", "en")
PREFIX = {"id": "/", "en": "/en/"}
SITE_URL = "https://explainer.example.org/pe"  # site.yml `url`, which wins over mkdocs.yml site_url
MARKER = "EDITOR-ONLY-MARKER-7Q"
ATOM = "{http://www.w3.org/2005/Atom}"
RATINGS = ("supported", "partly-supported", "unsupported", "contradicted", "unverifiable")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("trust") / "content"
    shutil.copytree(V2, target)
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


def page(site: Path, lang: str, path: str):
    return parse_page(file_for(site, PREFIX[lang] + path))


def jsonld(html) -> list[dict]:
    return [json.loads(text) for attrs, text in html.scripts if attrs.get("type") == "application/ld+json"]


# --- about/ -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_about_defines_every_rating_and_says_how_to_report_an_error(site: Path, model, lang: str) -> None:
    html = page(site, lang, "about/")
    for rating in RATINGS:
        assert f"rating-{rating}" in html.ids()
        assert t(f"method.definition.{rating}", lang) in html.text
    assert model.site.about[lang].split("**")[-1].strip(", .") in html.text  # the publisher's own text, rendered
    assert html.find("strong") and "**" not in html.text
    for key in ("method.review", "method.corrections", "method.scale_note"):
        assert t(key, lang) in html.text
    assert [e.attrs["href"] for e in html.find("a", class_="pe-contact")] == ["mailto:koreksi@example.org"]
    assert {e.attrs["title"] for e in html.find("a", class_="headerlink")} == {t("site.permalink_title", lang)}
    nav = [e.attrs.get("href", "") for e in page(site, lang, "").find("a", class_="md-nav__link")]
    assert any(href.endswith("about/") for href in nav) and any(href.endswith("corrections/") for href in nav)


@pytest.mark.parametrize("lang", LANGS)
def test_every_badge_on_the_site_links_to_its_definition(site: Path, lang: str) -> None:
    about_ids = set(page(site, lang, "about/").ids())
    checked = 0
    root = site / PREFIX[lang].lstrip("/")
    for file in root.rglob("index.html"):
        relative = file.relative_to(site).parent.as_posix()
        if lang == "id" and relative.startswith("en"):
            continue
        url = "/" + (relative + "/" if relative != "." else "")
        html = parse_page(file)
        for element in html.elements:
            classes = element.attrs.get("class", "").split()
            if "pe-badge" in classes:
                rating = next(c.removeprefix("pe-badge--") for c in classes if c.startswith("pe-badge--"))
                href = element.attrs.get("href", "")
                assert element.tag == "a", f"{url}: a badge that is not a link"
                assert resolve(url, href) == PREFIX[lang] + "about/", f"{url}: badge links to {href}"
                assert href.endswith(f"#rating-{rating}") and f"rating-{rating}" in about_ids
                checked += 1
    assert checked >= 8


# --- corrections/ and feeds ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_corrections_page_lists_corrections_and_withdrawals_newest_first(site: Path, model, lang: str) -> None:
    html = page(site, lang, "corrections/")
    dates = [e.attrs["datetime"] for e in html.find("time")]
    assert dates == ["2021-02-10", "2021-02-05", "2021-01-20"]
    links = [resolve(PREFIX[lang] + "corrections/", e.attrs["href"])
             for e in html.find("a") if "claims/" in e.attrs.get("href", "")]
    assert links == [PREFIX[lang] + f"claims/{c}/" for c in ("messages-encrypted", "limited-sharing", "withdrawn-claim")]
    assert {"CORRECTION-ONE", "KOREKSI-SATU"} & set(html.text.replace(":", " ").split())
    assert model.claims_by_id["withdrawn-claim"].withdrawal.reason[lang] in html.text
    for target in links:
        assert file_for(site, target).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_feed_lists_publications_corrections_and_withdrawals_newest_first(site: Path, lang: str) -> None:
    root = ET.parse(site / PREFIX[lang].lstrip("/") / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = root.findall(f"{ATOM}entry")
    kinds = [(e.find(f"{ATOM}category").get("term"), e.find(f"{ATOM}updated").text[:10]) for e in entries]
    assert kinds == [("corrected", "2021-02-10"), ("corrected", "2021-02-05"), ("published", "2021-02-01"),
                     ("withdrawn", "2021-01-20"), ("published", "2021-01-15")]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(link.startswith(SITE_URL + PREFIX[lang]) for link in links), links
    assert SITE_URL + PREFIX[lang] + "claims/withdrawn-claim/#withdrawal" in links
    assert not any(link.endswith("claims/draft-claim/") for link in links)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:example.org,") for i in ids)
    assert root.find(f"{ATOM}updated").text == "2021-02-10T00:00:00Z"  # the newest entry, not the clock
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + PREFIX[lang] + "feed.xml"


def test_robots_txt_points_at_every_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines and f"Sitemap: {SITE_URL}/en/sitemap.xml" in lines
    assert not (site / "en" / "robots.txt").exists()  # robots.txt only means something at the host's root


# --- claims -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_withdrawn_claim_shows_withdrawal_without_rating(site: Path, model, lang: str) -> None:
    claim = model.claims_by_id["withdrawn-claim"]
    html = page(site, lang, "claims/withdrawn-claim/")
    assert t("withdrawal.title", lang, date="2021-01-20") in html.text
    assert claim.withdrawal.reason[lang] in html.text
    assert html.find("p", class_="pe-replacement")
    replacement = [resolve(PREFIX[lang] + "claims/withdrawn-claim/", e.attrs["href"])
                   for e in html.find("a") if "messages-encrypted" in e.attrs.get("href", "")]
    assert replacement == [PREFIX[lang] + "claims/messages-encrypted/"]
    assert not [e for e in html.elements if "pe-badge" in e.attrs.get("class", "")]
    assert t("rating.contradicted", lang) not in html.text
    assert not jsonld(html)
    assert t("site.claim.stale_summary_one", lang) not in html.text  # nothing left for an editor to review
    description = [e.attrs["content"] for e in html.find("meta", property="og:description")]
    assert description and t("status.withdrawn", lang) in description[0]
    assert t("rating.contradicted", lang) not in description[0]


@pytest.mark.parametrize("lang", LANGS)
def test_withdrawn_claim_is_left_out_of_search_sitemap_and_lists(site: Path, lang: str) -> None:
    folder = site / PREFIX[lang].lstrip("/")
    index = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "claims/messages-encrypted/" in locations and "claims/withdrawn-claim/" not in locations
    sitemap = (folder / "sitemap.xml").read_text("utf-8")
    assert f"{SITE_URL}{PREFIX[lang]}claims/messages-encrypted/" in sitemap
    assert "withdrawn-claim" not in sitemap
    assert "withdrawn-claim" not in gzip.decompress((folder / "sitemap.xml.gz").read_bytes()).decode()
    for path in ("topics/privacy/", "matrix/", ""):
        hrefs = [e.attrs.get("href", "") for e in page(site, lang, path).find("a")]
        assert not [h for h in hrefs if "withdrawn-claim" in h], path


@pytest.mark.parametrize("lang", LANGS)
def test_claim_with_several_topics_is_listed_on_each(site: Path, lang: str) -> None:
    for topic in ("sharing", "privacy"):
        hrefs = [e.attrs.get("href", "") for e in page(site, lang, f"topics/{topic}/").find("a")]
        assert any(h.endswith("claims/limited-sharing/") for h in hrefs), topic
    text = page(site, lang, "claims/limited-sharing/").path.read_text("utf-8")
    facts = text[text.index('class="pe-facts"'):text.index('id="assessment"')]
    topic_links = [resolve(PREFIX[lang] + "claims/limited-sharing/", href) for href in re.findall(r'href="([^"]*topics/[^"]*)"', facts)]
    assert topic_links == [PREFIX[lang] + "topics/sharing/", PREFIX[lang] + "topics/privacy/"]  # primary first


@pytest.mark.parametrize("lang", LANGS)
def test_canonical_and_hreflang_use_the_site_url(site: Path, lang: str) -> None:
    html = page(site, lang, "claims/messages-encrypted/")
    assert [e.attrs["href"] for e in html.find("link", rel="canonical")] == [f"{SITE_URL}{PREFIX[lang]}claims/messages-encrypted/"]
    alternates = {e.attrs["hreflang"]: e.attrs["href"] for e in html.find("link", rel="alternate") if "hreflang" in e.attrs}
    assert alternates == {"id": f"{SITE_URL}/claims/messages-encrypted/", "en": f"{SITE_URL}/en/claims/messages-encrypted/",
                          "x-default": f"{SITE_URL}/claims/messages-encrypted/"}


@pytest.mark.parametrize("lang", LANGS)
def test_claim_review_json_ld(site: Path, model, lang: str) -> None:
    corrected = jsonld(page(site, lang, "claims/messages-encrypted/"))
    assert len(corrected) == 1
    data = corrected[0]
    assert data["reviewRating"]["ratingValue"] == 3 and data["reviewRating"]["bestRating"] == 4
    assert data["reviewRating"]["worstRating"] == 1
    assert data["reviewRating"]["url"] == f"{SITE_URL}{PREFIX[lang]}about/#rating-partly-supported"
    assert data["publisher"]["name"] == "Test Desk" and data["dateModified"] == "2021-02-10"
    assert data["url"] == f"{SITE_URL}{PREFIX[lang]}claims/messages-encrypted/"
    # when the statement was made, not when the copy was retrieved
    assert [a["datePublished"] for a in data["itemReviewed"]["appearance"]] == ["2021-01-12"]
    unverifiable = jsonld(page(site, lang, "claims/limited-sharing/"))[0]["reviewRating"]
    assert unverifiable["alternateName"] == t("rating.unverifiable", lang)
    assert not {"ratingValue", "bestRating", "worstRating"} & set(unverifiable)


@pytest.mark.parametrize("lang", LANGS)
def test_corrections_and_cite_date_on_the_claim_page(site: Path, model, lang: str) -> None:
    claim = model.claims_by_id["messages-encrypted"]
    html = page(site, lang, "claims/messages-encrypted/")
    assert "corrections" in html.ids() and "correction-1" in html.ids()
    assert claim.corrections[0].note[lang].split(":")[0] in html.text
    text = html.path.read_text("utf-8")
    cite = text[text.index('id="cite"'):]
    assert "2021-02-10" in cite and "2035-01-01" not in cite  # the last correction's date, not the build's


@pytest.mark.parametrize("lang", LANGS)
def test_pinned_reference_is_shown_as_deliberate_with_the_change(site: Path, lang: str) -> None:
    html = page(site, lang, "claims/messages-encrypted/")
    assert html.find("section", class_="pe-ref--pinned")
    assert t("pinned.notice", lang, old="2020-01-01", new="2021-01-01") in html.text
    assert "We keep messages in encrypted form" in html.text  # the current text beside the old one
    assert t("label.needs_review", lang) not in html.text


# --- editor notes ---------------------------------------------------------------------------------


def _texts_of(path: Path) -> str:
    """What a reader could get out of one output file: PDF text, DOCX XML, gunzipped data, or the bytes."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages) + data.decode("latin-1")
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_editor_notes_are_published_nowhere(site: Path, content: Path, tmp_path: Path) -> None:
    assert MARKER in (content / "claims" / "withdrawn-claim.yml").read_text("utf-8")
    outputs = {f: _texts_of(f) for f in site.rglob("*") if f.is_file()}
    assert {f.suffix for f in outputs} >= {".html", ".json", ".xml", ".pdf", ".docx", ".txt"}
    assert [f for f, text in outputs.items() if MARKER in text] == []
    # the grep can fail: correction notes of the same claims do reach these outputs
    for name in ("feed.xml", "search/search_index.json", "downloads/content.json", "downloads/briefing-privacy-en.pdf",
                 "downloads/briefing-en.docx"):
        assert "CORRECTION-ONE" in outputs[site / name] or "CORRECTION-ONE" in outputs[site / "en" / name], name
    env = build_env(PYTHONPATH=str(ROOT))
    for args in (["export", "--drafts"], ["briefing", "--lang", "en", "--format", "md", "--drafts"],
                 ["briefing", "--lang", "id", "--format", "html", "--drafts"]):
        done = subprocess.run([sys.executable, "-m", "generator", *args, "--content", str(content), "-o", str(tmp_path / "out")],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        written = (tmp_path / "out").read_text("utf-8")
        assert "draft-claim" in written or "Secret draft claim" in written or "Klaim draf rahasia" in written, args
        assert MARKER not in written and MARKER not in done.stdout + done.stderr, args


@pytest.mark.parametrize("lang", LANGS)
def test_theme_strings_are_in_the_page_language(site: Path, lang: str) -> None:
    home = page(site, lang, "")
    assert [e.attrs["aria-label"] for e in home.find("nav", class_="md-header__inner")] == [t("site.ui.header", lang)]
    not_found = parse_page(site / PREFIX[lang].lstrip("/") / "404.html")
    assert t("site.ui.not_found", lang) in not_found.text
    assert {e.attrs["title"] for e in home.find("a", class_="headerlink")} <= {t("site.permalink_title", lang)}
