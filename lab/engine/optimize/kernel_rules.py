"""The trajectory loop's newer update rules: Adamax, Rprop, Muon, Adafactor, Lion, Schedule-Free.

Why a module of its own: :mod:`lab.engine.optimize.kernels` holds the loop and the rules of
torch.optim's classic optimizers and is at its size; the loop calls these as ``KR._name`` and
the kernel cache recompiles it when this module changes (:data:`CODE_STAMP`, as
:mod:`lab.engine.optimize.program_kernel` does). Each rule follows its reference operation for
operation in float64 (torch.optim's single-tensor code, ``lion-pytorch``, ``schedulefree``),
loops over every trajectory itself and skips those of other kinds, like the rules in kernels.py.

Two references are not float64 throughout, and the rules here follow them: torch's Muon runs
its Newton-Schulz iteration in bfloat16 (emulated below, bit for bit: every product and sum
rounded to float32 as torch's CPU kernels do, each tensor rounded to bfloat16), and torch's
Adafactor clamps with the machine epsilon of the parameter's dtype (float64 here).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from lab.engine.core import optimizers as O
from lab.engine.jit.code_stamps import module_stamp
from lab.engine.jit.kernel_cache import prepare_target

prepare_target()

# what these rules compute: the stamp of the loop that calls them includes it
CODE_STAMP = module_stamp(__name__)

_MOM, _NEST, _WD, _EPS = (O.COLUMN[k] for k in ("momentum", "nesterov", "weight_decay", "eps"))
_B1, _B2, _NS = O.COLUMN["beta1"], O.COLUMN["beta2"], O.COLUMN["ns_steps"]
_ETA_MINUS, _ETA_PLUS, _STEP_MIN, _STEP_MAX = (O.COLUMN[k] for k in (
    "etaminus", "etaplus", "step_size_min", "step_size_max"))  # fmt: skip
_B2_DECAY, _EPS2, _D = O.COLUMN["beta2_decay"], O.COLUMN["eps2"], O.COLUMN["d"]
_WARMUP, _R, _WLP = O.COLUMN["warmup_steps"], O.COLUMN["r"], O.COLUMN["weight_lr_power"]
FLOAT64_EPS = 2.220446049250313e-16  # torch.finfo(torch.float64).eps: Adafactor's eps1
# torch's Newton-Schulz coefficients (Keller Jordan's quintic), as float32 scalars in bfloat16 ops
_NS_A, _NS_B, _NS_C = 3.4445, -4.7750, 2.0315


@njit(cache=True, nogil=True)
def init_state(kinds, h, lrs, start, s1, s2, s3, sf):
    """State that does not start at zero: Rprop's step sizes (η), Schedule-Free's z = y = x0
    and its running weight sum (0) and largest rate (-1, as the reference's lr_max)."""
    for i in range(kinds.shape[0]):
        if kinds[i] == O.KIND_RPROP:
            s2[i, :] = lrs[0, i]
        elif kinds[i] == O.KIND_SF_SGD or kinds[i] == O.KIND_SF_ADAMW:
            s1[i, :] = start[i]
            s3[i, :] = start[i]
            sf[i, 0] = 0.0
            sf[i, 1] = -1.0


@njit(cache=True, nogil=True, inline="always")
def _lerp(a, b, w):
    """torch.lerp's formula: the weight's side decides which end the result is built from."""
    if abs(w) < 0.5:
        return a + w * (b - a)
    return b - (b - a) * (1.0 - w)


@njit(cache=True, nogil=True)
def _adamax(t, live, kinds, h, lrs, pos, grad, m, u):
    """torch.optim.Adamax (Kingma & Ba 2015, sec. 7.1): Adam with the infinity norm."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_ADAMAX:
            continue
        b1, b2 = h[i, _B1], h[i, _B2]
        clr = lrs[t, i] / (1.0 - b1 ** (t + 1.0))
        for d in range(2):
            g = grad[i, d]
            m[i, d] = _lerp(m[i, d], g, 1.0 - b1)
            u[i, d] = max(u[i, d] * b2, abs(g) + h[i, _EPS])
            pos[i, d] += -clr * (m[i, d] / u[i, d])


@njit(cache=True, nogil=True)
def _rprop(t, live, kinds, h, lrs, pos, grad, prev, step_size):
    """torch.optim.Rprop (Riedmiller & Braun 1993): per-coordinate step sizes that grow while
    the gradient's sign holds and shrink when it flips; the step ignores the gradient's size."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_RPROP:
            continue
        for d in range(2):
            g = grad[i, d]
            agree = g * prev[i, d]
            factor = h[i, _ETA_PLUS] if agree > 0.0 else h[i, _ETA_MINUS] if agree < 0.0 else 1.0
            s = min(max(step_size[i, d] * factor, h[i, _STEP_MIN]), h[i, _STEP_MAX])
            step_size[i, d] = s
            if agree < 0.0:
                g = 0.0  # after a flip: no step, and no flip seen at the next step
            sign = 1.0 if g > 0.0 else -1.0 if g < 0.0 else 0.0
            pos[i, d] += -(sign * s)
            prev[i, d] = g


@njit(cache=True, nogil=True, inline="always")
def _f32(v):
    """Round to float32 (and back): one float32 operation is the float64 result rounded once
    (exact for + - * / and sqrt, since 53 >= 2*24 + 2)."""
    return np.float64(np.float32(v))


@njit(cache=True, nogil=True)
def _bf16(v):
    """Round a float32 value to bfloat16 (8 significant bits, float32's exponent range) to
    nearest, ties to even, as torch's conversion does; overflow gives infinity."""
    a = abs(v)
    if a == 0.0 or not math.isfinite(a):
        return v
    quantum = 2.0**-133 if a < 2.0**-126 else 2.0 ** (math.frexp(a)[1] - 8)
    scaled = a / quantum  # exact: a power of two
    whole = math.floor(scaled)
    rest = scaled - whole
    if rest > 0.5 or (rest == 0.5 and whole % 2.0 == 1.0):
        whole += 1.0
    out = whole * quantum
    return math.copysign(math.inf if out >= 2.0**128 else out, v)


@njit(cache=True, nogil=True)
def newton_schulz_bf16(u0, u1, eps, steps):
    """torch.optim.Muon's orthogonalisation of a 1×2 matrix [u0, u1], as torch computes it:
    X = U/max(|U|, ε) then ``steps`` times X ← a·X + (b·G + c·G²)·X with G = X·Xᵀ (1×1), each
    tensor in bfloat16, each product and sum in float32."""
    a, b, c = _f32(_NS_A), _f32(_NS_B), _f32(_NS_C)
    x0, x1 = _bf16(_f32(u0)), _bf16(_f32(u1))
    norm = _bf16(_f32(math.sqrt(_f32(_f32(x0 * x0) + _f32(x1 * x1)))))
    floor = _bf16(_f32(eps))
    if norm < floor:
        norm = floor
    x0, x1 = _bf16(_f32(x0 / norm)), _bf16(_f32(x1 / norm))
    for _ in range(steps):
        gram = _bf16(_f32(_f32(x0 * x0) + _f32(x1 * x1)))
        poly = _bf16(_f32(_f32(b * gram) + _f32(c * _f32(gram * gram))))
        x0 = _bf16(_f32(_f32(a * x0) + _f32(poly * x0)))
        x1 = _bf16(_f32(_f32(a * x1) + _f32(poly * x1)))
    return x0, x1


@njit(cache=True, nogil=True)
def _muon(t, live, kinds, h, lrs, pos, grad, buf):
    """torch.optim.Muon (Jordan et al. 2024) on the point as a 1×2 matrix: momentum, Nesterov's
    look-ahead, then the orthogonalised update (the direction, see the registry's rule); its
    decoupled weight decay runs before, in the loop's weight-decay pass. torch scales η by
    √max(1, rows/columns) = 1 here."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_MUON:
            continue
        mom = h[i, _MOM]
        buf[i, 0] = _lerp(buf[i, 0], grad[i, 0], 1.0 - mom)
        buf[i, 1] = _lerp(buf[i, 1], grad[i, 1], 1.0 - mom)
        u0, u1 = buf[i, 0], buf[i, 1]
        if h[i, _NEST] != 0.0:
            u0, u1 = _lerp(grad[i, 0], u0, mom), _lerp(grad[i, 1], u1, mom)
        o0, o1 = newton_schulz_bf16(u0, u1, h[i, _EPS], int(h[i, _NS]))
        pos[i, 0] += -lrs[t, i] * o0
        pos[i, 1] += -lrs[t, i] * o1


@njit(cache=True, nogil=True)
def _adafactor(t, live, kinds, h, lrs, pos, grad, variance):
    """torch.optim.Adafactor (Shazeer & Stern 2018) on the point as a vector: a relative step
    size α = max(ε₂, RMS(θ))·min(η, 1/√t), a second moment with decay 1 − t^c, the update's
    RMS clipped to d; its weight decay θ·(1 − ηλ) comes after α is measured."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_ADAFACTOR:
            continue
        lr, step = lrs[t, i], t + 1.0
        forget = step ** h[i, _B2_DECAY]
        rho = min(lr, 1.0 / step**0.5)
        rms = math.sqrt(pos[i, 0] ** 2 + pos[i, 1] ** 2) / math.sqrt(2.0)
        alpha = max(h[i, _EPS2], rms) * rho
        if h[i, _WD] != 0.0:
            pos[i, 0] *= 1.0 - lr * h[i, _WD]
            pos[i, 1] *= 1.0 - lr * h[i, _WD]
        tiny = FLOAT64_EPS * FLOAT64_EPS
        variance[i, 0] = _lerp(variance[i, 0], grad[i, 0] * grad[i, 0], forget)
        variance[i, 1] = _lerp(variance[i, 1], grad[i, 1] * grad[i, 1], forget)
        u0 = (1.0 / math.sqrt(max(variance[i, 0], tiny))) * grad[i, 0]
        u1 = (1.0 / math.sqrt(max(variance[i, 1], tiny))) * grad[i, 1]
        denom = max(1.0, math.sqrt(u0 * u0 + u1 * u1) / (math.sqrt(2.0) * h[i, _D]))
        pos[i, 0] += (-alpha / denom) * u0
        pos[i, 1] += (-alpha / denom) * u1


@njit(cache=True, nogil=True)
def _lion(t, live, kinds, h, lrs, pos, grad, m):
    """Lion (Chen et al. 2023, alg. 2; reference: lion-pytorch): the sign of an interpolation
    of momentum and gradient, a step of exactly η per coordinate; decoupled decay runs before."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_LION:
            continue
        b1, b2 = h[i, _B1], h[i, _B2]
        for d in range(2):
            g = grad[i, d]
            c = m[i, d] * b1 + (1.0 - b1) * g
            sign = 1.0 if c > 0.0 else -1.0 if c < 0.0 else 0.0
            pos[i, d] += -lrs[t, i] * sign
            m[i, d] = m[i, d] * b2 + (1.0 - b2) * g


@njit(cache=True, nogil=True)
def sf_to_y(live, kinds, pos, y):
    """Schedule-Free keeps x (the average, drawn and measured) in pos between steps; the
    gradient is taken at y: move there first (as the reference's optimizer.train())."""
    for i in range(live.shape[0]):
        if live[i] and (kinds[i] == O.KIND_SF_SGD or kinds[i] == O.KIND_SF_ADAMW):
            pos[i, 0] = y[i, 0]
            pos[i, 1] = y[i, 1]


@njit(cache=True, nogil=True, inline="always")
def _sf_weight(t, h, lrs, i, sf):
    """(ηₜ after warm-up, cₜ₊₁): the average's weight of this step, tʳ·η_max^p over the sum
    of all weights so far (Defazio et al. 2024, sec. 3; lr_max and the sum kept in sf)."""
    warmup = h[i, _WARMUP]
    lr = lrs[t, i] * ((t + 1.0) / warmup if t < warmup else 1.0)
    sf[i, 1] = max(lr, sf[i, 1])
    weight = (t + 1.0) ** h[i, _R] * sf[i, 1] ** h[i, _WLP]
    sf[i, 0] += weight
    return lr, weight / sf[i, 0] if sf[i, 0] != 0.0 else 0.0


@njit(cache=True, nogil=True)
def _schedule_free(t, live, kinds, h, lrs, pos, grad, z, v, y, sf):
    """Schedule-Free SGD and AdamW (Defazio et al. 2024, alg. 1): z takes the (normalised)
    gradient step, x averages the z's, the gradient is taken at y = (1−β)·z + β·x. Written in
    y, as the reference: x_{t+1} = (1−c)·x + c·z_{t+1} gives
    y_{t+1} = lerp(y, z, c) + η·(β·(1−c) − 1)·u. pos ends at x = lerp(y, z, 1 − 1/β)."""
    for i in range(live.shape[0]):
        adamw = kinds[i] == O.KIND_SF_ADAMW
        if not live[i] or not (adamw or kinds[i] == O.KIND_SF_SGD):
            continue
        lr, c = _sf_weight(t, h, lrs, i, sf)
        beta = h[i, _B1] if adamw else h[i, _MOM]
        bc2 = 1.0 - h[i, _B2] ** (t + 1.0)
        for d in range(2):
            u = grad[i, d]  # SGD: g + λ·y already (the loop's L2 pass, taken at y)
            if adamw:  # normalised first, then decay at y
                v[i, d] = v[i, d] * h[i, _B2] + (1.0 - h[i, _B2]) * (u * u)
                u = u / (math.sqrt(v[i, d] / bc2) + h[i, _EPS]) + h[i, _WD] * y[i, d]
            new_y = _lerp(y[i, d], z[i, d], c) + u * (lr * (beta * (1.0 - c) - 1.0))
            z[i, d] = z[i, d] - lr * u
            y[i, d] = new_y
            pos[i, d] = _lerp(new_y, z[i, d], 1.0 - 1.0 / beta)


@njit(cache=True, nogil=True)
def update_newer(t, live, present, kinds, h, lrs, pos, grad, s1, s2, s3, sf):
    """Every rule of this module whose kind is in the request (``present``), one after another."""
    if present[O.KIND_ADAMAX]:
        _adamax(t, live, kinds, h, lrs, pos, grad, s1, s2)
    if present[O.KIND_RPROP]:
        _rprop(t, live, kinds, h, lrs, pos, grad, s1, s2)
    if present[O.KIND_MUON]:
        _muon(t, live, kinds, h, lrs, pos, grad, s1)
    if present[O.KIND_ADAFACTOR]:
        _adafactor(t, live, kinds, h, lrs, pos, grad, s1)
    if present[O.KIND_LION]:
        _lion(t, live, kinds, h, lrs, pos, grad, s1)
    if present[O.KIND_SF_SGD] or present[O.KIND_SF_ADAMW]:
        _schedule_free(t, live, kinds, h, lrs, pos, grad, s1, s2, s3, sf)
