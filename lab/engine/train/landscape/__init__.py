"""The landscape a real run travels and its sharpness (issue 19).

Why a package of its own inside the training engine: it reads what a run leaves (weights,
snapshots, its configuration and data) and measures the loss around it, which the training loop
itself never needs. Modules, one idea each:

- :mod:`.vectors`: a model's parameters as one flat vector and back (the coordinates of a plane);
- :mod:`.directions`: filter-normalised random directions (Li et al. 2018), PCA of snapshots
  (one run, or one shared plane for several), projection of a path, lines;
- :mod:`.evaluate`: the loss of many weight sets per forward pass, the first layer's product
  shared; the progressive coarse-to-fine plane;
- :mod:`.sharpness`: the top Hessian eigenvalue by Lanczos on Hessian-vector products, the
  preconditioned one for adaptive optimizers, and each optimizer's stability threshold;
- :mod:`.snapshots`: the weights a run keeps every k iterations, on disk in its folder;
- :mod:`.probes`: what a training job measures as a run trains (snapshots, sharpness.csv);
- :mod:`.eval_set`: the fixed evaluation set, the first N training images the run saw.
"""
