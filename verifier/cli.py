"""The ``verify-derivations`` command: the one place that wires catalogue, engine and renderers.

    verify-derivations [--claim GLOB] [--format table|json] [--timeout S] [--jobs N]
    verify-derivations show ID [--format table|json]
    verify-derivations list
    verify-derivations check FILE.toml|DIR [...] [--show ID] [--claim GLOB] [--format table|json] ...
    verify-derivations FILE.toml [...]          (the same as check)
    verify-derivations --version
    verify-derivations latex -o appendix.tex [--body-only | --body FILE] [--pdf] [--claim GLOB]

Exit status: 0 when every verdict is the expected one, 1 when one differs, 2 when the
input is invalid (nothing is verified then; with ``--format json`` an invalid claim file
is still one JSON document, its ``error``), or when the appendix cannot be written or
compiled (the TeX tools are missing, LaTeX stops with an error, the disk is full: the
report is printed first, so the verdicts are never lost); 130 after Ctrl-C, 143 after
SIGTERM and 129 after SIGHUP (128 + the signal, as shells report them), the workers
stopped and the finished outcomes cached. Only the project's own errors are caught and
printed as one line; anything else is a bug and keeps its traceback.

Every string that came from a user (titles, ids, paths, messages) reaches the terminal
as plain text with its control characters escaped, never as rich markup.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import math
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from verifier import __version__
from verifier.cache import OutcomeCache, UnusableCacheError, open_cache
from verifier.engine import DEFAULT_TIMEOUT, MAX_JOBS, MAX_TIMEOUT, verify_all
from verifier.errors import ClaimFileError, UnknownClaimError, VerifierError
from verifier.language.claims import Claim
from verifier.numeric.confirm import shows_counterexamples
from verifier.outcome import Outcome
from verifier.render.figures import Figure
from verifier.render.json_document import error_document, report_document
from verifier.render.latex.appendix import write_appendix
from verifier.render.latex.compile import require_tools
from verifier.render.plain import escape_controls, plain
from verifier.render.report import THEME, ClaimDetail, ErrataView, NotAsExpected, OutcomeTable, Summary

__all__ = ["main"]

EXIT_AS_EXPECTED = 0
EXIT_UNEXPECTED = 1
EXIT_INVALID = 2

JOBS_HELP = f"worker processes, 1 to {MAX_JOBS} (default: one per core)"


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


COMMANDS = ("run", "show", "list", "check", "latex")


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on stderr (and exit 2), not the usage and a line."""

    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")  # "--timeout: expected ...", as the option is written
        self.exit(2, f"verify-derivations: error: {escape_controls(message)} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="verify-derivations",
        description="Verify the mathematics of machine-learning derivations: proofs, counterexamples, evidence.",
        epilog="Without a command, the catalogue is verified (run); a .toml path, an existing file or a "
        "directory as the first argument is checked (check).",
    )
    parser.add_argument("--version", action="version", version=f"verify-derivations {__version__}")
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
            type=_timeout,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"time limit per claim, at most {MAX_TIMEOUT:g} (default: {DEFAULT_TIMEOUT:g})",
        )
        command.add_argument("--jobs", type=_jobs, default=None, metavar="N", help=JOBS_HELP)
        command.add_argument("--seed", type=_seed, default=0, help="seed of the numeric sampling (default: 0)")
        command.add_argument(
            "--errata",
            action="store_true",
            help="after the table, list the sources' mistakes with corrections and counterexamples",
        )
        command.add_argument(
            "-q", "--quiet", action="store_true", help="print only the claims not as expected and the summary"
        )
        add_cache_option(command)

    run = commands.add_parser("run", help="verify the built-in catalogue (the default command)")
    add_run_options(run)
    show = commands.add_parser("show", help="verify one claim and show its proof and evidence")
    show.add_argument("id", help="the claim's id")
    show.add_argument("--timeout", type=_timeout, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    show.add_argument("--seed", type=_seed, default=0)
    show.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    add_cache_option(show)
    commands.add_parser("list", help="list the catalogue's claim ids and titles")
    check = commands.add_parser("check", help="verify the claims of claim files (TOML, see docs/claim-files.md)")
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="claim files, or directories (their *.claims.toml files); ids must be unique across them",
    )
    add_run_options(check)
    add_latex_options(check, required=False)
    check.add_argument("--show", metavar="ID", help="verify one claim of the files and show its proof and evidence")
    latex = commands.add_parser("latex", help="write the LaTeX proof appendix (and compile it with --pdf)")
    add_latex_options(latex, required=True)
    latex.add_argument("--claim", action="append", metavar="GLOB", help="only claims whose id matches (repeatable)")
    latex.add_argument(
        "--timeout",
        type=_timeout,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per claim, at most {MAX_TIMEOUT:g} (default: {DEFAULT_TIMEOUT:g})",
    )
    latex.add_argument("--jobs", type=_jobs, default=None, metavar="N", help=JOBS_HELP)
    latex.add_argument("--seed", type=_seed, default=0, help="seed of the numeric sampling (default: 0)")
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


def _got(text: str) -> str:
    return repr(escape_controls(text[:40]))


def _timeout(text: str) -> float:
    """A time limit in seconds: a number in (0, MAX_TIMEOUT]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {_got(text)}") from None
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, {MAX_TIMEOUT:g}], got {_got(text)}")
    return value


def _jobs(text: str) -> int:
    """A number of worker processes: an integer in 1..MAX_JOBS (four per core)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected an integer from 1 to {MAX_JOBS} (four per core), got {_got(text)}")
    return value


def _seed(text: str) -> int:
    """A sampling seed: an integer."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {_got(text)}") from None


def _warn(message: str) -> None:
    """One warning line on stderr."""
    _message_console().print(f"verify-derivations: warning: {escape_controls(message)}", markup=False, soft_wrap=True)


def _message_console() -> Console:
    return Console(stderr=True, theme=THEME, highlight=False, emoji=False)


def _cache(args: argparse.Namespace) -> OutcomeCache | None:
    """The outcome cache, unless --no-cache; a cache that cannot be used safely is skipped with a warning."""
    if args.no_cache:
        return None
    try:
        return open_cache()
    except UnusableCacheError as error:
        _warn(f"not using the outcome cache: {error}")
        return None


def _verify(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> tuple[list[Outcome], float]:
    start = time.perf_counter()
    progress = Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=_message_console(),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    cache = _cache(args)
    stored = {} if cache is None else {c.id: cache.get(c, args.seed) for c in claims}
    # An authentic stored outcome is used as it is, unless it shows counterexamples: the
    # workers confirm those again at 50 digits first (or verify the claim afresh).
    known: dict[str, Outcome] = {k: o for k, o in stored.items() if o is not None and not shows_counterexamples(o)}
    to_confirm = {k: o for k, o in stored.items() if o is not None and shows_counterexamples(o)}
    missing = [c for c in claims if c.id not in known]
    by_id = {c.id: c for c in missing}

    def arrived(outcome: Outcome) -> None:
        """Store each outcome as it arrives, so that an interrupted run keeps the finished ones."""
        if cache is not None and outcome != to_confirm.get(outcome.claim_id):
            cache.put(by_id[outcome.claim_id], args.seed, outcome)
        progress.update(task, advance=1, description=escape_controls(outcome.claim_id))

    with progress:
        task = progress.add_task("", total=len(claims), completed=len(claims) - len(missing))
        fresh = verify_all(
            missing,
            jobs=getattr(args, "jobs", None),
            timeout=args.timeout,
            seed=args.seed,
            on_outcome=arrived,
            known=to_confirm,
        )
    for claim, outcome in zip(missing, fresh, strict=True):
        known[claim.id] = outcome
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
    # The report first: a failing appendix (TeX, a full disk) must not lose the verdicts.
    if args.format == "json":
        console.file.write(json.dumps(report_document(selected, outcomes), indent=2) + "\n")
    else:
        if not args.quiet:
            console.print(OutcomeTable(selected, outcomes, title=title))
            if args.errata:
                console.print(ErrataView(selected, outcomes))
        console.print(NotAsExpected(selected, outcomes))
        console.print(Summary(outcomes, seconds))
    if getattr(args, "latex", None):
        console.file.flush()
        appendix(selected, outcomes, args, console, title=title)
    return _exit_status(outcomes)


def show(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> int:
    """Verify one claim and print everything about it."""
    matches = [c for c in claims if c.id == args.id]
    if not matches:
        raise UnknownClaimError(f"no claim has the id {args.id!r} (try 'verify-derivations list')")
    args.jobs = 1
    outcomes, _ = _verify(matches, args, console)
    if getattr(args, "format", "table") == "json":
        console.file.write(json.dumps(report_document(matches, outcomes), indent=2) + "\n")
    else:
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
    title: str | None = None,
) -> None:
    """Write the appendix ``args`` asks for (``--latex``/``-o``, ``--body[-only]``, ``--pdf``) and say so on stderr."""
    messages = _message_console()

    def say(line: str) -> None:
        messages.print(escape_controls(line), markup=False, soft_wrap=True)

    body = None if args.body is None else Path(args.body)
    written = write_appendix(
        claims,
        outcomes,
        Path(args.latex),
        body_only=args.body_only,
        body=body,
        pdf=args.pdf,
        figures=figures,
        title=title,
    )
    kind = "body" if args.body_only else "document"
    say(f"wrote {written.tex} (LaTeX {kind}, {len(outcomes)} claims)")
    if written.body is not None:
        say(f"wrote {written.body} (LaTeX body, to \\input into a paper)")
    if written.compiled is not None:
        log = written.compiled.log
        say(f"wrote {written.compiled.pdf} ({written.compiled.engine})")
        problems = [f"{len(log.undefined_references)} undefined reference(s)"] if log.undefined_references else []
        if log.overfull_beyond(3.0):
            problems.append(f"{len(log.overfull_beyond(3.0))} overfull line(s)")
        if problems:
            say(f"note: LaTeX reports {', '.join(problems)}; see {written.compiled.log_file}")


def latex(claims: Sequence[Claim], args: argparse.Namespace, console: Console) -> int:
    """Verify the selected catalogue claims and write their appendix."""
    selected = select(claims, args.claim)
    if args.pdf:
        require_tools()  # before verifying: say at once that the PDF cannot be made
    outcomes, seconds = _verify(selected, args, console)
    # The verdicts first (on stderr: stdout stays empty), so a failing appendix loses none.
    _message_console().print(Summary(outcomes, seconds))
    appendix(selected, outcomes, args, console, figures=_catalogue_figures(selected))
    return _exit_status(outcomes)


def check(args: argparse.Namespace, console: Console) -> int:
    """Verify the claims of the files ``args.files``: the catalogue's report, JSON, show and statuses."""
    from verifier.language.claim_files import load_all

    files = load_all(args.files)
    claims = [c for f in files for c in f.claims]
    if args.show is not None:
        args.id = args.show
        return show(claims, args, console)
    title = files[0].heading if len(files) == 1 else ", ".join(f.heading for f in files)
    return run(claims, args, console, title=title)


def _command_line(arguments: list[str]) -> list[str]:
    """The arguments with their command made explicit: ``run`` by default, ``check`` before a
    claim file or directory; an unknown command word is a ``UsageError`` naming the nearest."""
    first = arguments[0] if arguments else None
    if first in (*COMMANDS, "-h", "--help", "--version"):
        return arguments
    if first is None or first.startswith("-"):
        return ["run", *arguments]
    if first.endswith(".toml") or os.path.exists(first):  # a claim file (of any name) or a directory
        return ["check", *arguments]
    near = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'?" if near else f"the commands are {', '.join(COMMANDS)}"
    raise UsageError(f"unknown command {_got(first)}: {hint} (see verify-derivations --help)")


class UsageError(Exception):
    """A command line that names no command, file or option."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``verify-derivations``; returns the exit status."""
    parser = _parser()
    try:
        arguments = _command_line(list(sys.argv[1:] if argv is None else argv))
        args = parser.parse_args(arguments)
    except UsageError as error:
        _message_console().print(f"verify-derivations: error: {error}", markup=False, soft_wrap=True)
        return EXIT_INVALID
    except SystemExit as exit_:
        return EXIT_INVALID if exit_.code else EXIT_AS_EXPECTED
    console = Console(theme=THEME, highlight=False, emoji=False)
    try:
        if args.command == "check":
            return check(args, console)
        catalogue = _catalogue()
        if args.command == "list":
            for claim in catalogue:
                console.print(Text.assemble(plain(claim.id, "claim.id"), "  ", plain(claim.title)))
            return EXIT_AS_EXPECTED
        if args.command == "show":
            return show(catalogue, args, console)
        if args.command == "latex":
            return latex(catalogue, args, console)
        return run(catalogue, args, console, title="Built-in catalogue")
    except VerifierError as error:
        messages = _message_console()
        messages.print(f"verify-derivations: error: {escape_controls(str(error))}", markup=False, soft_wrap=True)
        pointer = error.pointer if isinstance(error, ClaimFileError) else None
        for line in pointer or ():
            messages.print(f"    {escape_controls(line)}", markup=False, soft_wrap=True)
        if isinstance(error, ClaimFileError) and getattr(args, "format", None) == "json":
            # Whoever reads the JSON still gets one document: where the file is invalid, and why.
            console.file.write(json.dumps(error_document(error), indent=2) + "\n")
        return EXIT_INVALID


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the run ends as after Ctrl-C (workers stopped, finished outcomes kept)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    for name in ("SIGTERM", "SIGHUP"):  # a second signal must not cut the clean-up short
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Terminated(signum)


def _tolerant_streams() -> None:
    """An encoding that cannot show a character (PYTHONIOENCODING=ascii, a C locale) writes
    it as a backslash escape instead of stopping the report with UnicodeEncodeError; a
    stream the caller closed (``>&-``) becomes the null device (the exit status still tells)."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def entry_point() -> None:
    """The console script: exit with ``main``'s status; 128 + the signal after Ctrl-C (130),
    SIGTERM (143) or SIGHUP (129), as shells report them, with one line and no traceback."""
    _tolerant_streams()
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        status = main()
        sys.stdout.flush()
    except Terminated as stopped:
        print(f"verify-derivations: terminated ({signal.Signals(stopped.signum).name})", file=sys.stderr)
        status = 128 + stopped.signum
    except KeyboardInterrupt:
        print("verify-derivations: interrupted", file=sys.stderr)
        status = 128 + signal.SIGINT
    except BrokenPipeError:
        # The reader went away (| head): nothing more can be shown; exit as a closed pipe would.
        _silence_stdout()
        status = 128 + signal.SIGPIPE
    except OSError as error:  # the surroundings failed: the report cannot be written (a full disk), no fork...
        _silence_stdout()
        where = f" ({error.filename})" if error.filename else ""
        print(f"verify-derivations: error: {escape_controls(error.strerror or str(error))}{where}", file=sys.stderr)
        status = EXIT_INVALID
    sys.exit(status)


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the final flush cannot fail too."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
