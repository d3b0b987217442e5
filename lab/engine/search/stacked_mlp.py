"""N MLPs of one shape as stacked tensors: every layer of every model in one batched product,
every optimizer step a few element-wise ops over all models.

Why: the book's random search trains 100 small networks (784-100x6-10) one after another; each
matrix product is too small to keep the CPU busy, so most of the time goes to per-call overhead.
Stacking the N models' weights into (N, out, in) tensors turns every layer of every model into
one ``torch.baddbmm`` call, each model with its own learning rate, weight decay, momentum/betas,
dropout, initial weights and minibatches. ``torch.func.stack_module_state`` + ``vmap``, the
other way the issue names, measured within ±10 % of autograd through baddbmm per step; the
hand-written step below is 1.2–1.7× faster than vmap here (``descent-lab bench search``:
bmm_step_20_ms vs vmap_step_20_ms).

Why the backward pass is written out instead of autograd: the network is a plain chain
(product, bias, activation, dropout) ending in a cross-entropy, whose gradient is three lines
(softmax − one-hot; Wᵀ·δ; δᵀ·h). Written out, the weights keep ``torch.nn.Linear``'s (out, in)
layout, in which MKL's products for the 784-wide first layer and the 10-wide last layer ran
1.1× and 2–4× faster than autograd's (in, out) ones here (single thread), the gradients land in
buffers reused from step to step, and no graph is built. The products are the ones torch's
``Linear`` backward computes (grad_W = δᵀ·h, grad_x = δ·W), so each model still follows the
trajectory it would follow alone in ``torch.optim`` (tests/engine/search/test_batched.py, and
the gradients against autograd in tests/engine/search/test_stacked_mlp.py).

Update rules follow torch.optim (L2 weight decay on the weights only, the book's 0.5·λ·ΣW²):
- SGD / Momentum (torch.optim.SGD, dampening 0): g ← ∇ + λW;  b ← μ·b + g;  W ← W − η·b
- Adam (Kingma & Ba 2015, alg. 1, torch's form): g ← ∇ + λW;  m ← β1·m + (1−β1)·g;
  v ← β2·v + (1−β2)·g²;  W ← W − (η/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + ε)
"""

from __future__ import annotations

from functools import partial

from lab.engine.core import fields as F
from lab.engine.core.draws import dropout_generator, dropout_mask
from lab.engine.search.trial_spec import BatchError, TrialSpec, initial_weights

EVAL_CHUNK = 2048  # rows per evaluation forward pass (bounds its activations' memory)


class BatchedMLP:
    """The stacked weights, optimizer state and per-model hyperparameters of one batch."""

    def __init__(self, specs: list[TrialSpec], inputs: int, classes: int, device: str,
                 dtype=None):  # fmt: skip
        import torch

        keys = {s.shape_key() for s in specs}
        if len(keys) != 1:
            raise BatchError("trials of different shapes, batch sizes or optimizer kinds "
                             "cannot share one batch")
        problems = sorted({p for s in specs for p in F.problems(s)})
        if problems:
            raise BatchError("; ".join(problems))
        self.dtype = dtype or torch.float32
        self.device = device
        self.activation = specs[0].model.activation
        self.adam = specs[0].optimizer.name == "adam"
        per_model = [initial_weights(s, inputs, classes, self.dtype) for s in specs]
        self.weights = [torch.stack([m[layer] for m in per_model]).to(device).contiguous()
                        for layer in range(len(per_model[0]))]  # (N, out, in), nn.Linear's
        self.biases = [torch.zeros(len(specs), 1, w.shape[1], dtype=self.dtype, device=device)
                       for w in self.weights]  # fmt: skip

        def column(values) -> torch.Tensor:
            return torch.tensor(values, dtype=self.dtype, device=device).view(-1, 1, 1)

        hyper = [s.optimizer.params for s in specs]  # SGD's has no momentum: 0
        self.lr = column([h["lr"] for h in hyper])
        self.wd = column([s.l2 for s in specs])
        self.momentum = column([h.get("momentum", 0.0) for h in hyper])
        self.beta1 = column([h.get("beta1", 0.0) for h in hyper])
        self.beta2 = column([h.get("beta2", 0.0) for h in hyper])
        self.eps = column([h.get("eps", 0.0) for h in hyper])
        # dropout: each trial its own generator and keep probability (a Python float, as the
        # training lab's dropout layer compares with), so its masks are the ones it would draw
        # alone
        self.keeps = [1.0 - s.model.dropout for s in specs]
        self.keep = column(self.keeps)
        self.any_dropout = any(s.model.dropout > 0 for s in specs)
        self.dropout_generators = [dropout_generator(s.seed, device) for s in specs] \
            if self.any_dropout else []
        self.uses_momentum = any(s.optimizer.name == "momentum" for s in specs)
        self.decays = any(s.l2 > 0 for s in specs)
        params = self.params()
        # momentum buffer, or Adam's m; plain SGD keeps none
        self.state1 = [torch.zeros_like(p) for p in params] \
            if self.adam or self.uses_momentum else []
        self.state2 = [torch.zeros_like(p) for p in params] if self.adam else []
        self.step = 0
        self.act_ = {"relu": torch.relu_, "tanh": torch.tanh_,
                     "sigmoid": torch.sigmoid_}[self.activation]  # fmt: skip
        self._grads: list | None = None  # reused gradient buffers, one per parameter

    def params(self) -> list:
        return [*self.weights, *self.biases]

    def _layer(self, h, layer: int):
        """h·Wᵀ + b for every model; ``h`` is (N, rows, in), or (rows, in) shared by all
        models (then one GEMM against every model's rows of W, a free view)."""
        import torch

        w, b = self.weights[layer], self.biases[layer]
        if h.dim() == 3:
            return torch.baddbmm(b, h, w.transpose(1, 2))
        n, fan_out, fan_in = w.shape
        out = torch.addmm(b.view(1, n * fan_out), h, w.view(n * fan_out, fan_in).t())
        return out.view(len(h), n, fan_out).transpose(0, 1)

    def logits(self, x):
        """(N, rows, classes) in eval mode (no dropout); ``x`` (N, rows, in) or (rows, in)."""
        h, last = x, len(self.weights) - 1
        for layer in range(last + 1):
            h = self._layer(h, layer)
            if layer < last:
                h = self.act_(h)  # in place on the layer's fresh output
        return h

    def gradients(self, x, y):
        """Per-model mean cross-entropy (N,) of the minibatch x (N, B, in), y (N, B), and
        its gradients in :meth:`params` order (buffers overwritten by the next call)."""
        import torch

        grads = self._grad_buffers()
        n_layers = len(self.weights)

        def store(layer, delta, h):  # grad_W = δᵀ·h;  grad_b = Σ_rows δ
            torch.bmm(delta.transpose(1, 2), h, out=grads[layer])
            torch.sum(delta, 1, keepdim=True, out=grads[n_layers + layer])

        return self._backprop(x, y, store), grads

    def _backprop(self, x, y, take, scale=None):
        """Forward keeping each layer's input, then backward by the chain rule, handing each
        layer's δ (N, B, out) and input h (N, B, in) to ``take(layer, δ, h)`` once δ·W, which
        needs the weights before any update, has been computed. Returns the (N,) losses.
        A per-model ``scale`` (N, 1, 1) multiplies δ_L, and so every δ below it (the chain is
        linear in δ).

        δ_L = (softmax(z) − onehot(y)) / B;  δ_prev = (δ·W) ⊙ dropout mask / keep ⊙ f′
        (f′ from the activation's output a: relu 1[a>0], tanh 1−a², sigmoid a(1−a))."""
        import torch

        last = len(self.weights) - 1
        inputs, activations, masks = [x], [], []
        h = x
        for layer in range(last + 1):
            z = self._layer(h, layer)
            if layer == last:
                break
            a = self.act_(z)  # in place: the backward pass needs the output, not z
            h = a
            mask = None
            if self.any_dropout:  # inverted dropout, torch's: a · mask / keep
                mask = self.dropout_masks(a.shape)
                h = a * mask / self.keep
            inputs.append(h)
            activations.append(a)
            masks.append(mask)
        n, batch = y.shape
        log_p = torch.log_softmax(z, dim=2)
        target = y.unsqueeze(2)
        losses = log_p.gather(2, target).view(n, batch).mean(1).neg()
        delta = log_p.exp_()  # softmax, in log_p's memory
        delta.scatter_add_(2, target, torch.full(target.shape, -1.0, dtype=delta.dtype,
                                                 device=delta.device)).div_(batch)
        if scale is not None:
            delta.mul_(scale)
        for layer in range(last, -1, -1):
            below = torch.bmm(delta, self.weights[layer]) if layer else None
            take(layer, delta, inputs[layer])
            if below is None:
                break
            if masks[layer - 1] is not None:
                below.mul_(masks[layer - 1]).div_(self.keep)
            delta = self._activation_backward(below, activations[layer - 1])
        return losses

    def dropout_masks(self, shape):
        """(N, B, width) bool: each model's mask from its own generator, drawn as the training
        lab's dropout layer draws it (a model without dropout keeps every unit)."""
        import torch

        return torch.stack([dropout_mask(g, shape[1:], keep) if keep < 1.0
                            else torch.ones(shape[1:], dtype=torch.bool, device=self.device)
                            for g, keep in zip(self.dropout_generators, self.keeps,
                                               strict=True)])  # fmt: skip

    def _sgd_in_place(self, decay, layer, delta, h) -> None:
        """Plain SGD fused into the backward pass, δ already scaled by η:
        W ← W − η(∇W + λW) = (1 − ηλ)·W − (ηδ)ᵀ·h, the product accumulating straight into W
        (no gradient buffer, two memory passes over the weights fewer than gradient, then
        decay, then step)."""
        w = self.weights[layer]
        if self.decays:
            w.mul_(decay)
        w.baddbmm_(delta.transpose(1, 2), h, alpha=-1.0)
        self.biases[layer].sub_(delta.sum(1, keepdim=True))

    def _activation_backward(self, delta, a):
        """δ ⊙ f′, f′ from the activation's output ``a``, as torch's own backward ops
        (relu's threshold_backward ran ~20× faster than a masked fill here)."""
        import torch

        kind = self.activation
        if kind == "relu":
            return torch.ops.aten.threshold_backward(delta, a, 0)
        if kind == "tanh":
            return delta.mul_(1 - a * a)
        return delta.mul_((1 - a) * a)  # sigmoid

    def _grad_buffers(self) -> list:
        import torch

        if self._grads is None:
            self._grads = [torch.empty_like(p) for p in self.params()]
        return self._grads

    def train_step(self, x, y):
        """One minibatch for every model: x (N, B, in), y (N, B). Returns the (N,) losses."""
        import torch

        with torch.no_grad():
            if not (self.adam or self.uses_momentum):
                self.step += 1
                decay = 1 - self.lr * self.wd  # per step: lr-find changes lr each step
                return self._backprop(x, y, partial(self._sgd_in_place, decay), scale=self.lr)
            losses, grads = self.gradients(x, y)
            self._update(self.params(), grads)
        return losses

    def _update(self, params, grads) -> None:
        """The update rules of the module docstring, in place: the gradient buffers are
        ours to overwrite, so no step allocates a parameter-sized tensor (except Adam's one
        scratch tensor per layer)."""
        import torch

        self.step += 1
        t = self.step
        n_weights = len(self.weights)
        weights, weight_grads = params[:n_weights], list(grads[:n_weights])
        grads = list(grads)
        torch._foreach_addcmul_(weight_grads, [self.wd] * n_weights, weights)  # g += λW
        if self.adam:
            bc1 = 1 - self.beta1**t
            bc2_sqrt = torch.sqrt(1 - self.beta2**t)
            step_size = self.lr / bc1
            one_minus_b1, one_minus_b2 = 1 - self.beta1, 1 - self.beta2
            for p, g, m, v in zip(params, grads, self.state1, self.state2, strict=True):
                m.mul_(self.beta1).addcmul_(one_minus_b1, g)
                v.mul_(self.beta2).addcmul_(one_minus_b2 * g, g)
                denom = v.sqrt().div_(bc2_sqrt).add_(self.eps)
                p.addcmul_(step_size, torch.div(m, denom, out=denom), value=-1.0)
        else:  # Momentum (plain SGD trials beside them have μ = 0: b = g); SGD alone is fused
            torch._foreach_mul_(self.state1, [self.momentum] * len(params))
            torch._foreach_add_(self.state1, grads)
            torch._foreach_addcmul_(params, [self.lr] * len(params), self.state1, value=-1.0)

    def keep_only(self, rows) -> None:
        """Compact every per-model tensor to the models at ``rows`` (a 1-D index tensor)."""
        def take(t):
            return t.index_select(0, rows).contiguous()

        self.weights = [take(w) for w in self.weights]
        self.biases = [take(b) for b in self.biases]
        self.state1 = [take(s) for s in self.state1]
        self.state2 = [take(s) for s in self.state2]
        self._grads = None
        for name in ("lr", "wd", "momentum", "beta1", "beta2", "eps", "keep"):
            setattr(self, name, take(getattr(self, name)))
        kept = rows.tolist()
        self.keeps = [self.keeps[r] for r in kept]
        if self.dropout_generators:
            self.dropout_generators = [self.dropout_generators[r] for r in kept]

    def finite_rows(self):
        """(N,) bool: every weight and bias of the model is finite.

        One float32 sum per model and tensor (a single read pass, no copy): an inf or NaN
        entry makes the sum non-finite, so a finite sum proves the row finite. Only a
        non-finite sum (a diverged model, or finite values whose sum overflowed) is checked
        entry by entry."""
        import torch

        params = self.params()
        ok = torch.ones(self.weights[0].shape[0], dtype=torch.bool, device=self.device)
        for p in params:
            ok &= torch.isfinite(p.flatten(1).sum(1))
        if bool(ok.all()):
            return ok
        ok.fill_(True)
        for p in params:
            ok &= torch.isfinite(p).flatten(1).all(1)
        return ok

    def hits(self, x, y, chunk: int = EVAL_CHUNK):
        """(N, rows) bool: which rows of (x, y), shared by all models, each model classifies
        right, in eval mode (no dropout)."""
        import torch

        if len(x) == 0:
            return torch.zeros(self.weights[0].shape[0], 0, dtype=torch.bool, device=self.device)
        with torch.no_grad():
            return torch.cat([self.logits(x[start:start + chunk]).argmax(2)
                              == y[start:start + chunk]
                              for start in range(0, len(x), chunk)], dim=1)  # fmt: skip

    def accuracy(self, x, y, chunk: int = EVAL_CHUNK):
        """(N,) accuracy over (x, y) shared by all models, in eval mode (no dropout)."""
        return self.hits(x, y, chunk).sum(1).to(self.dtype) / max(len(x), 1)
