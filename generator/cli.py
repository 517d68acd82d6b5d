"""Policy explainer: check YAML claims, build the bilingual site, write regulator briefings.

Exit codes: 0 success (warnings allowed), 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .diagnostics import ContentError, Diagnostic, display_path, summary_line
from .i18n import t
from .paths import RefusedError, output_file_argument, site_dir_argument

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
FORMATS = {"pdf": "pdf", "docx": "docx", "html": "html", "md": "md"}


class UsageError(Exception):
    """A mistake in how the command was called (exit 2), as opposed to a content mistake (exit 1)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except ContentError as exc:
        print_diagnostics(exc.diagnostics, getattr(args, "message_lang", "en"), getattr(args, "diagnostics_format", "text"))
        return EXIT_CONTENT
    except (UsageError, RefusedError) as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    def content(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                         help="content folder (default: content)")

    sub = command("validate", run_validate, "check every content file and report all problems")
    content(sub)
    sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_argument("--lang", choices=["id", "en"], default="en", dest="message_lang",
                     help="language of the messages (default: en); 'error', 'warning' and [code] stay as they are")
    sub.add_argument("--format", choices=["text", "github"], default="text", dest="diagnostics_format",
                     help="text: FILE:LINE:COL: error|warning: message [code] (default); "
                          "github: GitHub Actions annotations (::error file=...,line=...,col=...::message)")

    sub = command("build", run_build, "build the bilingual site")
    content(sub)
    sub.add_argument("--site-dir", type=site_dir_argument, default=Path("site"), metavar="DIR", help="output folder (default: site)")
    sub.add_argument("--drafts", action="store_true", help="include draft claims")
    sub.add_argument("--strict", action="store_true", help="treat warnings as errors")

    sub = command("serve", run_serve, "preview the site with live reload on content edits")
    content(sub)
    sub.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    sub.add_argument("--drafts", action="store_true", help="include draft claims")

    sub = command("briefing", run_briefing, "write the regulator briefing")
    content(sub)
    sub.add_argument("--lang", required=True, choices=["id", "en"])
    sub.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
    sub.add_argument("-o", "--output", type=output_file_argument, help="output file (default: briefing-LANG.FORMAT)")
    sub.add_argument("--topic", action="append", default=[], metavar="ID", help="only this topic (repeatable)")
    sub.add_argument("--claimant", action="append", default=[], metavar="NAME",
                     help="only claims by this claimant, any case (repeatable)")
    sub.add_argument("--since", type=iso_date, metavar="DATE",
                     help="only what changed on or after DATE (YYYY-MM-DD), opened by the list of changes")
    sub.add_argument("--drafts", action="store_true", help="include draft claims")

    sub = command("export", run_export, "write all content and derived links as JSON")
    content(sub)
    sub.add_argument("-o", "--output", type=output_file_argument, help="output file (default: standard output)")
    sub.add_argument("--drafts", action="store_true", help="include draft claims")

    sub = command("schema", run_schema, "write the JSON Schema of the content files")
    sub.add_argument("-o", "--output", type=output_file_argument, help="output file (default: standard output)")
    sub.add_argument("--kind", choices=["site", "topics", "document", "claim"],
                     help="one kind of file only (default: any content file)")
    sub.add_argument("--all", type=Path, metavar="DIR", help="write every schema file into DIR")
    sub.add_argument("--content", type=Path, metavar="DIR", default=None,
                     help="offer this content's topic ids and references as completions (examples)")

    sub = command("new", run_new, "write a skeleton claim or document, or a new version of a document, to fill in")
    content(sub)
    sub.add_argument("what", choices=["claim", "document", "version"])
    sub.add_argument("--id", dest="new_id", help="id of the new claim or document")
    sub.add_argument("--topic", help="topic of the new claim")
    sub.add_argument("--kind", help="kind of the new document")
    sub.add_argument("--document", metavar="DOC", help="new version: the document that gets it")
    sub.add_argument("--label", help="new version: its label, e.g. 2024-05-01")

    sub = command("show", run_show, "list the clause ids, numbers and headings of a document version")
    content(sub)
    sub.add_argument("target", metavar="DOC[@VERSION]", help="a document id, with @VERSION for an older version")
    sub.add_argument("--lang", choices=["id", "en"], default="en", help="language of the headings (default: en)")

    sub = command("status", run_status, "what still needs an editor's attention")
    content(sub)
    sub.add_argument("--older-than", type=int, default=365, metavar="DAYS", help="review age that counts as old")
    sub.add_argument("--format", choices=["table", "json"], default="table", dest="fmt")
    sub.add_argument("--topic", action="append", default=[], metavar="ID", help="only items of this topic (repeatable)")
    sub.add_argument("--kind", action="append", default=[], metavar="KIND", dest="kinds",
                     help="only items of this kind (repeatable), e.g. stale-reference, placeholder, review-overdue")
    return parser


def iso_date(value: str):
    """argparse type: an ISO date (a mistake is a usage error, exit 2)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date of the form YYYY-MM-DD") from None


def print_diagnostics(diagnostics: list[Diagnostic], lang: str = "en", fmt: str = "text") -> None:
    for diagnostic in diagnostics:
        if fmt == "github":  # workflow commands are read from standard output
            print(github_annotation(diagnostic, lang))
        else:
            print(diagnostic.format(lang), file=sys.stderr)
    print(summary_line(diagnostics, lang), file=sys.stderr)


def github_annotation(diagnostic: Diagnostic, lang: str = "en") -> str:
    """A GitHub Actions workflow command that shows the diagnostic on its line of the file."""
    def escape(value: str, in_property: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if in_property else value

    path = display_path(diagnostic.path).replace(os.sep, "/")
    properties = f"file={escape(path, True)},line={diagnostic.line},col={diagnostic.col},title={escape(diagnostic.code, True)}"
    return f"::{diagnostic.severity} {properties}::{escape(diagnostic.text(lang))} [{diagnostic.code}]"


def require_content_dir(path: Path) -> None:
    if not path.is_dir():
        raise UsageError(f"content folder '{path}' does not exist (use --content DIR)")


def checked_model(args: argparse.Namespace, strict: bool = False):
    """Validate and return the model; warnings are printed, errors raise ContentError."""
    from .validate import load_model

    require_content_dir(args.content)
    warnings: list[Diagnostic] = []
    content = load_model(args.content, strict=strict, report=warnings.append)
    if warnings:
        print_diagnostics(warnings, getattr(args, "message_lang", "en"), getattr(args, "diagnostics_format", "text"))
    return content


def run_validate(args: argparse.Namespace) -> int:
    content = checked_model(args, strict=args.strict)
    print(t("diag.ok", args.message_lang, claims=len(content.claims), documents=len(content.documents),
            topics=len(content.topics), fingerprint=content.fingerprint))
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from .output import exit_on_sigterm
    from .site import build_site

    require_content_dir(args.content)
    exit_on_sigterm()
    build_site(args.content, args.site_dir, drafts=args.drafts, strict=args.strict)
    print(f"built {args.site_dir}")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .output import exit_on_sigterm
    from .paths import check_port
    from .site import serve_site

    require_content_dir(args.content)
    check_port(args.port)
    exit_on_sigterm()
    serve_site(args.content, port=args.port, drafts=args.drafts)
    return EXIT_OK


def run_briefing(args: argparse.Namespace) -> int:
    from .briefing import render_briefing
    from .output import write_atomic
    from .paths import check_output_file

    output = args.output or Path(f"briefing-{args.lang}.{args.fmt}")
    check_output_file(output, args.content)
    content = checked_model(args)
    unknown = [t for t in args.topic if t not in content.topics_by_id]
    if unknown:
        raise UsageError(f"unknown topic {', '.join(unknown)}; topics are {', '.join(content.topics_by_id)}")
    from .briefing.since import claimant_names, normalised_name

    known = claimant_names(content)
    strangers = [c for c in args.claimant if normalised_name(c) not in {normalised_name(k) for k in known}]
    if strangers:
        raise UsageError(f"unknown claimant {', '.join(strangers)}; claimants are {', '.join(known)}")
    data = render_briefing(content, lang=args.lang, fmt=args.fmt, topics=args.topic, drafts=args.drafts,
                           claimants=args.claimant, since=args.since)
    write_output(output, data)
    print(f"wrote {output}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from .export import export_content
    from .paths import check_output_file

    if args.output:
        check_output_file(args.output, args.content)
    text = export_content(checked_model(args), drafts=args.drafts)
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    import json

    from .paths import check_output_file, check_output_folder
    from .schema import SCHEMA_FILES, json_schema

    completions = None
    if args.content is not None:
        from .editing import schema_completions

        require_content_dir(args.content)
        completions = schema_completions(args.content)

    def text(kind: str | None) -> str:
        return json.dumps(json_schema(kind, completions), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    content = args.content or Path("content")  # the default content folder is protected even without --content
    if args.all:
        check_output_folder(args.all, content)
        for name in SCHEMA_FILES.values():
            check_output_file(args.all / name, content)
        for kind, name in SCHEMA_FILES.items():
            write_output(args.all / name, text(kind))
    elif args.output:
        check_output_file(args.output, content)
        write_output(args.output, text(args.kind))
    else:
        sys.stdout.write(text(args.kind))
    return EXIT_OK


def write_output(path: Path, data: bytes | str) -> None:
    """Write one output file; a file system refusal (permissions, full disk) is a usage error, not a traceback."""
    from .output import write_atomic

    try:
        write_atomic(path, data)
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from error


def run_new(args: argparse.Namespace) -> int:
    from .editing import EditingError, new_claim, new_document
    from .versioning import new_version

    require_content_dir(args.content)
    needed = {"claim": ["new_id"], "document": ["new_id"], "version": ["document", "label"]}[args.what]
    missing = [f"--{name.replace('new_', '')}" for name in needed if not getattr(args, name)]
    if missing:
        raise UsageError(f"new {args.what} needs {' and '.join(missing)}")
    try:
        if args.what == "version":
            path = new_version(args.content, args.document, args.label)
        else:
            path = (new_claim(args.content, args.new_id, args.topic) if args.what == "claim"
                    else new_document(args.content, args.new_id, args.kind))
    except EditingError as exc:
        raise UsageError(str(exc)) from exc
    if args.what == "version":
        print(f"added version '{args.label}' to {path}: fill in `retrieved` and change the clauses that changed, "
              "then run `python -m generator validate`")
    else:
        print(f"wrote {path}")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from .editing import EditingError
    from .versioning import show_document

    require_content_dir(args.content)
    try:
        sys.stdout.write(show_document(args.content, args.target, args.lang))
    except EditingError as exc:
        raise UsageError(str(exc)) from exc
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from .status import KINDS
    from .status_output import status_report

    require_content_dir(args.content)
    unknown = [kind for kind in args.kinds if kind not in KINDS]
    if unknown:
        raise UsageError(f"unknown kind {', '.join(unknown)}; kinds are {', '.join(KINDS)}")
    sys.stdout.write(status_report(args.content, older_than=args.older_than, fmt=args.fmt,
                                   topics=args.topic, kinds=args.kinds))
    return EXIT_OK
