"""The training lab's Inside tab (issue 18): each layer's activations, gradients and updates
over time, for one run or two side by side. :mod:`.controller` holds the state; the views are
views of it; :mod:`.tab` lays them out."""
