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


def thread_budget(leave_for_gui: bool) -> int:
    """Torch threads for training: every core headless; one fewer beside a GUI, whose event
    loop would otherwise stall torch's OpenMP threads at their barriers (and be stalled)."""
    import os

    return max(1, (os.cpu_count() or 1) - (1 if leave_for_gui else 0))


def apply_thread_budget(threads: int) -> None:
    """Set torch's intra-op threads for the calling thread (OpenMP keeps it per thread)."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
