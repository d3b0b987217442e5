"""``descent-lab bench training``: one CPU epoch through our training generator against a bare
torch loop, for the book's MLP alone and with each of batch norm, dropout and L2 (issue 20).

Why paired: the machine's speed drifts (other processes, frequency scaling), so each variant's
two loops are timed in turn, ours and the bare one alternating which goes first, and the ratio
is the median of the pairs' ratios: a slow spell slows both halves of a pair. Each bare loop
is what a user would write for the same network: the same model config built by the same
``build_model``, the same in-memory tensors, the same ``torch.optim.SGD`` and the same loss
(the book's L2 term 0.5·λ·ΣW² over the weights where the variant has it), minibatches taken
with ``x[index]`` from a permutation, and nothing measured. Dropout in the bare loop is
torch's ``nn.Dropout`` (the global generator); ours draws its masks from the run's own.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

BATCH = 128
LR = 0.01
# the training lab's presets' settings on the bench's epoch (lab.engine.train.presets): a
# figure prefix, the model's changes and the L2 weight decay λ
VARIANTS = {"": ({}, 0.0), "bn_": ({"batchnorm": True}, 0.0),
            "dropout_": ({"dropout": 0.2}, 0.0), "l2_": ({}, 0.1)}  # fmt: skip


def bench_config(model_changes: dict, l2: float):
    """One epoch of the book's MLP (784-100×4-10, ReLU, He) with SGD, nothing evaluated."""
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.train.config import TrainConfig
    from lab.engine.train.models import ModelConfig

    return TrainConfig("bench", model=ModelConfig(**model_changes), batch_size=BATCH,
                       optimizer=make_optimizer("sgd", lr=LR), epochs=1, eval_every=-1,
                       final_evaluation=False, l2=l2)  # fmt: skip


def our_epoch(config, data):
    """One epoch through the training lab's generator, the run built inside the timing."""
    from lab.engine.train.training import TrainingRun

    def epoch() -> None:
        for _ in TrainingRun(config, data, "cpu").steps():
            pass

    return epoch


def bare_epoch(config, data):
    """The same epoch as a minimal torch loop (the reference ours is held to)."""
    import torch
    import torch.nn.functional as F

    from lab.engine.train.models import build_model, weight_parameters

    model_config = replace(config.model, inputs=data.train_x.shape[1], classes=data.classes,
                           image_side=data.image_side)  # fmt: skip

    def epoch() -> None:
        model = build_model(model_config, torch.Generator().manual_seed(config.seed))
        weights = weight_parameters(model)
        opt = torch.optim.SGD(model.parameters(), lr=config.optimizer.lr)
        order = torch.randperm(len(data.train_x))
        for i in range(0, len(order), config.batch_size):
            index = order[i : i + config.batch_size]
            loss = F.cross_entropy(model(data.train_x[index]), data.train_y[index])
            if config.l2:
                loss = loss + 0.5 * config.l2 * sum((w * w).sum() for w in weights)
            opt.zero_grad()
            loss.backward()
            opt.step()

    return epoch


def paired_seconds(ours, reference, repeats: int) -> tuple[float, float, float]:
    """(median of ours, median of the reference, median of ours/reference pair by pair), in
    seconds, after one warm-up of each; the two alternate which runs first."""
    ours(), reference()
    mine, theirs = [], []
    for k in range(repeats):
        pair = {}
        for name, fn in (("ours", ours), ("ref", reference))[:: 1 if k % 2 == 0 else -1]:
            start = time.perf_counter()
            fn()
            pair[name] = time.perf_counter() - start
        mine.append(pair["ours"])
        theirs.append(pair["ref"])
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    return statistics.median(mine), statistics.median(theirs), statistics.median(ratios)


def bench_training(quick: bool = False) -> dict[str, float]:
    """Every variant against its own bare loop; the plain one's FLOP rate beside the machine's
    matrix-product rate; a DataLoader loop; what inside-training diagnostics cost."""
    from lab.bench.inside import diagnostics_figures
    from lab.bench.suites import epoch_flops, median_ms, sgemm_gflops
    from lab.engine.core.devices import apply_thread_budget, thread_budget
    from lab.engine.train.config import DataConfig
    from lab.engine.train.data import cached_data
    from lab.engine.train.models import ModelConfig

    apply_thread_budget(thread_budget(leave_for_gui=False))
    data = cached_data(DataConfig(), "cpu")
    repeats = 1 if quick else 5
    sgemm_before = sgemm_gflops()
    figures: dict[str, float] = {}
    for prefix, (model_changes, l2) in VARIANTS.items():
        config = bench_config(model_changes, l2)
        ours, bare, ratio = paired_seconds(our_epoch(config, data), bare_epoch(config, data),
                                           repeats)  # fmt: skip
        figures.update({f"{prefix}epoch_s": ours, f"{prefix}bare_torch_epoch_s": bare,
                        f"{prefix}epoch_vs_bare": ratio})  # fmt: skip
    plain = bench_config({}, 0.0)
    figures["dataloader_epoch_s"] = median_ms(dataloader_epoch(plain, data), repeats) / 1e3
    figures["dataloader_vs_epoch"] = figures["dataloader_epoch_s"] / figures["epoch_s"]
    flops = epoch_flops(ModelConfig().widths(), len(data.train_x))
    figures["epoch_gflops"] = flops / figures["epoch_s"] / 1e9
    figures["bare_torch_epoch_gflops"] = flops / figures["bare_torch_epoch_s"] / 1e9
    figures["sgemm_gflops"] = (sgemm_before + sgemm_gflops()) / 2  # the machine's speed drifts
    figures.update(diagnostics_figures(plain, data, 1 if quick else 5))
    return figures  # the CLI adds gui_stall_p99_ms (lab.bench.stall: it needs Qt)


def dataloader_epoch(config, data):
    """The plain epoch through ``TensorDataset`` + ``DataLoader`` (what tutorials write)."""
    import torch
    import torch.nn.functional as F

    from lab.engine.train.models import build_model

    def epoch() -> None:
        model = build_model(config.model, torch.Generator().manual_seed(config.seed))
        opt = torch.optim.SGD(model.parameters(), lr=config.optimizer.lr)
        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(data.train_x, data.train_y),
            batch_size=config.batch_size, shuffle=True)  # fmt: skip
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()

    return epoch
