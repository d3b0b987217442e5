"""What each optimizer keeps between steps, in words: the columns of its recorded state.

Why a module of its own: the registry (:mod:`lab.engine.core.optimizers`) names for each entry
the tensors its reference keeps in ``optimizer.state`` (torch.optim's keys, or the reference
package's); the readout, the trajectory CSV (``<key>_x, <key>_y``) and the docs all describe a
column from the one :class:`StateColumn` here. ``slot`` says where the compiled kernel records
it (lab.engine.optimize.kernels): the gradient, three per-axis buffers and one scalar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# the kernel's recorded row per trajectory and step: g (x, y), s1 (x, y), s2, s3, a scalar
SLOT_GRAD, SLOT_S1, SLOT_S2, SLOT_S3, SLOT_SCALAR = 0, 2, 4, 6, 8
STATE_SLOTS = 9
SLOT_PATH = -1  # not recorded: the difference of two points of the path


@dataclass(frozen=True)
class StateColumn:
    """One quantity of an optimizer's state, per axis of the point (x, y) unless ``axes`` is 1."""

    key: str  # the reference's name: its optimizer.state key (the CSV's column stem)
    symbol: str  # as the rule writes it
    title: str  # what it is, in words
    formula: str  # how it is computed
    slot: int  # where the kernel records it (SLOT_*)
    axes: int = 2
    when: str = ""  # a hyperparameter (or fixed value) that must be non-zero for it to exist

    def columns(self) -> tuple[str, ...]:
        """Its CSV columns: ``key`` for a scalar, ``key_x`` and ``key_y`` for a vector."""
        return (self.key,) if self.axes == 1 else (f"{self.key}_x", f"{self.key}_y")


C = StateColumn
# every optimizer's recorded state begins with these two
GRADIENT = C("grad", "g", "the gradient at the point (before weight decay)", "g = ∇f(θ)",
             SLOT_GRAD)
STEP = C("delta", "Δθ", "the step taken: where the point moved", "Δθ = θₜ − θₜ₋₁", SLOT_PATH)

MOMENTUM_BUFFER = C("momentum_buffer", "b", "the momentum buffer", "b ← μ·b + (1−τ)·g",
                    SLOT_S1, when="momentum")
NESTEROV_BUFFER = replace(MOMENTUM_BUFFER, formula="b ← μ·b + g")
SUM = C("sum", "s", "the sum of squared gradients", "s ← s + g²", SLOT_S1)
SQUARE_AVG = C("square_avg", "v", "the average squared gradient", "v ← α·v + (1−α)·g²", SLOT_S1)
GRAD_AVG = C("grad_avg", "ḡ", "the average gradient (centered)", "ḡ ← α·ḡ + (1−α)·g", SLOT_S2,
             when="centered")
RMSPROP_BUFFER = C("momentum_buffer", "b", "the momentum buffer of normalised steps",
                   "b ← μ·b + g/(√v̄ + ε)", SLOT_S3, when="momentum")
EXP_AVG = C("exp_avg", "m", "first moment: the average gradient", "m ← β₁·m + (1−β₁)·g",
            SLOT_S1)
EXP_AVG_SQ = C("exp_avg_sq", "v", "second moment: the average squared gradient",
               "v ← β₂·v + (1−β₂)·g²", SLOT_S2)
MAX_EXP_AVG_SQ = C("max_exp_avg_sq", "v_max", "the largest second moment so far",
                   "v_max ← max(v_max, v)", SLOT_S3, when="amsgrad")
MU_PRODUCT = C("mu_product", "Πμ", "the product of the momentum schedule so far", "Πμ ← Πμ·μₜ",
               SLOT_SCALAR, axes=1)
DELTA_SQUARE_AVG = replace(SQUARE_AVG, formula="v ← ρ·v + (1−ρ)·g²")
ACC_DELTA = C("acc_delta", "u", "the average squared step", "u ← ρ·u + (1−ρ)·Δ²", SLOT_S2)
EXP_INF = C("exp_inf", "u", "the decayed largest |g|", "u ← max(β₂·u, |g| + ε)", SLOT_S2)
PREV = C("prev", "g_prev", "the last gradient, 0 where its sign flipped", "g_prev ← g", SLOT_S1)
STEP_SIZE = C("step_size", "s", "each coordinate's step size", "s ← clamp(s·η±, s_min, s_max)",
              SLOT_S2)
MUON_BUFFER = C("momentum_buffer", "B", "momentum: the average gradient", "B ← μ·B + (1−μ)·g",
                SLOT_S1)
VARIANCE = C("variance", "v", "the average squared gradient", "v ← β̂₂·v + (1−β̂₂)·g²", SLOT_S1)
LION_EXP_AVG = replace(EXP_AVG, title="momentum: the average gradient",
                       formula="m ← β₂·m + (1−β₂)·g")
SF_Z = C("z", "z", "the base sequence: plain steps from the start", "z ← z − η·g", SLOT_S1)
SF_Y = C("y", "y", "where the gradient is taken (the parameter in train mode)",
         "y = (1−β)·z + β·x", SLOT_S3)
SF_ADAMW_Z = replace(SF_Z, formula="z ← z − η·u")
SF_ADAMW_Y = replace(SF_Y, formula="y = (1−β₁)·z + β₁·x")

# every column above by name: the translation catalogue reads their titles and formulas
COLUMNS = {name: value for name, value in dict(globals()).items()
           if isinstance(value, StateColumn)}  # fmt: skip
