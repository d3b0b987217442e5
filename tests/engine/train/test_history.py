"""A run's history: one writer appends while other threads read; a reader never sees half a
row, a snapshot keeps its values as the history grows, and an ended run's history is sealed."""

import sys
import threading

import numpy as np
import pytest

from lab.engine.train.history import History, HistoryError, metrics_csv
from lab.engine.train.records import Update

EVAL_EVERY = 7


def row(it: int, total: int = 10_000) -> Update:
    measured = it % EVAL_EVERY == 0
    return Update("h", it, total, it / 100, 1.0 / it, 1e-3 * it, float(it) * 2,
                  it / total if measured else None, it / total / 2 if measured else None,
                  elapsed_s=it / 1000)


def check_whole(rows) -> None:
    """Every column holds exactly the rows written so far, each row complete."""
    it = np.arange(1, rows.n + 1)
    assert np.array_equal(rows.iterations, it)
    assert np.array_equal(rows.loss, 1.0 / it) and np.array_equal(rows.grad_norm, it * 2.0)
    assert np.array_equal(rows.lr, 1e-3 * it)
    measured = np.arange(EVAL_EVERY, rows.n + 1, EVAL_EVERY)
    assert np.array_equal(rows.eval_iteration, measured)
    assert len(rows.eval_epoch) == len(rows.train_acc) == len(rows.val_acc) == len(measured)
    assert np.array_equal(rows.val_acc * 2, rows.train_acc)
    assert rows.n == 0 or rows.elapsed_s == rows.n / 1000


def test_a_reader_in_another_thread_never_sees_half_a_row():
    """The window reads while the run appends (through several growths of the arrays); with
    the interpreter switching threads every microsecond, every snapshot is whole."""
    history = History("h", capacity=4)
    total = 20_000
    seen = []

    def write():
        for it in range(1, total + 1):
            history.add(row(it, total))

    writer = threading.Thread(target=write)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        writer.start()
        while writer.is_alive():
            rows = history.snapshot()
            check_whole(rows)
            seen.append(rows.n)
    finally:
        writer.join()
        sys.setswitchinterval(interval)
    assert len(set(seen)) > 10, "the reader should have seen the history grow"
    check_whole(history.snapshot())


def test_a_snapshot_keeps_its_rows_while_the_history_grows():
    history = History("h", capacity=2)
    for it in range(1, 15):
        history.add(row(it))
    before = history.snapshot()
    for it in range(15, 300):  # the arrays grow several times
        history.add(row(it))
    assert before.n == 14 and before.total == 10_000
    check_whole(before)
    check_whole(history.snapshot())
    with pytest.raises(ValueError, match="read-only"):
        before.loss[0] = 0.0


def test_a_sealed_history_refuses_rows_and_answers_questions():
    history = History("h")
    history.add(row(1))
    history.seal()
    with pytest.raises(HistoryError, match="'h' has ended"):
        history.add(row(2))
    assert history.n == 1 and history.snapshot().n == 1
    assert metrics_csv([history]).splitlines()[1].startswith("h,1,0.0100,1,")


def test_progress_and_pace():
    history = History("h")
    assert history.snapshot().eta_s() is None and history.snapshot().progress() == 0
    for it in range(1, 2501):
        history.add(row(it))
    rows = history.snapshot()
    assert rows.progress() == 0.25 and rows.eta_s() == pytest.approx(2.5 * 3)
    rebuilt = History.from_columns("h", rows.iterations, rows.loss, rows.lr, rows.grad_norm,
                                   list(zip(rows.eval_iteration, rows.eval_epoch,
                                            rows.train_acc, rows.val_acc, strict=True)),
                                   total=rows.total, epoch_of_iteration=0.01,
                                   elapsed_s=rows.elapsed_s)  # fmt: skip
    assert rebuilt.sealed
    check_whole(rebuilt.snapshot())
