"""The fixed evaluation set of a landscape or a sharpness estimate: the first N training images
the run saw, in the order it saw them.

Why these: they are the data the path was shaped by from its first step, the same for every run
with the same seed (so runs compared on one shared plane are measured on the same images), and
they are found from the run's configuration alone by replaying its minibatch stream
(lab.engine.core.draws) on a fresh generator, never touching the run's own.
"""

from __future__ import annotations

from lab.engine.core.draws import epoch_indices, epoch_shape, minibatch_generator

DEFAULT_SAMPLES = 1000
MAX_EPOCHS_SCANNED = 1000  # sampling with replacement: stop looking for new images after this


def seen_indices(config, images: int, samples: int = DEFAULT_SAMPLES):
    """Indices (int64 tensor) of the first ``samples`` distinct training images a run with
    ``config`` (a TrainConfig) draws from ``images`` training images; fewer when the training
    set is smaller."""
    import torch

    if samples < 1:
        raise ValueError("the evaluation set needs at least one image")
    wanted = min(samples, images)
    batch, steps = epoch_shape(images, config.batch_size, config.drop_last)
    generator = minibatch_generator(config.seed)
    seen = torch.zeros(images, dtype=torch.bool)
    order: list = []
    for _ in range(MAX_EPOCHS_SCANNED):
        epoch = epoch_indices(generator, images, batch, steps, config.sampling)
        # first appearance of each index in this epoch, in order
        unique, first = _first_appearances(epoch)
        fresh = unique[~seen[unique]]
        fresh = fresh[torch.argsort(first[~seen[unique]])]
        order.append(fresh)
        seen[fresh] = True
        if int(seen.sum()) >= wanted:
            break
    return torch.cat(order)[:wanted]


def _first_appearances(indices):
    """(distinct values, position of each one's first appearance)."""
    import torch

    unique, inverse = torch.unique(indices, return_inverse=True)
    positions = torch.arange(len(indices))
    first = torch.full((len(unique),), len(indices), dtype=torch.int64)
    first.scatter_reduce_(0, inverse, positions, reduce="amin")
    return unique, first


def evaluation_set(config, data, samples: int = DEFAULT_SAMPLES):
    """(x, y) on the data's device: the first ``samples`` training images the run saw."""
    index = seen_indices(config, len(data.train_x), samples).to(data.train_x.device)
    return data.train_x[index], data.train_y[index]
