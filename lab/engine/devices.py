"""Where tensors live: ``auto`` picks CUDA when torch sees a GPU; a missing GPU falls back to
the CPU and says so (never an error)."""

from __future__ import annotations

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(requested: str = "auto") -> tuple[str, str]:
    """(device, message): the message is empty unless a fallback happened."""
    import torch

    if requested not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}")
    available = torch.cuda.is_available()
    if requested == "cuda" and not available:
        return "cpu", "CUDA was requested but no GPU is available: training on the CPU"
    if requested == "auto":
        return ("cuda" if available else "cpu"), ""
    return requested, ""
