"""The float64 fixture of the training-step tests: both loops in float64."""

from tests.engine.train.test_training_step import float64  # noqa: F401 (a fixture)
