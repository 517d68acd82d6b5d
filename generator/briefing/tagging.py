"""Tagged PDF across parts: one structure tree for the joined briefing (PDF/UA-1).

WeasyPrint tags each part it lays out (`pdf_variant="pdf/ua-1"`): a structure tree whose
elements point at marked content on the part's pages, and a parent tree from each page's
`/StructParents` number back to those elements. pypdf copies pages but not the structure, and
drops `/StructParents`. `StructureMerger` copies each part's elements under one `/Document`
element, renumbers the parent-tree keys of later parts, and writes the catalogue entries a
screen reader needs: `/MarkInfo /Marked true`, `/Lang`, `/DisplayDocTitle`.
"""

from __future__ import annotations

import io

import pikepdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                           PdfObject)

ARTIFACT_START, ARTIFACT_END = b"/Artifact BMC\n", b"\nEMC\n"  # running header and footer: not content


def _resolved(value: PdfObject) -> PdfObject:
    return value.get_object() if isinstance(value, IndirectObject) else value


class StructureMerger:
    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                          NameObject("/S"): NameObject("/Document"), NameObject("/K"): ArrayObject()})
        self.document_ref = writer._add_object(self.document)  # pypdf has no public call for a new object
        self.nums = ArrayObject()
        self.next_key = 0
        self.tagged_parts = 0

    def add_part(self, reader: PdfReader, first_page: int) -> None:
        """Call right after the part's pages were added to the writer (from `first_page` on)."""
        root = reader.trailer["/Root"]
        if "/StructTreeRoot" not in root:
            return
        self.tagged_parts += 1
        offset = self.next_key
        tree = _resolved(root["/StructTreeRoot"])
        for index, source in enumerate(reader.pages):
            page = self.writer.pages[first_page + index]
            if "/StructParents" in source:
                page[NameObject("/StructParents")] = NumberObject(int(source["/StructParents"]) + offset)
            page[NameObject("/Tabs")] = NameObject("/S")  # tab order follows the structure
            for annotation in map(_resolved, _resolved(page.get("/Annots", ArrayObject()))):
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        kids = _resolved(tree["/K"])
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            element = _resolved(kid)
            # The part's own /Document element: adopt its children, not the element itself.
            children = _resolved(element["/K"]) if element.get("/S") == "/Document" else [kid]
            for child in children if isinstance(children, ArrayObject) else [children]:
                clone = child.clone(self.writer, ignore_fields=["/P"])  # parents are set below, in our tree
                _resolved(self.document["/K"]).append(clone)
                _set_parents(clone, self.document_ref)
        nums = _resolved(_resolved(tree["/ParentTree"])["/Nums"])
        for position in range(0, len(nums), 2):
            key = int(nums[position]) + offset
            self.nums += [NumberObject(key), nums[position + 1].clone(self.writer, ignore_fields=["/P"])]
            self.next_key = max(self.next_key, key + 1)

    def finish(self, lang: str) -> None:
        """The catalogue entries of a tagged document (only when the parts were tagged)."""
        if not self.tagged_parts:
            return
        writer = self.writer
        parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): self.nums}))
        tree = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject([self.document_ref]),
            NameObject("/ParentTree"): parent_tree, NameObject("/ParentTreeNextKey"): NumberObject(self.next_key)}))
        self.document[NameObject("/P")] = tree
        root = writer.root_object
        root[NameObject("/StructTreeRoot")] = tree
        root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        root[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)})


def _set_parents(element_ref: PdfObject, parent: IndirectObject) -> None:
    """Point every structure element below `element_ref` (inclusive) at its parent."""
    stack = [(element_ref, parent)]
    while stack:
        ref, up = stack.pop()
        element = _resolved(ref)
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue  # marked-content ids, MCR and OBJR dictionaries
        element[NameObject("/P")] = up
        kids = element.get("/K")
        if kids is None:
            continue
        kids = _resolved(kids)
        own = ref if isinstance(ref, IndirectObject) else up
        stack += [(kid, own) for kid in (kids if isinstance(kids, ArrayObject) else [kids])]


def compact(pdf: bytes) -> bytes:
    """The PDF rewritten with object streams (same objects, same order, deterministic /ID).

    pypdf writes every structure element as its own uncompressed object: a tagged briefing came
    out three times the size of the untagged one; qpdf packs them as WeasyPrint does.
    """
    output = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                      deterministic_id=True, linearize=False)
    return output.getvalue()
