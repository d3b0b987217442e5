"""The search lab's engine: a batched trainer (N models in one set of tensor ops), Optuna
ask-and-tell studies and their storage, the lr range test, presets. Qt-free."""
