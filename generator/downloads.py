"""Which briefing files the site offers in downloads/: the whole set and one per topic, per language.

One list, read by the pages that link to the files (`render`) and by the job that writes them
(`briefing.cache`), so a link never points at a file that was not written.

The whole set is one document per language (PDF and DOCX) while the site lists at most
WHOLE_SET_DOCUMENT_MAX_CLAIMS claims. Above that it is one ZIP per language holding that
language's topic briefings: a single document of a thousand claims runs to some 1,500 pages,
which nobody reads, and re-rendering it after every edit made it most of the build (README
"Briefings and build time" has the figures). `python -m generator briefing` still writes one
document of everything on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import ContentModel

WHOLE_SET_FORMATS = ("pdf", "docx")
TOPIC_FORMATS = ("pdf", "docx")
WHOLE_SET_DOCUMENT_MAX_CLAIMS = 60
BUNDLE = "zip"  # the whole set of a large site: the language's topic briefings in one archive


@dataclass(frozen=True)
class BriefingFile:
    name: str  # file name in downloads/
    lang: str
    fmt: str  # "pdf", "docx", or BUNDLE
    topic: str | None  # None: the whole set
    members: tuple[str, ...] = ()  # a bundle's files, in the order they are archived

    @property
    def topics(self) -> tuple[str, ...]:
        return () if self.topic is None else (self.topic,)


def briefing_files(model: ContentModel, formats: Sequence[str], drafts: bool = False) -> tuple[BriefingFile, ...]:
    """The whole set in each language, then each topic that has claims; only formats in `formats`.

    A bundle comes after the files it holds, so whoever writes the files in order can archive them.
    """
    languages = model.site.languages
    topics = [BriefingFile(f"briefing-{topic.id}-{lang}.{fmt}", lang, fmt, topic.id)
              for topic in model.topics if model.claims_of_topic(topic.id, drafts)
              for fmt in TOPIC_FORMATS if fmt in formats for lang in languages]
    if len(model.listed_claims(drafts)) <= WHOLE_SET_DOCUMENT_MAX_CLAIMS:
        whole = [BriefingFile(f"briefing-{lang}.{fmt}", lang, fmt, None)
                 for fmt in WHOLE_SET_FORMATS if fmt in formats for lang in languages]
        return (*whole, *topics)
    bundles = [BriefingFile(f"briefing-{lang}.{BUNDLE}", lang, BUNDLE, None,
                            tuple(f.name for f in topics if f.lang == lang)) for lang in languages]
    return (*topics, *(b for b in bundles if b.members))
