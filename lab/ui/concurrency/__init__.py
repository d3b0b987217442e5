"""The only place in the UI that owns threads: the latest-wins :mod:`.worker`, the generator
:mod:`.runner` (training runs and the search) and the :mod:`.registry` that joins them all."""
