"""The hand-written backward pass of the stacked models against torch.autograd: every
activation, with and without dropout, each model's gradients equal autograd's for that model
alone (same weights, same dropout masks), in float64."""

import pytest
import torch
from torch import nn

from lab.engine.search.stacked_mlp import BatchedMLP
from tests.engine.search.conftest import trial

INPUTS, CLASSES, BATCH = 12, 4, 7


def autograd_reference(model: BatchedMLP, i: int, x, y, masks):
    """Model ``i`` as plain torch ops, differentiated by autograd; ``masks`` are the dropout
    masks the batch drew (one (N, B, width) bool tensor per hidden layer, or None)."""
    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}
    params = [p[i].clone().requires_grad_(True) for p in model.params()]
    n_layers = len(model.weights)
    weights, biases = params[:n_layers], params[n_layers:]
    h = x[i]
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        h = h @ w.T + b[0]
        if layer < n_layers - 1:
            h = act[model.activation](h)
            if masks is not None:
                keep = model.keep[i, 0, 0]
                h = h * masks[layer][i] / keep
    loss = nn.functional.cross_entropy(h, y[i])
    return loss.detach(), torch.autograd.grad(loss, params)


@pytest.mark.parametrize("dropout", [0.0, 0.3])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_gradients_equal_autograds_for_each_model(activation, dropout):
    specs = [trial(0.1, hidden=(9, 8), activation=activation, batch_size=BATCH,
                   dropout=dropout if seed != 2 else 0.0, seed=seed)
             for seed in (1, 2, 3)]  # fmt: skip  (one model without dropout beside the others)
    model = BatchedMLP(specs, INPUTS, CLASSES, "cpu", torch.float64)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():  # biases away from zero so their gradients matter
        for b in model.biases:
            b.copy_(torch.randn(b.shape, generator=g, dtype=b.dtype) * 0.5)
    x = torch.randn(len(specs), BATCH, INPUTS, generator=g, dtype=torch.float64)
    y = torch.randint(CLASSES, (len(specs), BATCH), generator=g)
    masks = None
    if dropout:  # the masks the batch will draw: each model's own generator, same order
        states = [own.get_state() for own in model.dropout_generators]
        masks = [model.dropout_masks((len(specs), BATCH, width))
                 for width in specs[0].model.hidden]
        for own, state in zip(model.dropout_generators, states, strict=True):
            own.set_state(state)
        assert not masks[0][0].all() and masks[0][1].all()  # dropped some; model 2 none
    losses, grads = model.gradients(x, y)
    for i in range(len(specs)):
        loss, expected = autograd_reference(model, i, x, y, masks)
        torch.testing.assert_close(losses[i], loss, rtol=1e-12, atol=0)
        for got, want in zip(grads, expected, strict=True):
            torch.testing.assert_close(got[i], want, rtol=1e-10, atol=1e-14)
        assert expected[0].abs().max() > 1e-3  # the first layer's gradient is not trivial
