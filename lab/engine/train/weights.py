"""Trained weights on disk: safetensors (the model configuration in its metadata too) plus a
JSON of the model configuration (and a .pt state_dict for torch users). Loading never
unpickles: safetensors, or torch.load with weights_only=True."""

from __future__ import annotations

import json
import pickle
import zipfile
from pathlib import Path

from lab.engine.train.config import TrainConfig
from lab.engine.train.models import ModelConfig, ModelError, build_model
from lab.io.files import atomic_write, atomic_write_text, read_limited
from lab.io.json_files import load_json

FORMAT = "descent-lab-weights-1"
META_KEY = "descent-lab"  # the safetensors metadata entry that holds the JSON's content
SUFFIXES = (".safetensors", ".json", ".pt")
RUN_KEY = "config"  # the run's whole configuration in the JSON (experiment-entry form)


MAX_JSON_BYTES = 64 * 2**20  # a weights JSON is ~1 kB; this only stops a device or runaway file


class WeightsError(ValueError):
    """A weights file that cannot be read or does not match its configuration."""


def save_weights(model, config: ModelConfig, path: str | Path, extra: dict | None = None,
                 run: TrainConfig | None = None) -> list[Path]:
    """Write ``<stem>.safetensors``, ``<stem>.json`` and ``<stem>.pt`` beside ``path``.

    ``run``: the whole configuration of the run that trained them (optimizer and its
    hyperparameters, schedule, length, batch size, seed, data, network, regularisation), kept
    under ``config`` in the experiment-entry form (the run config's own serializer), so that
    the file alone says how it was made; :func:`run_config` reads it back."""
    import torch
    from safetensors.torch import save_file

    from lab.engine.train.experiments import run_to_entry

    stem = _stem(Path(path))
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    meta = {"format": FORMAT, "model": config.to_dict(), **(extra or {})}
    if run is not None:
        meta[RUN_KEY] = run_to_entry(run)
    # safetensors metadata is str -> str: the same JSON under one key, so that the .safetensors
    # alone is enough to load the model (the JSON beside it is for humans and .pt users)
    inside = {"format": FORMAT, META_KEY: json.dumps(meta)}
    written = [
        atomic_write(_named(stem, ".safetensors"),
                     lambda tmp: save_file(tensors, tmp, metadata=inside)),
        atomic_write_text(_named(stem, ".json"), json.dumps(meta, indent=2) + "\n"),
        atomic_write(_named(stem, ".pt"), lambda tmp: torch.save(tensors, tmp)),
    ]
    return written


def run_config(meta: dict, source: str = "weights file") -> TrainConfig | None:
    """The run configuration a weights file carries (see :func:`save_weights`), checked like an
    experiment file; None for files written without one (other tools, older versions)."""
    from lab.engine.train.experiments import ExperimentError, runs_from_entries

    if RUN_KEY not in meta:
        return None
    try:
        (config,) = runs_from_entries([meta[RUN_KEY]], source)
    except ExperimentError as err:
        raise WeightsError(str(err)) from None
    return config


def _stem(path: Path) -> Path:
    """Drop one of our own suffixes only: ``v1.0`` stays ``v1.0`` (``with_suffix`` would make
    it ``v1``, the same files as ``v1.5``)."""
    for suffix in SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path


def _named(stem: Path, suffix: str) -> Path:
    return stem.with_name(stem.name + suffix)


def _embedded(path: Path) -> str | None:
    """The configuration JSON inside a .safetensors file's metadata (None: not there, as in
    files from other tools or from before it was written there)."""
    if path.suffix != ".safetensors":
        return None
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="pt") as file:
            return (file.metadata() or {}).get(META_KEY)
    except Exception:  # an unreadable file is reported by the tensor loader below
        return None


def load_weights(path: str | Path):
    """(model, config, metadata) from a .safetensors file (its configuration inside it, or in
    the .json beside it) or a .pt file with its .json beside it."""
    import torch

    path = Path(path)
    meta_path = _named(_stem(path), ".json")
    if not path.is_file():  # a FIFO would block the reading thread, a device never end
        raise WeightsError(f"{path.name}: not a weights file (missing, or not a regular file)")
    embedded = _embedded(path)
    source = f"{path.name} (its metadata)" if embedded is not None else meta_path.name
    try:
        meta = load_json(embedded if embedded is not None else
                         read_limited(meta_path, MAX_JSON_BYTES, regular_only=True), source,
                         WeightsError)
        config = ModelConfig.from_dict(meta["model"])
    except FileNotFoundError:
        raise WeightsError(f"{path.name}: its configuration {meta_path.name} is missing") from None
    except OSError as err:  # a FIFO, a device, a huge file beside the weights
        raise WeightsError(f"{meta_path.name}: cannot be read ({err.strerror or err})") from None
    except WeightsError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError, ModelError) as err:
        raise WeightsError(f"{source}: not a valid model configuration ({err})") from None
    try:
        if path.suffix == ".pt":
            state = torch.load(path, map_location="cpu", weights_only=True)
        else:
            from safetensors.torch import load_file

            state = load_file(str(path))
    except Exception as err:  # safetensors and torch raise several types for bad files
        if isinstance(err, pickle.UnpicklingError) or "weights_only" in str(err):
            # torch's six lines advise weights_only=False, which would run the file's code
            raise WeightsError(f"{path.name} is not a plain weights file (it refers to code or "
                               "objects other than tensors) and was not loaded") from None
        if path.suffix == ".pt" and not zipfile.is_zipfile(path):
            raise WeightsError(f"{path.name} is not a complete PyTorch file: it is cut off (a "
                               "copy or download that did not finish) or in another format"
                               ) from None
        detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise WeightsError(f"{path.name}: cannot be read ({detail})") from None
    _check_state(state, path.name)
    model = build_model(config, torch.Generator().manual_seed(0))
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as err:
        first = str(err).strip().splitlines()
        detail = first[1].strip() if len(first) > 1 else first[0]
        raise WeightsError(f"{path.name} does not match {source}: {detail}") from None
    model.eval()
    return model, config, meta


def _check_state(state, name: str) -> None:
    """A state_dict is a table of named tensors: a .pt may hold anything torch can save
    (a list, None, a dict with number keys), which ``load_state_dict`` answers with a
    TypeError or AttributeError instead of saying what the file holds."""
    import torch

    if not isinstance(state, dict):
        raise WeightsError(f"{name} holds {_kind(state)}, not a state_dict (a table of named "
                           "tensors) and was not loaded")
    for key, value in state.items():
        if not isinstance(key, str):
            raise WeightsError(f"{name}: the state_dict's key {key!r} is {_kind(key)}, not a "
                               "parameter name; the file was not loaded")
        if not isinstance(value, torch.Tensor):
            raise WeightsError(f"{name}: '{key[:80]}' holds {_kind(value)}, not a tensor; the "
                               "file was not loaded")


def _kind(value) -> str:
    """'a list', 'None', 'an int' for messages."""
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"{'an' if kind[:1] in 'aeiouAEIOU' else 'a'} {kind}"
