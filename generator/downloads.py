"""Which briefing files the site offers in downloads/: the whole set and one per topic, per language.

One list, read by the pages that link to the files (`render`) and by the job that writes them
(`briefing.cache`), so a link never points at a file that was not written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import ContentModel

WHOLE_SET_FORMATS = ("pdf", "docx")
TOPIC_FORMATS = ("pdf", "docx")
WHOLE_SET_PDF_MAX_CLAIMS = 60
"""Above this many listed claims the whole set is offered as DOCX only: a PDF of hundreds of pages
is read by nobody and dominates the build (README "Briefings and build time" has the figures)."""


@dataclass(frozen=True)
class BriefingFile:
    name: str  # file name in downloads/
    lang: str
    fmt: str
    topic: str | None  # None: the whole set

    @property
    def topics(self) -> tuple[str, ...]:
        return () if self.topic is None else (self.topic,)


def briefing_files(model: ContentModel, formats: Sequence[str], drafts: bool = False) -> tuple[BriefingFile, ...]:
    """The whole set in each language, then each topic that has claims; only formats in `formats`."""
    whole = [fmt for fmt in WHOLE_SET_FORMATS if fmt in formats]
    if len(model.listed_claims(drafts)) > WHOLE_SET_PDF_MAX_CLAIMS:
        whole = [fmt for fmt in whole if fmt != "pdf"]
    files = [BriefingFile(f"briefing-{lang}.{fmt}", lang, fmt, None) for fmt in whole for lang in model.site.languages]
    for topic in model.topics:
        if model.claims_of_topic(topic.id, drafts):
            files += [BriefingFile(f"briefing-{topic.id}-{lang}.{fmt}", lang, fmt, topic.id)
                      for fmt in TOPIC_FORMATS if fmt in formats for lang in model.site.languages]
    return tuple(files)
