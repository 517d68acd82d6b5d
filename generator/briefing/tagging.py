"""Tagged PDF across parts: one structure tree for the joined briefing (PDF/UA-1).

WeasyPrint tags each part it lays out (`pdf_variant="pdf/ua-1"`): a structure tree whose
elements point at marked content on the part's pages, and a parent tree from each page's
`/StructParents` number back to those elements. Copying pages does not copy the structure.
`StructureMerger` copies each part's elements under one `/Document` element, renumbers the
parent-tree keys of later parts, and writes the catalogue entries a screen reader needs:
`/MarkInfo /Marked true`, `/Lang`, `/DisplayDocTitle`.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

ARTIFACT_START, ARTIFACT_END = b"/Artifact BMC\n", b"\nEMC\n"  # running header and footer: not content


class StructureMerger:
    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.nums: list[pikepdf.Object] = []
        self.next_key = 0
        self.tagged_parts = 0

    def add_part(self, source: pikepdf.Pdf, first_page: int) -> None:
        """Call right after the part's pages were copied into the output (from `first_page` on).

        qpdf copies each object of `source` once, whichever call reaches it first: the elements
        copied here point at the pages and annotations the page copy made.
        """
        if "/StructTreeRoot" not in source.Root:
            return
        self.tagged_parts += 1
        offset = self.next_key
        tree = source.Root.StructTreeRoot
        for index in range(len(source.pages)):
            page = self.out.pages[first_page + index].obj
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            page.Tabs = Name.S  # tab order follows the structure
            for annotation in page.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for element in _items(tree.K):
            # The part's own /Document element: adopt its children, not the element itself.
            for child in _items(element.K) if element.get("/S") == Name.Document else [element]:
                if "/P" in child:
                    del child["/P"]  # in the part, before the copy: the part's tree stays behind
                copy = self.out.copy_foreign(child if child.is_indirect else source.make_indirect(child))
                self.document.K.append(copy)
                _set_parents(copy, self.document)
        nums = tree.ParentTree.Nums
        for position in range(0, len(nums), 2):
            key = int(nums[position]) + offset
            value = nums[position + 1]
            self.nums += [key, self.out.copy_foreign(value if value.is_indirect else source.make_indirect(value))]
            self.next_key = max(self.next_key, key + 1)

    def finish(self, lang: str) -> None:
        """The catalogue entries of a tagged document (only when the parts were tagged)."""
        if not self.tagged_parts:
            return
        out = self.out
        parent_tree = out.make_indirect(Dictionary(Nums=Array(self.nums)))
        tree = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([self.document]),
                                            ParentTree=parent_tree, ParentTreeNextKey=self.next_key))
        self.document.P = tree
        out.Root.StructTreeRoot = tree
        out.Root.MarkInfo = Dictionary(Marked=True)
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _items(value: pikepdf.Object) -> list[pikepdf.Object]:
    return list(value) if isinstance(value, Array) else [value]


def _set_parents(element: pikepdf.Object, parent: pikepdf.Object) -> None:
    """Point every structure element below `element` (inclusive) at its parent."""
    stack = [(element, parent)]
    while stack:
        current, up = stack.pop()
        if not isinstance(current, Dictionary) or "/S" not in current:
            continue  # marked-content ids, MCR and OBJR dictionaries
        current.P = up
        if "/K" in current:
            own = current if current.is_indirect else up
            stack += [(kid, own) for kid in _items(current.K)]
