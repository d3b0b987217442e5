"""The search lab's Qt side: its plots (report.py); the panel comes next."""
