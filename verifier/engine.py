"""The engine: verify claims, each in its own process under a time limit.

For every relation of a claim (one, or one per chain step):

1. the falsifier (``numeric.falsifier``) hunts for a counterexample and confirms any
   failure exactly, whatever the prover will say;
2. the prover tries an exact argument (only the cheap symbolic-size strategy, without
   SymPy's simplify, when a counterexample is already confirmed, to catch an
   inconsistency of the prover's own tactics);
3. without a proof, an exact search evaluates the relation at the most suspicious
   points the falsifier kept;
4. the verdict rules (``verdicts.decide``) turn that into a verdict.

Then, for a proved claim, each hypothesis is dropped or relaxed in turn: a confirmed
counterexample of the weaker claim (a lighter search, ``falsifier.RELAXED``) shows the
hypothesis is needed.

``verify_all`` runs claims in long-lived worker processes, one per core, each taking
one claim at a time (so SymPy's caches stay warm from claim to claim). An outcome
already known (read from the cache) is not taken on trust: a worker re-confirms its
counterexamples at 50 digits (``numeric.confirm``) and verifies the claim afresh if one
does not hold. A worker
reports its outcome after every phase, built as if the rest had run out of time; a
worker that reaches the time limit is killed and replaced, and its last report stands.
So a runaway simplification costs one claim its proof, never the run. Such an outcome,
like a crash's, is marked not ``reproducible`` (another run may get further).

Workers never outlive the run. The parent kills them when it ends in any way it can
observe (an exception, Ctrl-C, SIGTERM or SIGHUP turned into an exception by the CLI).
When the parent dies without a word (SIGKILL), each worker notices: on Linux the kernel
kills it (``PR_SET_PDEATHSIG``); everywhere, a watchdog thread and the idle wait check
that the parent is still the one that started it; and a worker holds no copy of any
parent end of a pipe (closed after the fork), so its pipe reports the end of file.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp

from verifier.language.claims import Claim
from verifier.language.declarations import Kind
from verifier.numeric.confirm import confirm
from verifier.numeric.evaluation import PiecewiseUncoveredError
from verifier.numeric.falsifier import RELAXED, exact_search, falsify
from verifier.numeric.float64 import decide_float64
from verifier.outcome import HypothesisCheck, Outcome, StepOutcome
from verifier.problem import Problem, problems_of
from verifier.prover import FIXED_SIZES, prove
from verifier.verdicts import Scope, Verdict, decide

__all__ = ["DEFAULT_TIMEOUT", "MAX_JOBS", "MAX_TIMEOUT", "verify", "verify_all"]

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86_400.0
"""The longest time limit per claim: one day."""
MAX_JOBS = 4 * (os.cpu_count() or 1)
"""The most worker processes: four per core (each may take up to ``WORKER_MEMORY_BYTES``;
more workers than that only share the same cores)."""
# The parent wakes at least this often while it waits for workers (a wait longer than
# about 24 days overflows poll(); signals wake it anyway).
WAIT_SLICE = 60.0
# How often an idle or busy worker checks that its parent is alive (seconds).
PARENT_CHECK = 0.5
EXACT_SEARCH_POINTS = 4

Report = Callable[[Outcome], None]


def claim_seed(claim: Claim, seed: int) -> int:
    """A per-claim seed: stable across runs and processes, different between claims."""
    return (zlib.crc32(claim.id.encode()) + seed) % 2**32


def _decide_problem(problem: Problem, seed: int, report: Callable[[StepOutcome], None]) -> StepOutcome:
    if problem.float64:
        return decide_float64(problem, seed)
    numeric = falsify(problem, seed)
    counterexample = numeric.counterexample
    report(
        StepOutcome(
            verdict=Verdict.REFUTED if counterexample else Verdict.UNDECIDED,
            numeric=numeric.evidence,
            counterexample=counterexample,
            reason=None if counterexample else "the symbolic proof did not finish",
        )
    )
    # With a counterexample in hand, only the cheap strategy runs, without SymPy's
    # simplify: it can still expose an inconsistency of the prover's own tactics, and the
    # fixed-size strategy and simplify would only spend time.
    attempt = prove(problem, fixed_sizes=() if counterexample else FIXED_SIZES, simplify=counterexample is None)
    not_real = numeric.not_real or (None if counterexample else _not_real_as_written(problem, seed))
    if not_real is not None:
        # A proof may hold over the complex numbers (exp(log(x)) = x for x < 0), which
        # says nothing of a claim about real quantities: no proof stands.
        attempt = replace(
            attempt,
            proof=None,
            failure=f"a side is not a real number at {not_real} (within the domain and assumptions)",
        )
    evidence = numeric.evidence
    if attempt.proof is None and counterexample is None and numeric.samples:
        counterexample, checked = exact_search(numeric.samples, EXACT_SEARCH_POINTS)
        if evidence is not None:
            evidence = replace(evidence, exact_points=checked)
    proof_scope = attempt.proof.scope if attempt.proof else None
    if counterexample is not None and proof_scope is not None and not _within(counterexample.sizes, proof_scope):
        proof_scope = None  # a fixed-size proof and a counterexample at another size agree
    decision = decide(
        proof_scope=proof_scope,
        proof_failure=attempt.failure,
        counterexample_found=counterexample is not None,
        numeric_failure=numeric.failure,
    )
    return StepOutcome(
        verdict=decision.verdict,
        scope=decision.scope,
        proof=attempt.proof if decision.verdict is Verdict.PROVED else None,
        numeric=evidence,
        counterexample=counterexample if decision.verdict is not Verdict.PROVED else None,
        reason=decision.reason,
    )


def _not_real_as_written(problem: Problem, seed: int) -> str | None:
    """A point of the domain, within the assumptions, where the relation as written has no
    real value (log of a number <= 0), found by searching each of ``problem.real_where``
    for a counterexample; written out as ``x = 2``."""
    for condition in problem.real_where:
        where = replace(
            problem,
            lhs=condition.lhs,
            rhs=condition.rhs,
            relation=type(condition),
            tolerance=None,
            written=None,
            real_where=(),
        )
        try:
            found = falsify(where, seed, RELAXED).counterexample
        except Exception:  # noqa: BLE001  (a condition the search cannot evaluate shows nothing)
            continue
        if found is not None:
            return ", ".join(f"{name} = {value}" for name, value in {**found.sizes, **found.values}.items())
    return None


def _within(sizes: dict[str, int], scope: Scope) -> bool:
    if scope.sizes is None:
        return True
    return any(value in scope.sizes for value in sizes.values())


def _combine(claim: Claim, steps: Sequence[StepOutcome], seconds: float, pending: int = 0) -> Outcome:
    """A claim's outcome from its steps' outcomes (``pending`` steps not yet decided)."""
    base = dict(claim_id=claim.id, expected=claim.expected, seconds=seconds)
    if claim.statement is not None and len(steps) == 1 and not pending:
        step = steps[0]
        return Outcome(
            verdict=step.verdict,
            scope=step.scope,
            proof=step.proof,
            numeric=step.numeric,
            counterexample=step.counterexample,
            reason=step.reason,
            **base,  # type: ignore[arg-type]
        )
    for number, step in enumerate(steps, start=1):
        if step.verdict is Verdict.REFUTED:
            return Outcome(
                verdict=Verdict.REFUTED,
                counterexample=step.counterexample,
                failing_step=number,
                numeric=step.numeric,
                steps=tuple(steps),
                **base,  # type: ignore[arg-type]
            )
    errors = [n for n, s in enumerate(steps, start=1) if s.verdict is Verdict.ERROR]
    if errors:
        return Outcome(
            verdict=Verdict.ERROR,
            reason=f"step {errors[0]}: {steps[errors[0] - 1].reason}",
            steps=tuple(steps),
            **base,  # type: ignore[arg-type]
        )
    open_steps = [n for n, s in enumerate(steps, start=1) if s.verdict is Verdict.UNDECIDED]
    if open_steps or pending:
        reasons = [f"step {n}: {steps[n - 1].reason}" for n in open_steps]
        if pending:
            reasons.append(f"{pending} step(s) not reached before the time limit")
        return Outcome(
            verdict=Verdict.UNDECIDED,
            reason="; ".join(reasons),
            steps=tuple(steps),
            numeric=steps[0].numeric if len(steps) == 1 else None,
            **base,  # type: ignore[arg-type]
        )
    scopes = [s.scope for s in steps if s.scope is not None]
    return Outcome(
        verdict=Verdict.PROVED,
        scope=_intersect(scopes),
        proof=steps[0].proof if claim.statement is not None else None,
        numeric=steps[0].numeric if claim.statement is not None else None,
        steps=tuple(steps) if claim.steps else (),
        **base,  # type: ignore[arg-type]
    )


def _intersect(scopes: Sequence[Scope]) -> Scope:
    sizes: set[int] | None = None
    for scope in scopes:
        if scope.sizes is not None:
            sizes = set(scope.sizes) if sizes is None else sizes & set(scope.sizes)
    return Scope(sizes=None if sizes is None else tuple(sorted(sizes)))


def _hypothesis_checks(claim: Claim, problems: Sequence[Problem], seed: int) -> tuple[HypothesisCheck, ...]:
    checks = []
    for hypothesis in claim.hypotheses:
        if hypothesis.relaxed_to is None:
            continue
        counterexample = None
        relaxable = True
        for problem in problems:  # each step relaxed only when the search reaches it
            relaxed = problem.without(hypothesis)
            if relaxed is None:  # the same at every step: this hypothesis cannot be relaxed
                relaxable = False
                break
            dropped = set(problem.assumptions) - set(relaxed.assumptions)
            try:
                numeric = falsify(relaxed, seed, RELAXED, dropped=dropped.pop() if len(dropped) == 1 else None)
            except PiecewiseUncoveredError:
                break  # outside the hypothesis a Piecewise of the claim has no value: nothing shown
            counterexample = numeric.counterexample
            if counterexample is not None:
                break
        if not relaxable:
            continue
        checks.append(
            HypothesisCheck(
                hypothesis=hypothesis.text,
                relaxed_to=hypothesis.relaxed_to,
                needed=True if counterexample else None,
                counterexample=counterexample,
            )
        )
    return tuple(checks)


def _require_claims(claims: object, function: str) -> list[Claim]:
    """The claims as a list, or a clear TypeError for what is not a claim (a string is neither a path nor a claim)."""
    items = [claims] if isinstance(claims, str | bytes) or not hasattr(claims, "__iter__") else list(claims)
    found: list[Claim] = []
    for item in items:
        if isinstance(item, Claim):
            found.append(item)
            continue
        hint = ""
        if isinstance(item, str | bytes):
            hint = ": load claims written as text first: verifier.loads(text).claims (verifier.load(path) for a file)"
        elif isinstance(getattr(item, "claims", None), tuple):
            hint = ": pass a claim file's claims, as in verify_all(claim_file.claims)"
        raise TypeError(f"{function} takes claims (verifier.Claim), got {type(item).__name__}{hint}")
    return found


def verify(claim: Claim, *, seed: int = 0, report: Report | None = None, hypotheses: bool = True) -> Outcome:
    """Verify one claim in this process (no time limit); ``report`` sees each phase's outcome."""
    _require_claims([claim], "verify")
    start = time.perf_counter()
    notify = report or (lambda outcome: None)
    own_seed = claim_seed(claim, seed)
    try:
        problems = problems_of(claim)
        steps: list[StepOutcome] = []
        for index, problem in enumerate(problems):
            remaining = len(problems) - index - 1

            def partial(step: StepOutcome, done: list[StepOutcome] = steps, left: int = remaining) -> None:
                notify(_combine(claim, [*done, step], time.perf_counter() - start, left))

            steps.append(_decide_problem(problem, own_seed, partial))
            if steps[-1].verdict is Verdict.REFUTED:
                break  # a chain fails at its first failing step
        outcome = _combine(claim, steps, time.perf_counter() - start)
        if outcome.verdict is Verdict.PROVED and hypotheses and claim.hypotheses and not claim.float64:
            notify(replace(outcome, seconds=time.perf_counter() - start))
            outcome = replace(outcome, hypotheses=_hypothesis_checks(claim, problems, own_seed))
    except Exception as error:  # noqa: BLE001  (any failure to evaluate is the error verdict)
        outcome = Outcome(
            claim_id=claim.id,
            verdict=Verdict.ERROR,
            expected=claim.expected,
            reason=f"{type(error).__name__}: {error}",
        )
    return replace(outcome, seconds=round(time.perf_counter() - start, 3))


# -- processes and time limits ---------------------------------------------------------


# A worker may use at most this much memory: a claim built to exhaust the machine fails
# alone (MemoryError, the error verdict) instead of taking the machine down.
WORKER_MEMORY_BYTES = 4 * 2**30


def _limit_memory() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time limit still bounds the worker


# What a worker sends after a claim's outcome when it stops and must be replaced.
RETIRE = "retire"

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """End this worker when its parent process ends, whichever way it ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still notices
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(1)  # reparented: nobody is waiting for this worker's results

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _worker(
    claims: Sequence[Claim],
    seed: int,
    connection: multiprocessing.connection.Connection,
    parent: int,
    inherited: Sequence[multiprocessing.connection.Connection] = (),
    known: Mapping[str, Outcome] | None = None,
) -> None:
    """Verify the claims the parent sends by position, one at a time, until told to stop.

    A worker lives for many claims, so SymPy's caches stay warm between them. It closes
    the parent ends of pipes it inherited from a fork (``inherited``), leaves signals to
    the parent (Ctrl-C reaches the whole process group: the parent decides), and ends
    when the parent does.
    """
    for end in inherited:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with_parent(parent)
    _limit_memory()
    try:
        while True:
            while not connection.poll(PARENT_CHECK):
                if os.getppid() != parent:
                    return
            index = connection.recv()
            if index is None:
                break
            try:
                claim = claims[index]
                stored = (known or {}).get(claim.id)
                if stored is not None and confirm(claim, stored):
                    outcome = stored
                else:
                    outcome = verify(claim, seed=seed, report=connection.send)
                connection.send(outcome)
                # After running out of memory the heap may stay bloated: start afresh.
                exhausted = outcome.verdict is Verdict.ERROR and (outcome.reason or "").startswith("MemoryError")
                connection.send(RETIRE if exhausted else None)
                if exhausted:
                    break
            except Exception:  # noqa: BLE001  (the parent must hear of any failure)
                connection.send(("crash", traceback.format_exc(limit=3)))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass  # the parent went away or interrupted the run: nothing left to report to
    finally:
        connection.close()


@dataclass
class _Worker:
    """A worker process and the claim it is verifying, if any."""

    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection
    index: int | None = None
    claim: Claim | None = None
    started: float = 0.0
    last: Outcome | None = None

    def give(self, index: int, claim: Claim) -> None:
        self.index, self.claim, self.started, self.last = index, claim, time.perf_counter(), None
        self.connection.send(index)

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def _context() -> Any:  # a fork or spawn context (typeshed's BaseContext lacks Process)
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start_worker(
    context: Any,
    claims: Sequence[Claim],
    seed: int,
    others: Sequence[_Worker],
    known: Mapping[str, Outcome] | None = None,
) -> _Worker:
    """A new worker; ``others`` are the running ones, whose pipe ends a forked child must close."""
    parent, child = context.Pipe(duplex=True)
    forked = context.get_start_method() == "fork"
    # A forked child holds copies of every parent end open here; were they left open, the
    # child's own pipe would never report the parent's death (it holds the other end).
    inherited = [parent, *(w.connection for w in others if not w.connection.closed)] if forked else []
    process = context.Process(target=_worker, args=(claims, seed, child, os.getpid(), inherited, known), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


def verify_all(
    claims: Sequence[Claim],
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    seed: int = 0,
    on_outcome: Report | None = None,
    known: Mapping[str, Outcome] | None = None,
) -> list[Outcome]:
    """Verify every claim in worker processes; results in the claims' order.

    ``jobs`` long-lived workers take one claim at a time. A worker past the time limit,
    or one that died, is replaced by a fresh one; the claim keeps its last report.
    ``known`` maps claim ids to stored outcomes: such an outcome is the result when its
    counterexamples are confirmed again, else the claim is verified afresh.
    """
    claims = _require_claims(claims, "verify_all")
    if not claims:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(claims), MAX_JOBS))
    context = _context()
    # Longest first, so that no slow claim starts last and leaves a core idle.
    waiting = sorted(range(len(claims)), key=lambda i: -_expected_cost(claims[i]))
    results: dict[int, Outcome] = {}
    workers: list[_Worker] = []
    try:
        for _ in range(jobs):
            workers.append(_start_worker(context, claims, seed, workers, known))

        def assign(position: int) -> None:
            """Give the worker at ``position`` the next claim (a fresh worker if it died idle)."""
            index = waiting.pop(0)
            try:
                workers[position].give(index, claims[index])
            except OSError:
                workers[position].kill()
                workers[position] = _start_worker(context, claims, seed, workers, known)
                workers[position].give(index, claims[index])

        for position in range(len(workers)):
            if waiting:
                assign(position)
        while any(w.index is not None for w in workers):
            busy = [w for w in workers if w.index is not None]
            nearest = min(w.started + timeout for w in busy)
            ready = multiprocessing.connection.wait(
                [w.connection for w in busy], timeout=min(WAIT_SLICE, max(0.0, nearest - time.perf_counter()))
            )
            for position, worker in enumerate(workers):
                if worker.index is None:
                    continue
                finished = None
                replace_worker = False
                if worker.connection in ready:
                    finished, replace_worker = _drain(worker)
                elif time.perf_counter() - worker.started >= timeout:
                    finished, replace_worker = _timed_out(worker, timeout), True
                if finished is None:
                    continue
                results[worker.index] = finished
                if on_outcome:
                    on_outcome(finished)
                worker.index = worker.claim = None
                if replace_worker:
                    worker.kill()
                    workers[position] = _start_worker(context, claims, seed, workers, known)
                if waiting:
                    assign(position)
    finally:
        for worker in workers:
            if worker.index is None:
                worker.stop()
            else:
                worker.kill()
    return [results[i] for i in range(len(claims))]


def _expected_cost(claim: Claim) -> int:
    """A rough guess of a claim's verification time: relations, derivatives, sizes."""
    relations = claim.relations
    derivatives = sum(len(r.atoms(sp.Derivative)) for r in relations)
    sizes = sum(1 for d in claim.declarations if d.kind is Kind.SIZE)
    return len(relations) * (1 + derivatives) * (1 + sizes)


def _drain(worker: _Worker) -> tuple[Outcome | None, bool]:
    """Read what the worker sent: the final outcome when the claim is done, and whether
    the worker must be replaced (it died)."""
    while worker.connection.poll():
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            last = worker.last
            if last is not None and last.verdict is not Verdict.UNDECIDED:
                return replace(last, reproducible=False), True
            return _crashed(worker, "the worker process ended without a result"), True
        if message is None or message == RETIRE:
            assert worker.last is not None
            return worker.last, message == RETIRE
        if isinstance(message, tuple):
            return _crashed(worker, message[1].strip().splitlines()[-1]), False
        worker.last = message
    return None, False


def _crashed(worker: _Worker, detail: str) -> Outcome:
    assert worker.claim is not None
    return Outcome(
        claim_id=worker.claim.id,
        verdict=Verdict.ERROR,
        expected=worker.claim.expected,
        reason=f"the verifier crashed: {detail}",
        reproducible=False,
    )


def _timed_out(worker: _Worker, timeout: float) -> Outcome:
    assert worker.claim is not None
    worker.process.kill()
    _drain_quietly(worker)
    limit = f"time limit of {timeout:g} s reached"
    last = worker.last
    if last is None:
        return Outcome(
            claim_id=worker.claim.id,
            verdict=Verdict.UNDECIDED,
            expected=worker.claim.expected,
            reason=f"{limit} before the numeric check finished",
            seconds=timeout,
            reproducible=False,
        )
    if last.verdict is Verdict.UNDECIDED:
        return replace(last, reason=f"{limit}: {last.reason}", seconds=timeout, reproducible=False)
    if last.verdict is Verdict.PROVED:
        return replace(
            last,
            seconds=timeout,
            notes=(*last.notes, f"{limit} while checking which hypotheses are needed"),
            reproducible=False,
        )
    return replace(last, seconds=timeout, reproducible=False)


def _drain_quietly(worker: _Worker) -> None:
    try:
        while worker.connection.poll():
            message = worker.connection.recv()
            if isinstance(message, Outcome):
                worker.last = message
    except (EOFError, OSError):
        pass
