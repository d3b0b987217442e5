"""The compiled trajectory loop: every optimizer, every trajectory, in one numba kernel.

Why compiled: a trajectory is a chain of tiny 2-D updates, so a numpy call per step costs more
than the arithmetic. One kernel loops over trajectories and steps in machine code, evaluating
the gradient's stack programs at each point with the compiled interpreter of
:mod:`lab.engine.optimize.program_kernel` (called as ``PK.run_program``: see that module for why
the cache then recompiles this loop when the interpreter changes). Update rules follow the
single-tensor code paths of torch.optim (torch 2.x) operation for operation, in float64; the
newer rules (Adamax, Rprop, Muon, Adafactor, Lion, Schedule-Free) live in
:mod:`lab.engine.optimize.kernel_rules`, called as ``KR.*`` for the same reason as ``PK``.
Asked to (``record``), the loop also writes each step's gradient and optimizer state
(lab.engine.core.optimizer_state says which slot holds what); a run that does not ask pays two
branches per step. It releases the GIL, so a GUI thread keeps painting while it runs.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from lab.engine.core import optimizer_state as S
from lab.engine.core import optimizers as O
from lab.engine.jit.kernel_cache import prepare_target
from lab.engine.optimize import kernel_rules as KR
from lab.engine.optimize import program_kernel as PK

# numba's CPU target loads here, without the SciPy import it would make on the first call
prepare_target()

# hyperparameter columns, as compile-time constants
_MOM, _DAMP, _NEST, _WD = (O.COLUMN[k] for k in ("momentum", "dampening", "nesterov",
                                                 "weight_decay"))  # fmt: skip
_B1, _B2, _EPS, _ALPHA = (O.COLUMN[k] for k in ("beta1", "beta2", "eps", "alpha"))
_CENT, _LRD, _ACC0, _RHO = (O.COLUMN[k] for k in ("centered", "lr_decay",
                                                  "initial_accumulator_value", "rho"))  # fmt: skip
_MDEC, _DECOUP, _AMS = (O.COLUMN[k] for k in ("momentum_decay", "decoupled_weight_decay",
                                              "amsgrad"))  # fmt: skip


@njit(cache=True, nogil=True)
def integrate(kinds, hyper, lrs, start, noise, noise_scale, clip_norm, bound,
              gx_ops, gx_args, gy_ops, gy_args, consts, stack_size, path, diverged_at,
              record, state):
    """Advance every trajectory ``lrs.shape[1]`` steps from ``start``.

    Step-major: at each step the gradient programs run over all trajectories at once (the
    interpreter's dispatch is paid per step, not per point), then each update kind runs in a
    loop of its own (one shared loop let the compiler hoist Adam's powers into SGD's path).
    Arrays are step-major so that one step touches contiguous memory: lrs (steps, n);
    path (steps + 1, n, 2) output, NaN after divergence; diverged_at (n,) output, the first
    step whose point (or gradient) is non-finite or beyond ``bound``, else -1;
    state (steps, n, STATE_SLOTS) output when ``record``, rows of live steps only (the caller
    fills it with NaN first). Only the rules of the kinds present run at all.
    """
    steps, n = lrs.shape
    stack = np.empty((stack_size, n))
    pos = start.copy()
    grad = np.empty((n, 2))
    # optimizer state per trajectory: s1 momentum buffer / first moment / accumulator,
    # s2 second moment / averaged gradient / delta accumulator, s3 AMSGrad max / RMSProp buffer
    # (the newer rules' slots: lab.engine.core.optimizer_state); sf: Schedule-Free's scalars
    s1 = np.zeros((n, 2))
    s2 = np.zeros((n, 2))
    s3 = np.zeros((n, 2))
    mu_product = np.ones(n)
    sf = np.zeros((n, 2))
    live = np.ones(n, dtype=np.bool_)
    present = np.zeros(O.KINDS, dtype=np.bool_)
    for i in range(n):
        diverged_at[i] = -1
        path[0, i, :] = pos[i]
        present[kinds[i]] = True
        if kinds[i] == O.KIND_ADAGRAD:
            s1[i, :] = hyper[i, _ACC0]
    KR.init_state(kinds, hyper, lrs, start, s1, s2, s3, sf)
    schedule_free = present[O.KIND_SF_SGD] or present[O.KIND_SF_ADAMW]
    newer = present[O.KIND_ADAMAX:].any()
    for t in range(steps):
        if schedule_free:
            KR.sf_to_y(live, kinds, pos, s3)
        PK.run_program(gx_ops, gx_args, consts, pos, stack, grad, 0)
        PK.run_program(gy_ops, gy_args, consts, pos, stack, grad, 1)
        if not _prepare(t, live, grad, noise, noise_scale, clip_norm, diverged_at):
            break
        if record:
            _save_gradient(t, live, grad, state)
        _weight_decay(t, live, kinds, hyper, lrs, pos, grad)
        if present[O.KIND_SGD]:
            _sgd(t, live, kinds, hyper, lrs, pos, grad, s1)
        if present[O.KIND_ADAGRAD]:
            _adagrad(t, live, kinds, hyper, lrs, pos, grad, s1)
        if present[O.KIND_RMSPROP]:
            _rmsprop(t, live, kinds, hyper, lrs, pos, grad, s1, s2, s3)
        if present[O.KIND_ADAM]:
            _adam(t, live, kinds, hyper, lrs, pos, grad, s1, s2, s3)
        if present[O.KIND_NADAM]:
            _nadam(t, live, kinds, hyper, lrs, pos, grad, s1, s2, mu_product)
        if present[O.KIND_RADAM]:
            _radam(t, live, kinds, hyper, lrs, pos, grad, s1, s2)
        if present[O.KIND_ADADELTA]:
            _adadelta(t, live, kinds, hyper, lrs, pos, grad, s1, s2)
        if newer:
            KR.update_newer(t, live, present, kinds, hyper, lrs, pos, grad, s1, s2, s3, sf)
        if record:
            _save_state(t, live, s1, s2, s3, mu_product, state)
        _record(t, live, pos, bound, path, diverged_at)
    for i in range(n):
        k = diverged_at[i]
        if k >= 0:
            finite = math.isfinite(path[k, i, 0]) and math.isfinite(path[k, i, 1])
            path[k + 1 if finite else k:, i, :] = math.nan


# Each helper below loops over all trajectories itself: array arguments cost a reference-count
# round trip per call, which per trajectory and step would dominate the arithmetic.


@njit(cache=True, nogil=True)
def _prepare(t, live, grad, noise, noise_scale, clip_norm, diverged_at):
    """Add noise, stop non-finite gradients, clip by norm (clip_grad_norm_); any still live?"""
    any_live = False
    for i in range(live.shape[0]):
        if not live[i]:
            continue
        if noise_scale[i] != 0.0:
            grad[i, 0] += noise_scale[i] * noise[t, 0]
            grad[i, 1] += noise_scale[i] * noise[t, 1]
        if not (math.isfinite(grad[i, 0]) and math.isfinite(grad[i, 1])):
            live[i] = False
            diverged_at[i] = t
            continue
        any_live = True
        if clip_norm[i] > 0.0:
            coef = clip_norm[i] / (math.sqrt(grad[i, 0] ** 2 + grad[i, 1] ** 2) + 1e-6)
            if coef < 1.0:
                grad[i, 0] *= coef
                grad[i, 1] *= coef
    return any_live


@njit(cache=True, nogil=True)
def _record(t, live, pos, bound, path, diverged_at):
    """Store step t + 1; a non-finite point or one beyond ``bound`` ends its trajectory."""
    for i in range(live.shape[0]):
        if live[i]:
            x, y = pos[i, 0], pos[i, 1]
            path[t + 1, i, 0] = x
            path[t + 1, i, 1] = y
            if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > bound:
                live[i] = False
                diverged_at[i] = t + 1


@njit(cache=True, nogil=True)
def _save_gradient(t, live, grad, state):
    """The gradient of step t as the reference's p.grad holds it: noise and clipping in, weight
    decay not yet."""
    for i in range(live.shape[0]):
        if live[i]:
            state[t, i, S.SLOT_GRAD] = grad[i, 0]
            state[t, i, S.SLOT_GRAD + 1] = grad[i, 1]


@njit(cache=True, nogil=True)
def _save_state(t, live, s1, s2, s3, scalar, state):
    """Every trajectory's state after step t, slot by slot (optimizer_state.SLOT_*)."""
    for i in range(live.shape[0]):
        if live[i]:
            for d in range(2):
                state[t, i, S.SLOT_S1 + d] = s1[i, d]
                state[t, i, S.SLOT_S2 + d] = s2[i, d]
                state[t, i, S.SLOT_S3 + d] = s3[i, d]
            state[t, i, S.SLOT_SCALAR] = scalar[i]


@njit(cache=True, nogil=True)
def _weight_decay(t, live, kinds, h, lrs, pos, grad):
    """L2 added to the gradient, or decoupled (AdamW; NAdam/RAdam with the flag) on θ. Adafactor
    and Schedule-Free AdamW apply their own decay inside their rules."""
    for i in range(live.shape[0]):
        wd = h[i, _WD]
        if not live[i] or wd == 0.0 or kinds[i] == O.KIND_ADAFACTOR \
                or kinds[i] == O.KIND_SF_ADAMW:
            continue
        if h[i, _DECOUP] != 0.0:
            pos[i, 0] *= 1.0 - lrs[t, i] * wd
            pos[i, 1] *= 1.0 - lrs[t, i] * wd
        else:
            grad[i, 0] += wd * pos[i, 0]
            grad[i, 1] += wd * pos[i, 1]


@njit(cache=True, nogil=True)
def _sgd(t, live, kinds, h, lrs, pos, grad, buf):
    """torch.optim.SGD: momentum buffer (b = g at step 1), dampening, Nesterov."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_SGD:
            continue
        lr = lrs[t, i]
        step = t + 1.0
        mom = h[i, _MOM]
        for d in range(2):
            g = grad[i, d]
            if mom != 0.0:
                if step == 1.0:
                    buf[i, d] = g
                else:
                    buf[i, d] = mom * buf[i, d] + (1.0 - h[i, _DAMP]) * g
                g = g + mom * buf[i, d] if h[i, _NEST] != 0.0 else buf[i, d]
            pos[i, d] -= lr * g


@njit(cache=True, nogil=True)
def _adagrad(t, live, kinds, h, lrs, pos, grad, acc):
    """torch.optim.Adagrad (Duchi et al. 2011) with lr_decay."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_ADAGRAD:
            continue
        lr = lrs[t, i]
        step = t + 1.0
        clr = lr / (1.0 + (step - 1.0) * h[i, _LRD])
        for d in range(2):
            acc[i, d] += grad[i, d] * grad[i, d]
            pos[i, d] -= clr * grad[i, d] / (math.sqrt(acc[i, d]) + h[i, _EPS])


@njit(cache=True, nogil=True)
def _rmsprop(t, live, kinds, h, lrs, pos, grad, sq, gavg, buf):
    """torch.optim.RMSprop (Hinton's lecture 6e), optionally centered and with momentum."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_RMSPROP:
            continue
        lr = lrs[t, i]
        alpha = h[i, _ALPHA]
        for d in range(2):
            g = grad[i, d]
            sq[i, d] = alpha * sq[i, d] + (1.0 - alpha) * g * g
            if h[i, _CENT] != 0.0:
                gavg[i, d] = gavg[i, d] + (g - gavg[i, d]) * (1.0 - alpha)
                avg = math.sqrt(sq[i, d] - gavg[i, d] * gavg[i, d]) + h[i, _EPS]
            else:
                avg = math.sqrt(sq[i, d]) + h[i, _EPS]
            if h[i, _MOM] > 0.0:
                buf[i, d] = h[i, _MOM] * buf[i, d] + g / avg
                pos[i, d] -= lr * buf[i, d]
            else:
                pos[i, d] -= lr * g / avg


@njit(cache=True, nogil=True)
def _adam(t, live, kinds, h, lrs, pos, grad, m, v, vmax):
    """torch.optim.Adam / AdamW (Kingma & Ba 2015, alg. 1), AMSGrad (Reddi et al. 2018)."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_ADAM:
            continue
        lr = lrs[t, i]
        step = t + 1.0
        b1, b2 = h[i, _B1], h[i, _B2]
        bc1 = 1.0 - b1**step
        bc2_sqrt = math.sqrt(1.0 - b2**step)
        for d in range(2):
            g = grad[i, d]
            m[i, d] = m[i, d] + (g - m[i, d]) * (1.0 - b1)
            v[i, d] = b2 * v[i, d] + (1.0 - b2) * g * g
            if h[i, _AMS] != 0.0:
                vmax[i, d] = max(vmax[i, d], v[i, d])
                denom = math.sqrt(vmax[i, d]) / bc2_sqrt + h[i, _EPS]
            else:
                denom = math.sqrt(v[i, d]) / bc2_sqrt + h[i, _EPS]
            pos[i, d] -= (lr / bc1) * m[i, d] / denom


@njit(cache=True, nogil=True)
def _nadam(t, live, kinds, h, lrs, pos, grad, m, v, mu_product):
    """torch.optim.NAdam (Dozat 2016) with momentum decay; keeps Πμ in mu_product."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_NADAM:
            continue
        lr = lrs[t, i]
        step = t + 1.0
        b1, b2 = h[i, _B1], h[i, _B2]
        bc2 = 1.0 - b2**step
        mu = b1 * (1.0 - 0.5 * 0.96 ** (step * h[i, _MDEC]))
        mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((step + 1.0) * h[i, _MDEC]))
        mu_product[i] = mu_product[i] * mu
        mu_product_next = mu_product[i] * mu_next
        for d in range(2):
            g = grad[i, d]
            m[i, d] = m[i, d] + (g - m[i, d]) * (1.0 - b1)
            v[i, d] = b2 * v[i, d] + (1.0 - b2) * g * g
            denom = math.sqrt(v[i, d] / bc2) + h[i, _EPS]
            pos[i, d] += (-lr * (1.0 - mu) / (1.0 - mu_product[i])) * g / denom
            pos[i, d] += (-lr * mu_next / (1.0 - mu_product_next)) * m[i, d] / denom


@njit(cache=True, nogil=True)
def _radam(t, live, kinds, h, lrs, pos, grad, m, v):
    """torch.optim.RAdam (Liu et al. 2020): rectified adaptive rate after a warm-up."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_RADAM:
            continue
        lr = lrs[t, i]
        step = t + 1.0
        b1, b2 = h[i, _B1], h[i, _B2]
        bc1 = 1.0 - b1**step
        bc2 = 1.0 - b2**step
        rho_inf = 2.0 / (1.0 - b2) - 1.0
        rho_t = rho_inf - 2.0 * step * (b2**step) / bc2
        for d in range(2):
            g = grad[i, d]
            m[i, d] = m[i, d] + (g - m[i, d]) * (1.0 - b1)
            v[i, d] = b2 * v[i, d] + (1.0 - b2) * g * g
            m_hat = m[i, d] / bc1
            if rho_t > 5.0:
                rect = math.sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                                 / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))  # fmt: skip
                adaptive = math.sqrt(bc2) / (math.sqrt(v[i, d]) + h[i, _EPS])
                pos[i, d] -= m_hat * lr * adaptive * rect
            else:
                pos[i, d] -= m_hat * lr


@njit(cache=True, nogil=True)
def _adadelta(t, live, kinds, h, lrs, pos, grad, sq, acc_delta):
    """torch.optim.Adadelta (Zeiler 2012)."""
    for i in range(live.shape[0]):
        if not live[i] or kinds[i] != O.KIND_ADADELTA:
            continue
        lr = lrs[t, i]
        rho, eps = h[i, _RHO], h[i, _EPS]
        for d in range(2):
            g = grad[i, d]
            sq[i, d] = rho * sq[i, d] + (1.0 - rho) * g * g
            delta = math.sqrt(acc_delta[i, d] + eps) / math.sqrt(sq[i, d] + eps) * g
            acc_delta[i, d] = rho * acc_delta[i, d] + (1.0 - rho) * delta * delta
            pos[i, d] -= lr * delta
