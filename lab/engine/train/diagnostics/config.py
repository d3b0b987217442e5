"""What the inside-training diagnostics measure and how often, declared once.

Why a config of its own (not a field of the run's TrainConfig): diagnostics watch a run
without changing it (the probe batch comes from a stream of its own, the measurements never
touch the run's gradients, generators or batch-norm statistics), so the same run trains to
the same weights with or without them, and the CLI turns them on for every run at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.schedules import MAX_STEPS
from lab.engine.core.specs import format_spec, parse_spec

# what is measured per layer; "gradient" is dL/da, the loss's gradient at the layer's output
KINDS = ("preactivation", "activation", "gradient", "weight", "weight_gradient")
# the default cadence keeps the cost at or below 1.10x an epoch (descent-lab bench training)
DEFAULT_EVERY = 200
PROBE_STREAM = 3_000_009  # the probe batch's generator: seed + this (lab.engine.core.draws)


class DiagnosticsError(F.ConfigError):
    """Diagnostics settings that cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class DiagnosticsConfig:
    every: int = F.integer(DEFAULT_EVERY, 1, MAX_STEPS,
                           help="iterations between measurements (step 0 and the last "
                                "iteration are always measured)")
    probe: int = F.integer(256, 2, 10_000,
                           help="training images in the fixed probe batch, drawn once from "
                                "the run's seed")
    bins: int = F.integer(64, 4, 4096,
                          help="histogram bins over the first measurement's range (with "
                               "headroom); later values outside it add bins of the same width")
    max_bins: int = F.integer(1024, 8, 65_536,
                              help="bins a histogram may grow to; values beyond are counted "
                                   "as under/overflow, never re-binned")
    headroom: float = F.number(0.5, 0.0, 10.0,
                               help="the first range is widened by this share of its span "
                                    "on each side")
    memory_mb: float = F.number(64.0, 0.1, 65_536.0,
                                help="history kept per run; beyond it every other "
                                     "measurement is dropped (step 0 and the latest kept)")

    def rules(self, bad: frozenset[str]) -> list[str]:
        if not bad & {"bins", "max_bins"} and self.max_bins < self.bins:
            return [f"max_bins ({self.max_bins}) must be at least bins ({self.bins})"]
        return []


def parse_diagnostics(text: str) -> DiagnosticsConfig:
    """``every=50,probe=256`` (any subset of the fields; ``""`` or ``on``: the defaults)."""
    decls = F.declarations(DiagnosticsConfig)

    def convert(key: str, raw: str):
        decl = decls.get(key)
        return raw if decl is None else F.from_text(decl, raw)

    name, params = parse_spec(f"diagnostics:{text.strip()}" if text.strip() not in ("", "on")
                              else "diagnostics", DiagnosticsError, convert)  # fmt: skip
    unknown = sorted(set(params) - set(decls))
    if unknown:
        raise DiagnosticsError(f"diagnostics have no setting {', '.join(unknown)}; they take "
                               f"{', '.join(decls)}")
    return F.config_from_plain(DiagnosticsConfig, params, error=DiagnosticsError)


def format_diagnostics(config: DiagnosticsConfig) -> str:
    """The inverse of :func:`parse_diagnostics`: only the settings that differ from the
    defaults."""
    default = DiagnosticsConfig()
    changed = [(k, getattr(config, k)) for k in F.declarations(config)
               if getattr(config, k) != getattr(default, k)]  # fmt: skip
    return format_spec("", changed).lstrip(":")
