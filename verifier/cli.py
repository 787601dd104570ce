"""The ``verify-derivations`` command: the one place that wires catalogue, engine and renderers.

    verify-derivations [--claim GLOB] [--format table|json] [--timeout S] [--jobs N]
    verify-derivations show ID
    verify-derivations list
    verify-derivations check FILE.toml [FILE ...] [--show ID] [--claim GLOB] [--format table|json] ...
    verify-derivations latex -o appendix.tex [--body-only | --body FILE] [--pdf] [--claim GLOB]

Exit status: 0 when every verdict is the expected one, 1 when one differs, 2 when the
input is invalid (nothing is verified then; with ``--format json`` an invalid claim file
is still one JSON document, its ``error``), or when ``--pdf`` cannot compile the
appendix (the TeX tools are missing, or LaTeX stops with an error). Only the project's own errors are caught
and printed as one line; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from verifier.cache import OutcomeCache
from verifier.engine import DEFAULT_TIMEOUT, verify_all
from verifier.errors import ClaimFileError, UnknownClaimError, VerifierError
from verifier.language.claims import Claim
from verifier.outcome import Outcome
from verifier.render.figures import Figure
from verifier.render.json_document import error_document, report_document
from verifier.render.latex.appendix import write_appendix
from verifier.render.latex.compile import require_tools
from verifier.render.report import THEME, ClaimDetail, ErrataView, OutcomeTable, Summary

__all__ = ["main"]

EXIT_AS_EXPECTED = 0
EXIT_UNEXPECTED = 1
EXIT_INVALID = 2


def _catalogue() -> tuple[Claim, ...]:
    from derivations import CATALOGUE

    return CATALOGUE


def select(claims: Sequence[Claim], patterns: Sequence[str] | None) -> list[Claim]:
    """The claims whose id matches any of the glob patterns (all claims without patterns)."""
    if not patterns:
        return list(claims)
    chosen = [c for c in claims if any(fnmatch.fnmatchcase(c.id, p) for p in patterns)]
    if not chosen:
        raise UnknownClaimError(f"no claim id matches {', '.join(repr(p) for p in patterns)}")
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verify-derivations",
        description="Verify the mathematics of machine-learning derivations: proofs, counterexamples, evidence.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_run_options(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--claim", action="append", metavar="GLOB", help="verify only claims whose id matches (repeatable)"
        )
        command.add_argument(
            "--format", choices=("table", "json"), default="table", help="output format (default: table)"
        )
        command.add_argument(
            "--timeout",
            type=_positive_float,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"time limit per claim (default: {DEFAULT_TIMEOUT:g})",
        )
        command.add_argument(
            "--jobs", type=_positive_int, default=None, metavar="N", help="worker processes (default: one per core)"
        )
        command.add_argument("--seed", type=int, default=0, help="seed of the numeric sampling (default: 0)")
        command.add_argument(
            "--errata",
            action="store_true",
            help="after the table, list the sources' mistakes with corrections and counterexamples",
        )
        add_cache_option(command)

    run = commands.add_parser("run", help="verify the built-in catalogue (the default command)")
    add_run_options(run)
    show = commands.add_parser("show", help="verify one claim and show its proof and evidence")
    show.add_argument("id", help="the claim's id")
    show.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    show.add_argument("--seed", type=int, default=0)
    add_cache_option(show)
    commands.add_parser("list", help="list the catalogue's claim ids and titles")
    check = commands.add_parser("check", help="verify the claims of claim files (TOML, see docs/claim-files.md)")
    check.add_argument("files", nargs="+", metavar="FILE", help="claim files; ids must be unique across them")
    add_run_options(check)
    add_latex_options(check, required=False)
    check.add_argument("--show", metavar="ID", help="verify one claim of the files and show its proof and evidence")
    latex = commands.add_parser("latex", help="write the LaTeX proof appendix (and compile it with --pdf)")
    add_latex_options(latex, required=True)
    latex.add_argument("--claim", action="append", metavar="GLOB", help="only claims whose id matches (repeatable)")
    latex.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per claim (default: {DEFAULT_TIMEOUT:g})",
    )
    latex.add_argument(
        "--jobs", type=_positive_int, default=None, metavar="N", help="worker processes (default: one per core)"
    )
    latex.add_argument("--seed", type=int, default=0, help="seed of the numeric sampling (default: 0)")
    add_cache_option(latex)
    return parser


def add_cache_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="verify every claim afresh (by default an unchanged claim's stored outcome is reused;"
        " $VERIFIER_CACHE_DIR sets where outcomes are stored)",
    )


def add_latex_options(command: argparse.ArgumentParser, *, required: bool) -> None:
    """The appendix options: output file, body alone, PDF. ``check`` shares them (with --latex)."""
    if required:
        command.add_argument(
            "-o", "--output", dest="latex", required=True, metavar="FILE.tex", help="the LaTeX document to write"
        )
    else:
        command.add_argument("--latex", metavar="FILE.tex", help="also write the LaTeX proof appendix to FILE.tex")
    body = command.add_mutually_exclusive_group()
    body.add_argument("--body-only", action="store_true", help="write only the body, to \\input into a paper")
    body.add_argument("--body", metavar="FILE.tex", help="also write the body alone to FILE.tex")
    command.add_argument("--pdf", action="store_true", help="compile the document with latexmk/pdflatex")


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0 (got {text})")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1 (got {text})")
    return value


def _verify(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> tuple[list[Outcome], float]:
    start = time.perf_counter()
    progress = Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True, theme=THEME),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    cache = None if args.no_cache else OutcomeCache()
    cached = {} if cache is None else {c.id: cache.get(c, args.seed) for c in claims}
    known: dict[str, Outcome] = {k: v for k, v in cached.items() if v is not None}
    missing = [c for c in claims if c.id not in known]
    with progress:
        task = progress.add_task("", total=len(claims), completed=len(claims) - len(missing))
        fresh = verify_all(
            missing,
            jobs=getattr(args, "jobs", None),
            timeout=args.timeout,
            seed=args.seed,
            on_outcome=lambda outcome: progress.update(task, advance=1, description=outcome.claim_id),
        )
    for claim, outcome in zip(missing, fresh, strict=True):
        known[claim.id] = outcome
        if cache is not None:
            cache.put(claim, args.seed, outcome)
    outcomes = [known[c.id] for c in claims]
    return outcomes, time.perf_counter() - start


def _exit_status(outcomes: Sequence[Outcome]) -> int:
    return EXIT_AS_EXPECTED if all(o.as_expected for o in outcomes) else EXIT_UNEXPECTED


def run(claims: Sequence[Claim], args: argparse.Namespace, console: Console, *, title: str) -> int:
    """Verify ``claims`` and print the report (table or JSON); return the exit status."""
    selected = select(claims, args.claim)
    if getattr(args, "latex", None) and args.pdf:
        require_tools()  # before verifying: say at once that the PDF cannot be made
    outcomes, seconds = _verify(selected, args, console)
    if getattr(args, "latex", None):
        appendix(selected, outcomes, args, console)
    if args.format == "json":
        console.file.write(json.dumps(report_document(selected, outcomes), indent=2) + "\n")
    else:
        console.print(OutcomeTable(selected, outcomes, title=title))
        if args.errata:
            console.print(ErrataView(selected, outcomes))
        console.print(Summary(outcomes, seconds))
    return _exit_status(outcomes)


def show(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> int:
    """Verify one claim and print everything about it."""
    matches = [c for c in claims if c.id == args.id]
    if not matches:
        raise UnknownClaimError(f"no claim has the id {args.id!r} (try 'verify-derivations list')")
    args.jobs = 1
    outcomes, _ = _verify(matches, args, console)
    console.print(ClaimDetail(matches[0], outcomes[0]))
    return _exit_status(outcomes)


def _catalogue_figures(claims: Sequence[Claim]) -> tuple[Figure, ...]:
    from verifier.render.figures import activation_slopes, gradient_magnitudes

    ids = {c.id for c in claims}
    gradients = (
        "cvm-ce-softmax-gradient-true-class",
        "mse-softmax-gradient-full",
        "cvm-mse-softmax-gradient-as-stated",
    )
    slopes = ("act-sigmoid-derivative", "act-tanh-derivative", "act-sigmoid-max-slope", "act-tanh-max-slope")
    return (
        gradient_magnitudes(related=tuple(i for i in gradients if i in ids)),
        activation_slopes(related=tuple(i for i in slopes if i in ids)),
    )


def appendix(
    claims: Sequence[Claim],
    outcomes: Sequence[Outcome],
    args: argparse.Namespace,
    console: Console,
    *,
    figures: Sequence[Figure] = (),
) -> None:
    """Write the appendix ``args`` asks for (``--latex``/``-o``, ``--body[-only]``, ``--pdf``) and say so on stderr."""
    console = Console(stderr=True, highlight=False)
    body = None if args.body is None else Path(args.body)
    written = write_appendix(
        claims, outcomes, Path(args.latex), body_only=args.body_only, body=body, pdf=args.pdf, figures=figures
    )
    kind = "body" if args.body_only else "document"
    console.print(f"wrote {written.tex} (LaTeX {kind}, {len(outcomes)} claims)", markup=False)
    if written.body is not None:
        console.print(f"wrote {written.body} (LaTeX body, to \\input into a paper)", markup=False)
    if written.compiled is not None:
        log = written.compiled.log
        console.print(f"wrote {written.compiled.pdf} ({written.compiled.engine})", markup=False)
        problems = [f"{len(log.undefined_references)} undefined reference(s)"] if log.undefined_references else []
        if log.overfull_beyond(3.0):
            problems.append(f"{len(log.overfull_beyond(3.0))} overfull line(s)")
        if problems:
            console.print(f"note: LaTeX reports {', '.join(problems)}; see {written.compiled.log_file}", markup=False)


def latex(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> int:
    """Verify the selected catalogue claims and write their appendix."""
    selected = select(claims, args.claim)
    if args.pdf:
        require_tools()  # before verifying: say at once that the PDF cannot be made
    outcomes, _ = _verify(selected, args, console)
    appendix(selected, outcomes, args, console, figures=_catalogue_figures(selected))
    return _exit_status(outcomes)


def check(args: argparse.Namespace, console: Console) -> int:
    """Verify the claims of the files ``args.files``: the catalogue's report, JSON, show and statuses."""
    from verifier.language.claim_files import load_all

    files = load_all(args.files)
    claims = [c for f in files for c in f.claims]
    if args.show is not None and args.format == "table":
        args.id = args.show
        return show(claims, args, console)
    if args.show is not None:
        args.claim = [args.show]
    title = files[0].heading if len(files) == 1 else ", ".join(f.heading for f in files)
    return run(claims, args, console, title=title)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``verify-derivations``; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in ("run", "show", "list", "latex", "check", "-h", "--help"):
        arguments.insert(0, "run")
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return EXIT_INVALID if exit_.code else EXIT_AS_EXPECTED
    console = Console(theme=THEME, highlight=False)
    error_console = Console(stderr=True, theme=THEME, highlight=False)
    try:
        if args.command == "check":
            return check(args, console)
        catalogue = _catalogue()
        if args.command == "list":
            for claim in catalogue:
                console.print(Text.assemble((claim.id, "claim.id"), "  ", claim.title))
            return EXIT_AS_EXPECTED
        if args.command == "show":
            return show(catalogue, args, console)
        if args.command == "latex":
            return latex(catalogue, args, console)
        return run(catalogue, args, console, title="Built-in catalogue")
    except VerifierError as error:
        error_console.print(f"verify-derivations: error: {error}", markup=False, emoji=False, soft_wrap=True)
        if isinstance(error, ClaimFileError) and getattr(args, "format", None) == "json":
            # Whoever reads the JSON still gets one document: where the file is invalid, and why.
            console.file.write(json.dumps(error_document(error), indent=2) + "\n")
        return EXIT_INVALID


def entry_point() -> None:
    """The console script: exit with ``main``'s status (130 when interrupted, as shells do)."""
    try:
        status = main()
    except KeyboardInterrupt:
        print("verify-derivations: interrupted", file=sys.stderr)
        status = 130
    sys.exit(status)
