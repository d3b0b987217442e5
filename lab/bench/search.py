"""``descent-lab bench search``: the book's random search through the whole machinery (Optuna
sampling, a journal file, batched training, per-epoch evaluation, telling) against the same
trials trained one after another in a plain torch.optim loop, in one run; and the arithmetic
rate of the batched search beside a large matrix product's (the machine's practical limit).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace


def matmul_flops(spec, n_train: int, n_val: int, epochs: int, inputs: int = 784,
                 classes: int = 10) -> float:  # fmt: skip
    """Multiply-adds x 2 of one trial: per step forward 2·B·P, backward 4·B·P less the input
    gradient of the first layer (never needed); per epoch a forward pass over train + val."""
    from lab.engine.search.batched import steps_per_epoch

    sizes = (inputs, *spec.model.hidden, classes)
    params = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    batch = min(spec.batch_size, n_train)
    step = 6 * batch * params - 2 * batch * inputs * sizes[1]
    per_epoch = steps_per_epoch(n_train, batch) * step + 2 * (n_train + n_val) * params
    return float(epochs * per_epoch)


def sgemm_gflops(n: int = 2048, repeats: int = 5) -> float:
    import torch

    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n**3 / statistics.median(times) / 1e9


def sequential(specs, data, epochs: int) -> None:
    """The reference: each trial alone, nn.Sequential + torch.optim.SGD, the same minibatches,
    and the book's per-epoch train and validation accuracy."""
    import torch
    from torch import nn

    from lab.engine.search.batched import minibatch_indices, steps_per_epoch
    from lab.engine.search.trial_spec import sequential_model

    n_train = len(data.train_x)
    for spec in specs:
        model = sequential_model(spec, data.train_x.shape[1], data.classes)
        linears = [m for m in model if isinstance(m, nn.Linear)]
        opt = torch.optim.SGD([{"params": [m.weight for m in linears], "weight_decay": spec.l2},
                               {"params": [m.bias for m in linears], "weight_decay": 0.0}],
                              lr=spec.optimizer.lr)  # fmt: skip
        steps = steps_per_epoch(n_train, spec.batch_size)
        for k, idx in enumerate(minibatch_indices(spec, n_train, epochs, "replacement"), 1):
            opt.zero_grad()
            nn.functional.cross_entropy(model(data.train_x[idx]), data.train_y[idx]).backward()
            opt.step()
            if k % steps == 0:
                with torch.no_grad():
                    (model(data.train_x).argmax(1) == data.train_y).float().mean().item()
                    (model(data.val_x).argmax(1) == data.val_y).float().mean().item()


def step_ms(specs, data, use_vmap: bool, repeats: int = 10) -> float:
    """One training step of ``specs`` batched: our baddbmm trainer, or torch.func's
    stack_module_state + vmap(grad(functional_call)) with a plain SGD update."""
    import torch
    from torch import nn
    from torch.func import functional_call, grad, stack_module_state, vmap

    from lab.engine.search.stacked_mlp import BatchedMLP

    n, b = len(specs), specs[0].batch_size
    idx = torch.randint(len(data.train_x), (n, b), generator=torch.Generator().manual_seed(0))
    x, y = data.train_x[idx], data.train_y[idx]
    if not use_vmap:
        model = BatchedMLP(specs, data.train_x.shape[1], data.classes, "cpu")

        def run():
            model.train_step(x, y)
    else:
        sizes = (data.train_x.shape[1], *specs[0].model.hidden, data.classes)
        nets = []
        for _ in specs:
            layers = []
            for a, c in zip(sizes[:-1], sizes[1:], strict=True):
                layers += [nn.Linear(a, c), nn.ReLU()]
            nets.append(nn.Sequential(*layers[:-1]))
        params, buffers = stack_module_state(nets)
        params = {k: v.detach() for k, v in params.items()}
        base = nets[0].to("meta")
        lr = torch.tensor([s.optimizer.lr for s in specs])

        def loss(p, bufs, xb, yb):
            return nn.functional.cross_entropy(functional_call(base, (p, bufs), (xb,)), yb)

        grads_of = vmap(grad(loss), in_dims=(0, 0, 0, 0))

        def run():
            grads = grads_of(params, buffers, x, y)
            for k, g in grads.items():
                params[k] -= lr.view(-1, *[1] * (g.dim() - 1)) * g
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def bench_search(quick: bool = False, rounds: int = 3) -> dict[str, float]:
    """search_book_s, sequential_book_s (20 trials each with --quick, else all 100),
    batched_gflops and sgemm_gflops, and their ratios; one training step of 20 book models,
    baddbmm vs vmap.

    Each of ``rounds`` rounds times the matrix product, the search, the matrix product again,
    then the sequential loop on the same trials; a ratio is taken within each round (the
    search's rate against the mean of the two products just around it) and the figures are
    medians over rounds. Why: a machine shared with other jobs changes speed over minutes;
    within one round the two sides of a ratio see the same machine, and a median ignores one
    disturbed round (the best of each side, taken apart, could pair a quiet minute with a
    busy one)."""
    from lab.engine.search.data import prepare_data
    from lab.engine.search.presets import SEARCH_PRESETS
    from lab.engine.search.runner import run_worker
    from lab.engine.search.study import open_study

    config = SEARCH_PRESETS["book-random-search"].config
    if quick:
        config = replace(config, trials=20, batch_trials=20)
    data = prepare_data(config.data, "cpu")
    import optuna  # noqa: F401  (imported once per process: not part of a search's time)

    sgemm_gflops()  # warm: MKL's first call sets up its threads and buffers
    search_times, sequential_times, sgemm_rates, flops = [], [], [], []
    for round_ in range(rounds):
        before = sgemm_gflops()
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            handle = open_study(f"bench{round_}", config, data_dir=folder)
            for _ in run_worker(handle, "cpu"):
                pass
            search_times.append(time.perf_counter() - start)
            sgemm_rates.append((before + sgemm_gflops()) / 2)
            trials = [t for t in handle.study.get_trials() if t.state.name == "COMPLETE"]
        specs = [config.trial_spec(t.params, config.trial_seed(t.number)) for t in trials]
        flops.append(sum(matmul_flops(s, len(data.train_x), len(data.val_x), config.epochs)
                         for s in specs))  # fmt: skip
        start = time.perf_counter()
        sequential(specs, data, config.epochs)
        sequential_times.append(time.perf_counter() - start)
    median = statistics.median
    batched = [f / t / 1e9 for f, t in zip(flops, search_times, strict=True)]
    few = specs[:20]
    return {"trials": float(len(specs)), "rounds": float(rounds),
            "search_book_s": median(search_times), "sequential_book_s": median(sequential_times),
            "search_vs_sequential": median(s / q for s, q in zip(search_times, sequential_times,
                                                                 strict=True)),
            "batched_gflops": median(batched), "sgemm_gflops": median(sgemm_rates),
            "batched_vs_sgemm": median(b / g for b, g in zip(batched, sgemm_rates, strict=True)),
            "sgemm_vs_batched": median(g / b for b, g in zip(batched, sgemm_rates, strict=True)),
            "bmm_step_20_ms": step_ms(few, data, use_vmap=False),
            "vmap_step_20_ms": step_ms(few, data, use_vmap=True)}  # fmt: skip
