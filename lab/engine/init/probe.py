"""Activation and gradient statistics through a deep MLP, layer by layer.

Randomness, as the training lab draws it (lab.engine.core.draws): the weights come from the
run's weight generator (seeded with ``seed``), layer by layer and then the head, exactly as
the training lab builds the same network, so "Train this network" (lab.app.init_run) starts
from these very weights; the input and the random labels come from a stream of their own
(``seed + INPUT_STREAM``), so the choice of input never shifts the weights.

One seeded forward pass records every layer's pre-activations (after Linear and the optional
norm) and activations; one backward pass records the gradient of the loss with respect to every
activation and each weight gradient's norm. Order per layer: Linear -> norm -> activation (the
book's batch-norm order). Statistics use finite values only and count the others, so an
overflowing network still gives finite histograms. Everything stays in torch until the small
results are copied out as numpy.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from lab.engine.core import fields as F
from lab.engine.core.initializers import (
    INITIALIZERS,
    InitConfig,
    format_init,
    make_init,
    parse_init,
)
from lab.io.sizes import byte_size

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "selu", "linear")
NORMS = ("none", "batch", "layer")
INPUTS = ("gaussian", "mnist")
LOSSES = ("cross-entropy", "sum")
KINDS = ("preactivation", "activation", "gradient")
MAX_SEED = 2**31 - 1  # as the lab always held it
INPUT_STREAM = 4_000_012  # the input and labels' generator: seed + this (weights: seed)
CLASSES = 10
PARALLEL_FROM = 5_000_000  # values per kind above which the summaries use two threads
# pre-activations, activations and their gradients stay alive together (float32, 4 bytes each)
TENSORS_PER_LAYER = 3
MAX_ACTIVATION_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class ProbeConfig:
    """The book's setup by default: randn(1000, 100) through 5 layers of 100, no bias."""

    depth: int = F.integer(5, 1, 50, help="layers")
    width: int = F.integer(100, 10, 1000, help="units per layer")
    activation: str = F.choice("sigmoid", ACTIVATIONS, help="the nonlinearity of every layer")
    init: InitConfig = F.spec(lambda: make_init("normal", std=1.0), parse_init, format_init,
                              help="how the weights are drawn, e.g. he-normal:mode=fan_out; "
                                   f"names: {' '.join(INITIALIZERS)} (aliases: he, xavier, "
                                   "lecun)")
    bias: bool = F.flag(False, help="layers with (zero) biases")
    norm: str = F.choice("none", NORMS, help="normalisation before each activation")
    input: str = F.choice("gaussian", INPUTS, help="gaussian: randn, the book's; mnist: test "
                                                    "images")
    samples: int = F.integer(1000, 2, 10000, help="examples sent through the network")
    loss: str = F.choice("cross-entropy", LOSSES, help="what the gradients are of: "
                                                       "cross-entropy on random labels, or "
                                                       "the sum of the outputs")
    seed: int = F.integer(0, 0, MAX_SEED, help="seed of the weights (drawn as the training "
                                               "lab draws them), input and labels")
    bins: int = F.integer(30, 2, 200, help="histogram bins")
    shared_bins: bool = F.flag(True, help="one set of bins for every layer (else fitted per "
                                          "layer)")

    def rules(self, bad: frozenset[str]) -> list[str]:
        """The memory bound, once the sizes hold (lab.engine.core.fields.problems)."""
        if bad or self.activation_bytes() <= MAX_ACTIVATION_BYTES:
            return []
        return [f"the probe would hold about {byte_size(self.activation_bytes())} of "
                f"activations and gradients (depth {self.depth} × width {self.width} × samples "
                f"{self.samples} × {TENSORS_PER_LAYER} tensors × 4 bytes); the limit is "
                f"{byte_size(MAX_ACTIVATION_BYTES)}: reduce depth, width or samples"]

    def activation_bytes(self) -> int:
        """Memory the forward and backward pass keep alive, known before anything is built."""
        return 4 * self.samples * (self.input_width + TENSORS_PER_LAYER * self.depth * self.width)

    @property
    def input_width(self) -> int:
        return 784 if self.input == "mnist" else self.width


@dataclass(frozen=True, eq=False)
class Stats:
    """Statistics of one tensor; None where a figure does not apply (or nothing is finite)."""

    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    saturated_frac: float | None
    dead_frac: float | None
    nonfinite: int
    edges: np.ndarray
    counts: np.ndarray

    def as_dict(self) -> dict:
        return {"mean": self.mean, "std": self.std, "min": self.min, "max": self.max,
                "saturated_frac": self.saturated_frac, "dead_frac": self.dead_frac,
                "nonfinite": self.nonfinite,
                "hist": {"edges": self.edges.tolist(), "counts": self.counts.tolist()}}


@dataclass(frozen=True, eq=False)
class LayerResult:
    index: int
    preactivation: Stats
    activation: Stats
    gradient: Stats
    weight_grad_norm: float
    weight_std: float  # empirical std of the initial weights
    theoretical_std: float  # what the initializer promises for this shape

    def stats(self, kind: str) -> Stats:
        return getattr(self, kind)


@dataclass(frozen=True, eq=False)
class ProbeResult:
    """``loss`` is NaN or infinite when the forward pass overflowed: then no gradient exists
    (every ``weight_grad_norm`` is NaN and every gradient value non-finite), by definition."""

    config: ProbeConfig
    layers: tuple[LayerResult, ...]
    loss: float = math.nan

    @property
    def gradients_defined(self) -> bool:
        return math.isfinite(self.loss)

    def as_dict(self) -> dict:
        return {"layers": [{"index": layer.index,
                            **{kind: layer.stats(kind).as_dict() for kind in KINDS},
                            "weight_grad_norm": layer.weight_grad_norm}
                           for layer in self.layers]}  # fmt: skip

    def series(self, kind: str, figure: str = "std") -> np.ndarray:
        """One figure per layer, NaN where undefined (for the std-versus-depth curves)."""
        values = [getattr(layer.stats(kind), figure) for layer in self.layers]
        return np.array([np.nan if v is None else v for v in values], dtype=float)


def run_probe(config: ProbeConfig, batch=None) -> ProbeResult:
    """Build the network from ``config.seed``, run forward and backward, gather statistics.

    ``batch``: an (inputs, labels) pair of tensors to send through instead of the drawn
    input and random labels (inputs ``(samples, input_width)``; labels used by the
    cross-entropy loss) -- the same examples another measurement saw."""
    import torch

    from lab.engine.core.draws import weight_generator

    F.check_config(config)
    generator = torch.Generator().manual_seed(config.seed + INPUT_STREAM)
    x, labels = _given(config, batch) if batch is not None else (_input(config, generator), None)
    draws = weight_generator(config.seed)
    weights, biases, norms = _network(config, draws)
    preacts, acts = [], []
    h = x
    for layer in range(config.depth):
        z = h @ weights[layer].T
        if biases:
            z = z + biases[layer]
        if norms:
            z = norms[layer](z)
        a = _activate(z, config.activation)
        a.retain_grad()
        preacts.append(z)
        acts.append(a)
        h = a
    loss = _loss(config, h, draws, generator, labels)
    loss.backward()
    grads = [a.grad if a.grad is not None else torch.zeros_like(a) for a in acts]
    with torch.no_grad():
        tensors = {"preactivation": preacts, "activation": acts, "gradient": grads}
        ranges = {kind: [_finite_range(t) for t in ts] for kind, ts in tensors.items()}
        edges = {kind: _shared_edges(ranges[kind], config.bins) if config.shared_bins else None
                 for kind in KINDS}  # fmt: skip
        jobs = [(i, kind) for i in range(config.depth) for kind in KINDS]

        def summary(job):
            i, kind = job
            return _stats(tensors[kind][i], kind, config, edges[kind], ranges[kind][i])

        if config.depth * config.width * config.samples < PARALLEL_FROM:
            summaries = [summary(job) for job in jobs]
        else:  # the summaries release the GIL (numba, torch): two threads use both cores
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="probe-stats") as pool:
                summaries = list(pool.map(summary, jobs))
        layers = []
        for i in range(config.depth):
            w = weights[i]
            stats = dict(zip(KINDS, summaries[3 * i: 3 * i + 3], strict=True))
            grad = w.grad
            layers.append(LayerResult(
                index=i + 1, **stats,
                weight_grad_norm=float(torch.linalg.vector_norm(grad)) if grad is not None
                else 0.0,
                weight_std=float(w.detach().std(unbiased=False)),
                theoretical_std=config.init.theoretical_std(w.shape[1], w.shape[0]),
            ))  # fmt: skip
    return ProbeResult(config, tuple(layers), float(loss.detach()))


def _input(config: ProbeConfig, generator):
    import torch

    if config.input == "gaussian":
        return torch.randn(config.samples, config.width, generator=generator)
    from lab.data.mnist import load_mnist

    images = load_mnist().test_images
    if config.samples > len(images):
        raise F.ConfigError(f"samples must not exceed {len(images)} MNIST test images")
    order = torch.randperm(len(images), generator=generator)[: config.samples].numpy()
    return torch.from_numpy(images[order].reshape(config.samples, -1).astype(np.float32) / 255)


def _given(config: ProbeConfig, batch):
    """The caller's (inputs, labels), checked against the network's shape."""
    x, labels = batch
    if tuple(x.shape) != (config.samples, config.input_width) or len(labels) != config.samples:
        raise F.ConfigError(f"the batch must hold {config.samples} examples of "
                            f"{config.input_width} values (not {tuple(x.shape)})")
    return x, labels


def _network(config: ProbeConfig, generator):
    import torch

    from lab.engine.core.initializers import initialize

    weights, biases, norms = [], [], []
    fan_in = config.input_width
    for _ in range(config.depth):
        w = torch.empty(config.width, fan_in)
        initialize(w, config.init, generator)
        weights.append(w.requires_grad_())
        if config.bias:  # zero biases, as in the book; they matter for the gradients
            biases.append(torch.zeros(config.width, requires_grad=True))
        if config.norm == "batch":
            norms.append(torch.nn.BatchNorm1d(config.width))
        elif config.norm == "layer":
            norms.append(torch.nn.LayerNorm(config.width))
        fan_in = config.width
    return weights, biases, norms


def _activate(z, name: str):
    import torch.nn.functional as F

    if name == "linear":
        return z * 1.0  # a distinct tensor, so its gradient can be retained
    if name == "leaky_relu":
        return F.leaky_relu(z, 0.01)
    return getattr(F, name)(z) if name not in ("sigmoid", "tanh") else getattr(z, name)()


def _loss(config: ProbeConfig, h, weights, generator, labels=None):
    """Cross-entropy of a head on random labels (or the given ones), or the outputs' sum.

    The head is the next draw of the weight stream ``weights`` after the hidden layers, with
    the same initializer: the training lab's output layer for the same network and seed."""
    import torch
    import torch.nn.functional as F

    from lab.engine.core.initializers import initialize

    if config.loss == "sum":
        return h.sum()
    head = torch.empty(CLASSES, config.width)
    initialize(head, config.init, weights)
    if labels is None:
        labels = torch.randint(0, CLASSES, (config.samples,), generator=generator)
    return F.cross_entropy(h @ head.T, labels)


def _flat(t) -> np.ndarray:
    """A tensor's values as a contiguous float32 numpy vector (no copy when possible)."""
    return np.ascontiguousarray(t.detach().reshape(-1).numpy())


def _finite_range(t) -> tuple[float, float, int]:
    """(min, max) of the finite values and the count of the others. aminmax is fast and
    propagates NaN, so a finite answer proves every value finite; else scan value by value."""
    from lab.engine.init.histograms import finite_range

    low, high = (float(v) for v in t.detach().aminmax())
    if math.isfinite(low) and math.isfinite(high):
        return low, high, 0
    return finite_range(_flat(t))


def _shared_edges(ranges, bins: int) -> np.ndarray:
    """One set of bin edges spanning every layer's finite values."""
    low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    return _edges(low, high, bins) if low <= high else _edges(0.0, 0.0, bins)


def _edges(low: float, high: float, bins: int) -> np.ndarray:
    if not high > low:  # a constant tensor (zeros init): a unit-wide range around it
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, bins + 1)


def _stats(t, kind: str, config: ProbeConfig, edges: np.ndarray | None,
           finite: tuple[float, float, int]) -> Stats:
    from lab.engine.init.histograms import summarize

    values = _flat(t)
    low, high, nonfinite = finite
    dead = saturated = None
    a = t.detach()
    if kind == "activation" and config.activation == "relu":
        # ReLU outputs are >= 0: a unit is dead when its largest output over the batch is 0
        dead = float((a.amax(dim=0) == 0).float().mean())
    if kind == "activation" and config.activation == "sigmoid":
        saturated = _fraction((a < 0.01) | (a > 0.99), nonfinite)
    elif kind == "activation" and config.activation == "tanh":
        saturated = _fraction(a.abs() > 0.99, nonfinite)
    if low > high:  # nothing finite
        empty = edges if edges is not None else _edges(0.0, 0.0, config.bins)
        return Stats(None, None, None, None, saturated, dead, nonfinite, empty,
                     np.zeros(config.bins, dtype=np.int64))  # fmt: skip
    if edges is None:
        edges = _edges(low, high, config.bins)
    counts, total, squares, n = summarize(values, edges[0], edges[-1], config.bins,
                                          nonfinite == 0)  # fmt: skip
    mean = total / n
    std = math.sqrt(max(squares / n - mean * mean, 0.0))
    return Stats(mean, std if math.isfinite(std) else None, float(low), float(high),
                 saturated, dead, nonfinite, edges, counts)


def _fraction(mask, nonfinite: int) -> float:
    """Share of the finite values where ``mask`` holds (the share is over finite values)."""
    finite = mask.numel() - nonfinite
    return float(mask.sum()) / finite if finite > 0 else 0.0
