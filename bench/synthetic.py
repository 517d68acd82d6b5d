"""Synthetic content for benchmarks: N claims over a fixed set of documents, valid by construction."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

RATINGS = ["supported", "partly-supported", "unsupported", "contradicted", "unverifiable"]
WORDS_EN = ("data message account contact group business payment location device backup server "
            "encryption partner advertising profile status call media shop catalogue").split()
WORDS_ID = ("data pesan akun kontak grup bisnis pembayaran lokasi perangkat cadangan server "
            "enkripsi mitra iklan profil status panggilan media toko katalog").split()
TOPICS = 8
CLAUSES = 40


def _sentence(rng: random.Random, words: list[str], n: int = 12) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def _l10n(rng: random.Random, n: int = 12) -> dict[str, str]:
    return {"id": _sentence(rng, WORDS_ID, n), "en": _sentence(rng, WORDS_EN, n)}


def _document(rng: random.Random, doc_id: str, kind: str, versions: list[str], clauses: int) -> dict:
    texts = {f"c{i}": _sentence(rng, WORDS_EN, 20) for i in range(clauses)}
    out = []
    for v_index, label in enumerate(versions):
        if v_index:  # every later version rewrites a few clauses
            for i in range(0, clauses, 7):
                texts[f"c{i}"] = _sentence(rng, WORDS_EN, 20)
        year = 2016 + 3 * v_index
        version = {"version": label, "url": f"https://example.org/{doc_id}/{label}",
                   "retrieved": f"{year}-06-01",
                   "clauses": [{"id": cid, "number": f"Pasal {i + 1}" if kind == "regulation" else str(i + 1),
                                "heading": _l10n(rng, 3), "text": text, "summary": _l10n(rng, 10)}
                               for i, (cid, text) in enumerate(texts.items())]}
        if kind == "regulation":
            version["effective"] = f"{year}-01-01"
        out.append(version)
    return {"id": doc_id, "kind": kind, "title": _l10n(rng, 4), "publisher": "Synthetic Publisher",
            "original_language": "id" if kind == "regulation" else "en", "versions": out}


def write_synthetic_content(root: Path, claims: int, seed: int = 1) -> Path:
    """Write a content folder with `claims` published claims; returns `root`."""
    rng = random.Random(seed)
    (root / "documents").mkdir(parents=True, exist_ok=True)
    (root / "claims").mkdir(parents=True, exist_ok=True)
    dump = lambda path, data: path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    dump(root / "site.yml", {"title": {"id": "Situs Uji Beban", "en": "Load Test Site"},
                             "description": {"id": "Konten sintetis.", "en": "Synthetic content."},
                             "publisher": {"name": "Bench", "url": "https://example.org/"},
                             "languages": ["id", "en"]})
    dump(root / "topics.yml", [{"id": f"topic-{t}", "title": _l10n(rng, 2), "summary": _l10n(rng, 15)}
                               for t in range(TOPICS)])
    documents = {
        "policy": _document(rng, "policy", "company-policy", ["2016", "2019"], CLAUSES),
        "terms": _document(rng, "terms", "terms", ["2019"], CLAUSES),
        "statement": _document(rng, "statement", "statement", ["2019"], CLAUSES),
        "law-a": _document(rng, "law-a", "regulation", ["2016", "2019"], CLAUSES),
        "law-b": _document(rng, "law-b", "regulation", ["2016"], CLAUSES),
    }
    for doc_id, data in documents.items():
        dump(root / "documents" / f"{doc_id}.yml", data)
    policy_old = {c["id"]: c["text"] for c in documents["policy"]["versions"][0]["clauses"]}
    for n in range(claims):
        c = f"c{n % CLAUSES}"
        quote = " ".join(policy_old[c].rstrip(".").split()[2:6])
        folder = root / "claims" / f"topic-{n % TOPICS}"
        folder.mkdir(exist_ok=True)
        dump(folder / f"claim-{n:05d}.yml", {
            "id": f"claim-{n:05d}", "topic": f"topic-{n % TOPICS}", "status": "published",
            "claim": _l10n(rng, 16), "claimant": "Synthetic Corp", "asserted_on": "2020-03-01",
            "asserted_in": [{"ref": f"statement#{c}", "note": _l10n(rng, 8)}],
            "assessment": {"rating": RATINGS[n % len(RATINGS)], "summary": _l10n(rng, 40)},
            "evidence": [{"ref": f"policy@2016#{c}", "quote": quote, "note": _l10n(rng, 20)},
                         {"ref": f"terms#c{(n * 7) % CLAUSES}", "note": _l10n(rng, 20)}],
            "regulations": [{"ref": f"law-a#c{(n * 3) % CLAUSES}", "note": _l10n(rng, 12)},
                            {"ref": f"law-b#c{(n * 5) % CLAUSES}", "note": _l10n(rng, 12)}],
            "questions": [_l10n(rng, 10)],
            "reviewed": "2021-01-15",
        })
    return root
