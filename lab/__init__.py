"""Descent Lab: see and measure how neural networks are optimized and initialized."""
__version__ = "0.1.0"
