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


def leave_a_core_for_the_window() -> None:
    """Before torch is first imported in a windowed process: its threads (OpenMP's and its own
    pool, sized once when torch loads) take all cores but one. Called once from the main thread
    at start-up, so no worker ever resizes the pools under another thread's ops (which
    crashed the process); does nothing if torch is loaded already or the user set the count."""
    import os
    import sys

    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_NUM_THREADS", str(thread_budget(leave_for_gui=True)))


def apply_thread_budget(threads: int) -> None:
    """Set torch's intra-op threads for the calling thread (OpenMP keeps it per thread)."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
