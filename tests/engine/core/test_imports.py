"""Several worker threads starting at once must not hang importing torch (a fresh process)."""

import subprocess
import sys

CODE = """
import threading
from lab.engine.core.imports import import_once

def job():
    import_once("torch", "sympy")
    import torch
    torch.ones(3).sum()

threads = [threading.Thread(target=job) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
print(sum(t.is_alive() for t in threads))
"""


def test_concurrent_first_imports_finish():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "0"
