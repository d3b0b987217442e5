"""A run driven with its probes (what the CLI and the window's runner train): the same
observations as observing by hand, commands passed through, rows seen as they come, the files
it leaves; and each optimizer's threshold along a learning-rate column."""

import numpy as np
import pytest

from lab.engine.core.commands import SetLr, Stop
from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.landscape.probed_run import ProbedRun, read_sharpness, write_sharpness
from lab.engine.train.landscape.probes import ProbeConfig, sharpness_csv
from lab.engine.train.landscape.sharpness import stability_threshold, thresholds_along
from lab.engine.train.landscape.snapshots import load_snapshots
from lab.engine.train.records import RunStatus
from lab.engine.train.training import TrainingRun
from tests.engine.train.landscape.test_probes import _config, _train, data  # noqa: F401

PROBES = ProbeConfig(snapshot_every=3, sharpness_every=2, samples=100)


def test_driving_equals_observing_by_hand_and_commands_pass_through(data):  # noqa: F811
    config = _config()
    _, by_hand = _train(config, data, PROBES, {2: SetLr(0.05)})
    rows: list = []
    probed = ProbedRun(TrainingRun(config, data, "cpu"), PROBES, rows)
    steps = probed.steps()
    update = next(steps)
    seen = []
    while True:
        seen.append(len(rows))
        try:
            update = steps.send(SetLr(0.05) if update.iteration == 2 else None)
        except StopIteration:
            break
    assert update.status is RunStatus.FINISHED
    assert rows is probed.probes.rows and seen == [1, 2, 2, 3, 3, 4, 5]  # each as it comes
    assert [r.iteration for r in rows] == [r.iteration for r in by_hand.rows] == [0, 2, 4, 6, 7]
    np.testing.assert_allclose([r.sharpness for r in rows], [r.sharpness for r in by_hand.rows],
                               rtol=1e-6)
    assert rows[0].threshold == pytest.approx(2 / 0.1) and rows[-1].threshold == pytest.approx(
        2 / 0.05)  # the live change moved it
    assert probed.probes.snapshots.iterations == [0, 3, 6, 7]


def test_a_stop_ends_it_and_its_files_read_back(data, tmp_path):  # noqa: F811
    config = _config()
    probed = ProbedRun(TrainingRun(config, data, "cpu"), PROBES)
    steps = probed.steps()
    next(steps)
    next(steps)
    with pytest.raises(StopIteration):
        steps.send(Stop())
    assert probed.result().status is RunStatus.STOPPED
    written = probed.save(tmp_path / "weights", {"name": "probe"})
    shapes = {n: p.shape for n, p in probed.run.model.named_parameters()}
    snapshots, meta = load_snapshots(written[0], shapes)
    assert snapshots.iterations == [0] and meta["config"] == {"name": "probe"}
    path = write_sharpness(tmp_path, probed.probes.rows)
    assert path.read_text() == sharpness_csv(probed.probes.rows)
    assert read_sharpness(path) == probed.probes.rows
    assert read_sharpness(tmp_path / "none.csv") == []
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError):
        read_sharpness(tmp_path / "bad.csv")


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"])
def test_thresholds_along_an_lr_column_are_each_steps_threshold(name):
    optimizer = make_optimizer(name, lr=0.01)
    lrs = np.array([0.01, 0.01, 0.05, 0.002])
    values, preconditioned = thresholds_along(optimizer, lrs)
    expected = [stability_threshold(optimizer, lr) for lr in lrs]
    np.testing.assert_allclose(values, [t.value for t in expected])
    assert preconditioned == expected[0].preconditioned
    assert thresholds_along(make_optimizer("lion", lr=1e-4), lrs) == (None, False)


def test_the_landscape_presets_keep_and_measure_what_they_show():
    from lab.engine.train.presets import TRAIN_PRESETS

    plane = TRAIN_PRESETS["landscape-optimizers"]
    assert plane.probes.snapshot_every and not plane.probes.sharpness_every
    runs = plane.runs
    assert [r.name for r in runs] == ["sgd", "momentum", "adagrad", "adam"]
    assert len({(r.seed, r.model) for r in runs}) == 1  # one initial point: one shared plane
    eos = TRAIN_PRESETS["edge-of-stability"]
    assert eos.probes.sharpness_every and not eos.probes.snapshot_every
    for run in eos.runs:  # full batch, sharpness on that same batch
        assert run.optimizer.name == "sgd" and run.batch_size == run.data.train_size
        assert eos.probes.samples == run.data.train_size and run.data.holdout == 0
    assert [stability_threshold(r.optimizer, r.optimizer.params["lr"]).value
            for r in eos.runs] == pytest.approx([2 / 0.15, 2 / 0.25])
    assert all(not p.probes.active for k, p in TRAIN_PRESETS.items()
               if k not in ("landscape-optimizers", "landscape-batchnorm", "edge-of-stability"))
    bn = TRAIN_PRESETS["landscape-batchnorm"]
    assert bn.probes.snapshot_every and [r.model.batchnorm for r in bn.runs] == [True, False]
    assert len({r.seed for r in bn.runs}) == 1
