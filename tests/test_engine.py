"""The engine: verdicts per claim, chains step by step, time limits, crashes."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest
import sympy as sp

from verifier import Domain, Eq, Variables, Verdict, claim, diff, engine, sigmoid, verify, verify_all
from verifier.outcome import Outcome

v = Variables()
x = v.scalar("x")
p = v.scalar("p", Domain.POSITIVE)

TRUE = claim(v, id="true", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
FALSE = claim(v, id="false", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x))), expected="refuted")
CHAIN = claim(
    v,
    id="chain",
    steps=[diff(sp.log(sigmoid(x)), x), sigmoid(x) * (1 - sigmoid(x)) / sigmoid(x), 1 + sigmoid(x), 1 + sigmoid(x)],
    expected="refuted",
)


class TestVerify:
    def test_true_claim_is_proved_with_evidence(self) -> None:
        """A true claim is proved, with numeric evidence and a proof."""
        outcome = verify(TRUE)
        assert outcome.verdict is Verdict.PROVED and outcome.as_expected
        assert outcome.numeric is not None and outcome.proof is not None

    def test_false_claim_is_refuted(self) -> None:
        """A false claim is refuted with a counterexample, as expected."""
        outcome = verify(FALSE)
        assert outcome.verdict is Verdict.REFUTED and outcome.counterexample is not None
        assert outcome.as_expected

    def test_chain_names_the_first_failing_step(self) -> None:
        """A chain whose second step is wrong is refuted at step 2."""
        outcome = verify(CHAIN)
        assert outcome.verdict is Verdict.REFUTED and outcome.failing_step == 2
        assert [s.verdict for s in outcome.steps] == [Verdict.PROVED, Verdict.REFUTED]

    def test_needed_hypothesis_is_shown(self) -> None:
        """log(p^2) = 2 log p needs p > 0: dropping it gives a counterexample."""
        outcome = verify(claim(v, id="log-square", statement=Eq(sp.log(p**2), 2 * sp.log(p))))
        assert outcome.verdict is Verdict.PROVED
        (check,) = outcome.hypotheses
        assert check.needed and check.counterexample is not None

    def test_evaluation_failure_is_an_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An exception while evaluating a claim becomes the error verdict with its message."""

        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        monkeypatch.setattr(engine, "falsify", broken)
        outcome = verify(TRUE)
        assert outcome.verdict is Verdict.ERROR and "boom" in (outcome.reason or "")


class TestVerifyAll:
    def test_results_keep_the_claims_order(self) -> None:
        """verify_all returns outcomes in the order of the claims."""
        outcomes = verify_all([FALSE, TRUE], jobs=2, timeout=60)
        assert [o.claim_id for o in outcomes] == ["false", "true"]

    def test_time_limit_makes_undecided_and_keeps_evidence(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A claim whose proof runs past the limit is undecided, says so, and keeps its numeric evidence."""

        def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
            time.sleep(30)

        monkeypatch.setattr(engine, "prove", slow)
        start = time.perf_counter()
        (outcome,) = verify_all([TRUE], jobs=1, timeout=2)
        assert time.perf_counter() - start < 15
        assert outcome.verdict is Verdict.UNDECIDED
        assert "time limit" in (outcome.reason or "") and outcome.numeric is not None

    def test_refutation_survives_a_slow_prover(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A counterexample confirmed before the time limit still refutes the claim."""

        def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
            time.sleep(30)

        monkeypatch.setattr(engine, "prove", slow)
        (outcome,) = verify_all([FALSE], jobs=1, timeout=2)
        assert outcome.verdict is Verdict.REFUTED

    def test_worker_crash_is_an_error_and_others_complete(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A worker process that dies gives that claim the error verdict; the rest still run."""
        original = engine.verify

        def dying(claim, **kwargs):  # type: ignore[no-untyped-def]
            if claim.id == "false":
                os._exit(3)
            return original(claim, **kwargs)

        monkeypatch.setattr(engine, "verify", dying)
        crashed, fine = verify_all([FALSE, TRUE], jobs=2, timeout=60)
        assert crashed.verdict is Verdict.ERROR and "crashed" in (crashed.reason or "")
        assert fine.verdict is Verdict.PROVED

    def test_a_worker_past_the_limit_is_replaced_and_the_rest_run(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One worker, three claims: the one that hangs times out, the next ones still get verdicts."""
        original = engine.verify

        def hanging(claim, **kwargs):  # type: ignore[no-untyped-def]
            if claim.id == "true":
                time.sleep(60)
            return original(claim, **kwargs)

        monkeypatch.setattr(engine, "verify", hanging)
        hung, refuted, chain = verify_all([TRUE, FALSE, CHAIN], jobs=1, timeout=3)
        assert hung.verdict is Verdict.UNDECIDED and "time limit" in (hung.reason or "")
        assert refuted.verdict is Verdict.REFUTED and chain.verdict is Verdict.REFUTED

    def test_a_worker_out_of_memory_is_replaced(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """After a claim runs out of memory its worker retires; the next claim runs in a fresh one."""
        original = engine.verify

        def exhausting(claim, **kwargs):  # type: ignore[no-untyped-def]
            pid = (str(os.getpid()),)
            if claim.id == "false":
                reason = "MemoryError: simulated"
                return Outcome(
                    claim_id=claim.id, verdict=Verdict.ERROR, expected=claim.expected, reason=reason, notes=pid
                )
            return replace(original(claim, **kwargs), notes=pid)

        monkeypatch.setattr(engine, "verify", exhausting)
        exhausted, fine = verify_all([FALSE, TRUE], jobs=1, timeout=60)
        assert exhausted.reason == "MemoryError: simulated" and fine.verdict is Verdict.PROVED
        assert exhausted.notes and fine.notes and exhausted.notes != fine.notes  # different worker processes

    def test_no_claims_no_outcomes(self) -> None:
        assert verify_all([], jobs=2) == []


def test_dropped_bound_is_searched_just_past_it() -> None:
    """(x - 2)(x - 2 - 1e-6) >= 0 for x <= 2; without the bound it fails only on (2, 2 + 1e-6),
    a window random points miss: the search of the weaker claim starts just past 2."""
    narrow = (x - 2) * (x - 2 - sp.Rational(1, 10**6))
    outcome = verify(claim(v, id="narrow", statement=sp.Ge(narrow, 0), assume=[sp.Le(x, 2)]))
    assert outcome.verdict is Verdict.PROVED
    (check,) = outcome.hypotheses
    assert check.needed and check.counterexample is not None
    value = sp.Rational(check.counterexample.values["x"])
    assert 2 < value < 2 + sp.Rational(1, 10**6)


def test_hypothesis_check_tests_the_statement_as_written() -> None:
    """|x| >= 0 holds for every real x: its hypothesis x > 0 is not needed, though SymPy
    would turn |x| into x under it."""
    outcome = verify(claim(v, id="abs", statement=sp.Ge(sp.Abs(p), 0, evaluate=False)))
    assert outcome.verdict is Verdict.PROVED
    (check,) = outcome.hypotheses
    assert check.needed is None


def test_an_interrupted_run_leaves_no_workers() -> None:
    """KeyboardInterrupt in the parent (here from the progress callback) stops every worker."""
    import multiprocessing

    def interrupt(outcome):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        verify_all([TRUE, FALSE, CHAIN], jobs=2, timeout=60, on_outcome=interrupt)
    assert not multiprocessing.active_children()


class TestReproducible:
    def test_a_finished_outcome_is_reproducible(self) -> None:
        """An outcome reached without any limit depends on the claim alone."""
        (outcome,) = verify_all([TRUE], jobs=1, timeout=60)
        assert outcome.reproducible

    def test_time_limited_and_crashed_outcomes_are_not(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Cut short by the time limit, or by a dying worker: marked not reproducible (never cached)."""
        original = engine.verify

        def hanging_or_dying(claim, **kwargs):  # type: ignore[no-untyped-def]
            if claim.id == "true":
                time.sleep(60)
            if claim.id == "false":
                os._exit(3)
            return original(claim, **kwargs)

        monkeypatch.setattr(engine, "verify", hanging_or_dying)
        hung, crashed, chain = verify_all([TRUE, FALSE, CHAIN], jobs=2, timeout=3)
        assert hung.verdict is Verdict.UNDECIDED and not hung.reproducible
        assert crashed.verdict is Verdict.ERROR and not crashed.reproducible
        assert chain.reproducible


class TestWorkers:
    def test_jobs_are_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """However many jobs are asked for, at most MAX_JOBS workers (and one per claim) start."""
        started = []
        original = engine._start_worker

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            started.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(engine, "_start_worker", counting)
        monkeypatch.setattr(engine, "MAX_JOBS", 2)
        verify_all([TRUE, FALSE, CHAIN], jobs=10_000, timeout=60)
        assert len(started) == 2

    def test_a_huge_time_limit_does_not_overflow(self) -> None:
        """A time limit beyond what poll() accepts (about 24 days) still works."""
        (outcome,) = verify_all([TRUE], jobs=1, timeout=1e12)
        assert outcome.verdict is Verdict.PROVED

    def test_a_worker_sees_the_end_of_its_pipe(self) -> None:
        """A forked worker holds no parent end of any pipe: closing the parent's end, with a
        second worker forked after it, ends the first (it would wait forever otherwise)."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        first = engine._start_worker(context, [TRUE], 0, [])
        second = engine._start_worker(context, [TRUE], 0, [first])
        try:
            first.connection.close()
            first.process.join(timeout=10)
            assert first.process.exitcode is not None
        finally:
            second.stop()
            if first.process.is_alive():
                first.process.kill()


class TestKnownOutcomes:
    def test_a_confirmed_outcome_is_returned_as_it_was(self) -> None:
        """A stored refutation whose counterexample still fails at 50 digits is the result (not re-verified)."""
        stored = replace(verify(FALSE), seconds=123.0)
        (outcome,) = verify_all([FALSE], jobs=1, timeout=60, known={"false": stored})
        assert outcome == stored

    def test_an_outcome_that_does_not_confirm_is_verified_afresh(self) -> None:
        """A stored counterexample that does not fail where it says is dropped: the claim is verified again."""
        stored = verify(FALSE)
        assert stored.counterexample is not None
        forged = replace(stored, seconds=123.0, counterexample=replace(stored.counterexample, lhs="42"))
        (outcome,) = verify_all([FALSE], jobs=1, timeout=60, known={"false": forged})
        assert outcome.verdict is Verdict.REFUTED and outcome.seconds != 123.0
        assert outcome.counterexample is not None and outcome.counterexample.lhs != "42"


class TestSidesOutsideTheReals:
    def test_no_proof_where_a_side_is_not_real(self) -> None:
        """log(x) - log(x)/2 = log(x)/2 holds over the complex numbers, but for x < 0 log(x) has
        no real value: undecided, naming a point where a side is not real."""
        w = Variables()
        x = w.scalar("x")
        outcome = verify(claim(w, id="c", statement=Eq(sp.log(x) - sp.log(x) / 2, sp.log(x) / 2), assume=[sp.Lt(x, 0)]))
        assert outcome.verdict is Verdict.UNDECIDED and "not a real number at x = -" in (outcome.reason or "")

    def test_real_sides_still_prove(self) -> None:
        """The same identity for x > 0 is proved."""
        w = Variables()
        x = w.scalar("x")
        outcome = verify(claim(w, id="c", statement=Eq(sp.log(x) - sp.log(x) / 2, sp.log(x) / 2), assume=[sp.Gt(x, 0)]))
        assert outcome.verdict is Verdict.PROVED


class TestPiecewiseWithoutAValue:
    def test_a_point_in_no_piece_is_an_error(self) -> None:
        """Piecewise((x, b > 0)) at b = 0 has no value: the claim is an error that says so."""
        w = Variables()
        b, y = w.scalar("b", Domain.BINARY), w.scalar("y")
        outcome = verify(claim(w, id="gap", statement=Eq(sp.Piecewise((y, b > 0)), y)))
        assert outcome.verdict is Verdict.ERROR and "no piece" in (outcome.reason or "")

    def test_outside_a_hypothesis_it_only_shows_nothing(self) -> None:
        """With b > 0 assumed the claim is proved; dropping the hypothesis finds no value, not an error."""
        w = Variables()
        b, y = w.scalar("b", Domain.BINARY), w.scalar("y")
        outcome = verify(claim(w, id="covered", statement=Eq(sp.Piecewise((y, b > 0)), y), assume=[sp.Gt(b, 0)]))
        assert outcome.verdict is Verdict.PROVED
        assert all(check.needed is None for check in outcome.hypotheses)


class TestRealAsWritten:
    """SymPy rewrites exp(log(x)) to x as a claim file is read: the claim as written still
    has no real value for x <= 0, and no proof of the rewritten form stands."""

    def outcome(self, statement: str, assume: str = "[]") -> Outcome:
        from verifier import loads

        (written,) = loads(
            f'[symbols]\nx = "real"\n[[claim]]\nid = "c"\nstatement = "{statement}"\nassume = {assume}\n'
        ).claims
        return verify(written)

    def test_exp_of_log_of_a_real(self) -> None:
        outcome = self.outcome("exp(log(x)) == x")
        assert outcome.verdict is Verdict.UNDECIDED and "not a real number" in (outcome.reason or "")

    def test_a_positive_argument_needs_no_search(self) -> None:
        """log(x) with x > 0 assumed holds where written; the domain of a positive symbol
        drops the condition altogether."""
        assert self.outcome("exp(log(x)) == x", '["x > 0"]').verdict is Verdict.PROVED
        from verifier import loads
        from verifier.problem import problems_of

        (positive,) = loads('[symbols]\np = "positive"\n[[claim]]\nid = "c"\nstatement = "exp(log(p)) == p"\n').claims
        assert positive.real_where and problems_of(positive)[0].real_where == ()

    def test_the_logit_inverted_outside_the_unit_interval(self) -> None:
        """sigmoid(log(x/(1 - x))) == x is read as 1/(1 + (1 - x)/x) == x: true for x > 1, but
        the written log has no real value there."""
        outside = self.outcome("sigmoid(log(x/(1 - x))) == x", '["x > 1"]')
        assert outside.verdict is Verdict.UNDECIDED and "not a real number" in (outside.reason or "")
        inside = self.outcome("sigmoid(log(x/(1 - x))) == x", '["x > 0", "x < 1"]')
        assert inside.verdict is Verdict.PROVED
