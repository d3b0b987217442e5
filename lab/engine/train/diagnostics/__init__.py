"""Inside training (issue 18): what each layer's activations, gradients and weights do while a
run trains, measured every k iterations on a fixed probe batch.

:mod:`.config` declares the settings (``--diagnostics every=K``), :mod:`.bins` the fixed,
visible histogram bins, :mod:`.measure` the measurement on the run's device, :mod:`.record`
the thinned history kept to a memory budget, :mod:`.files` the CSV and npz formats,
:mod:`.readback` a run folder's files read back, :mod:`.tensorboard` the optional TensorBoard
log, :mod:`.symptoms` what is unambiguously wrong, in words, and :mod:`.compare` two runs'
histograms and their exact difference (the training lab's Inside tab draws the last two).
"""
