"""Policy explainer site generator: claims in YAML → bilingual MkDocs site and regulator briefings.

Pipeline, one module per stage: `load` (YAML with positions) → `validate` (every rule, every
diagnostic) → `model` (frozen, cross-linked objects) → `render` / `briefing` (outputs).
The core never imports MkDocs; `mkdocs_plugin` is the thin adapter.
"""

__version__ = "0.1.0"
