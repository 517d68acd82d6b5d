"""The editorial record, feed, robots.txt and ClaimReview without a build: the cases a site build
on the fixtures does not reach (no known URL, the same feed twice, ties on one date)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.syndication import RATING_SCALE, atom_feed, claim_review, editorial_events, robots_txt
from generator.validate import load_model

V2 = Path(__file__).parent / "fixtures" / "v2"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def model():
    return load_model(V2)


def test_events_are_newest_first_and_withdrawn_claims_are_not_republished(model) -> None:
    events = [(e.kind, e.claim.id, e.date.isoformat()) for e in editorial_events(model)]
    assert events == [("corrected", "messages-encrypted", "2021-02-10"), ("corrected", "limited-sharing", "2021-02-05"),
                      ("published", "limited-sharing", "2021-02-01"), ("withdrawn", "withdrawn-claim", "2021-01-20"),
                      ("published", "messages-encrypted", "2021-01-15")]
    with_drafts = {e.claim.id for e in editorial_events(model, drafts=True)}
    assert "draft-claim" in with_drafts and "draft-claim" not in {e.claim.id for e in editorial_events(model)}


def test_feed_without_a_known_url_links_relative_to_itself(model) -> None:
    feed = atom_feed(model, "en", None)
    root = ET.fromstring(feed)
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert links[0] == "claims/messages-encrypted/#correction-1" and all("//" not in link for link in links)
    assert root.find(f"{ATOM}id").text.startswith("tag:example.org,")
    assert feed == atom_feed(model, "en", None)  # nothing depends on the clock


def test_robots_txt_without_a_url_names_no_sitemap() -> None:
    assert robots_txt([None, None]) == "User-agent: *\nAllow: /\n"


def test_claim_review_scale_and_withdrawn_claims(model) -> None:
    assert claim_review(model, "en", model.claims_by_id["withdrawn-claim"], "https://x.example/c/") is None
    assert "unverifiable" not in RATING_SCALE
    assert sorted(RATING_SCALE, key=RATING_SCALE.get) == ["contradicted", "unsupported", "partly-supported", "supported"]
    review = claim_review(model, "id", model.claims_by_id["messages-encrypted"], None)
    assert review is not None and "url" not in review and review["dateModified"] == "2021-02-10"
