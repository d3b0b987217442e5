"""Sharpness against dense Hessians and known spectra; thresholds per optimizer."""

import math

import pytest
import torch
from torch.func import functional_call, hessian

from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.landscape.sharpness import (
    HessianOperator,
    preconditioner,
    sharpness,
    stability_threshold,
    top_eigenpair,
)


def _tiny(seed=0):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.Tanh(),
                                torch.nn.Linear(5, 3)).double()
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(25, 6, generator=g, dtype=torch.float64)
    return model, x, torch.randint(3, (25,), generator=g)


def _dense_hessian(model, x, y, l2):
    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])

    def loss(vector):
        params, start = {}, 0
        for name, shape in zip(names, shapes, strict=True):
            params[name] = vector[start: start + shape.numel()].reshape(shape)
            start += shape.numel()
        out = torch.nn.functional.cross_entropy(functional_call(model, params, (x,)), y)
        return out + 0.5 * l2 * sum((params[n] ** 2).sum() for n in names if "weight" in n)

    return hessian(loss)(flat)


# torch.func.hessian's forward mode loads torch's own jit decompositions, which warn on import
@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")
@pytest.mark.parametrize("seed", [0, 1])
def test_sharpness_is_the_top_eigenvalue_of_the_dense_hessian(seed):
    model, x, y = _tiny(seed)
    estimate = sharpness(model, x, y, l2=0.1, steps=60, tol=1e-8)
    dense = _dense_hessian(model, x, y, 0.1)
    values, vectors = torch.linalg.eigh(dense)
    assert estimate.value == pytest.approx(float(values[-1]), rel=1e-6)
    assert abs(float(estimate.vector @ vectors[:, -1])) == pytest.approx(1.0, abs=1e-4)
    assert estimate.residual < 1e-4
    assert float((dense @ estimate.vector - estimate.value * estimate.vector).norm()) == \
        pytest.approx(estimate.residual, abs=1e-8)


def _quadratic(spectrum, seed=0):
    """loss(θ) = ½ θᵀ A θ with A = Q diag(spectrum) Qᵀ: its Hessian is A whatever θ."""
    g = torch.Generator().manual_seed(seed)
    n = len(spectrum)
    q = torch.linalg.qr(torch.randn(n, n, generator=g, dtype=torch.float64))[0]
    a = q @ torch.diag(torch.tensor(spectrum, dtype=torch.float64)) @ q.T
    theta = torch.nn.Parameter(torch.randn(n, generator=g, dtype=torch.float64))
    return (lambda: 0.5 * theta @ a @ theta), theta, q


def test_the_largest_algebraic_eigenvalue_of_a_quadratic():
    # the most negative eigenvalue is the largest in magnitude: it must not be reported
    spectrum = [-10.0, -3.0, 0.5, 2.0, 7.0, 1.0, 0.1, -0.2]
    loss, theta, q = _quadratic(spectrum)
    operator = HessianOperator(loss, [theta])
    result = top_eigenpair(operator, operator.size, steps=8, tol=1e-12)
    assert result.value == pytest.approx(7.0, rel=1e-10)
    assert abs(float(result.vector @ q[:, 4])) == pytest.approx(1.0, abs=1e-8)
    assert result.residual < 1e-8


def test_a_warm_start_converges_in_fewer_products():
    loss, theta, _ = _quadratic([float(k) for k in range(1, 60)], seed=2)
    cold = top_eigenpair(HessianOperator(loss, [theta]), 59, steps=59, tol=1e-10)
    warm = top_eigenpair(HessianOperator(loss, [theta]), 59, start=cold.vector, steps=59,
                         tol=1e-10)
    assert warm.value == pytest.approx(59.0, rel=1e-8)
    assert warm.products < cold.products


def test_preconditioned_sharpness_is_the_top_eigenvalue_of_p_inverse_h():
    spectrum = [4.0, 1.0, 0.5, 3.0]
    loss, theta, _ = _quadratic(spectrum, seed=3)
    p = torch.tensor([0.5, 2.0, 1.0, 4.0], dtype=torch.float64)
    operator = HessianOperator(loss, [theta], scale=p.rsqrt())
    result = top_eigenpair(operator, 4, steps=4, tol=1e-12)
    dense = _hessian_of(loss, theta)
    expected = torch.linalg.eigvals(torch.diag(1 / p) @ dense).real.max()
    assert result.value == pytest.approx(float(expected), rel=1e-10)


def _hessian_of(loss, theta):
    grad = torch.autograd.grad(loss(), theta, create_graph=True)[0]
    return torch.stack([torch.autograd.grad(grad[i], theta, retain_graph=True)[0]
                        for i in range(len(theta))])


def test_adams_preconditioner_is_read_from_its_state():
    model, x, y = _tiny()
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.99), eps=1e-8)
    config = make_optimizer("adam", lr=0.01, beta1=0.9, beta2=0.99, eps=1e-8)
    params = list(model.parameters())
    assert preconditioner(opt, config, params) is None  # before the first step
    for _ in range(3):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    diagonal = preconditioner(opt, config, params)
    v = torch.cat([opt.state[p]["exp_avg_sq"].reshape(-1) for p in params])
    expected = (1 - 0.9**3) * ((v / (1 - 0.99**3)).sqrt() + 1e-8)
    torch.testing.assert_close(diagonal, expected)


@pytest.mark.parametrize(("name", "params", "lr", "expected", "preconditioned"), [
    ("sgd", {}, 0.1, 20.0, False),
    ("momentum", {"momentum": 0.9}, 0.01, 2 * 1.9 / 0.01, False),
    ("momentum", {"momentum": 0.0}, 0.5, 4.0, False),
    ("nesterov", {"momentum": 0.5}, 0.1, 2 * 1.5 / (0.1 * 2.0), False),
    ("adam", {"beta1": 0.9}, 0.001, 38 / 0.001, True),
    ("adamw", {"beta1": 0.8}, 0.01, 3.6 / (0.01 * 0.2), True),
    ("rmsprop", {}, 0.01, 200.0, True),
    ("adagrad", {}, 0.1, 20.0, True),
])
def test_threshold_follows_the_optimizer_and_the_learning_rate(name, params, lr, expected,
                                                               preconditioned):
    config = make_optimizer(name, lr=lr, **params)
    threshold = stability_threshold(config, lr)
    assert threshold.value == pytest.approx(expected)
    assert threshold.preconditioned is preconditioned
    assert stability_threshold(config, lr / 2).value == pytest.approx(2 * expected)


def test_no_threshold_where_none_is_known():
    assert stability_threshold(make_optimizer("lion", lr=0.001), 0.001).value is None
    assert stability_threshold(make_optimizer("sgd", lr=0.1), 0.0).value is None
    assert not math.isnan(stability_threshold(make_optimizer("sgd", lr=0.1), 0.1).value)
