"""Run every benchmark under benchmarks/ in turn and print their figures.

The benchmarks measure actiontrack as installed, from its .pyc files: they are written first
(as pip writes them on install), and PYTHONDONTWRITEBYTECODE, which a developer's shell may
set, is dropped for the benchmarks, or every measured process would compile every module
from source again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "actiontrack")],
               check=True, env=ENV)
for script in sorted(HERE.glob("bench_*.py")):
    print(f"== {script.name}", flush=True)
    subprocess.run([sys.executable, str(script)], check=False, env=ENV)
    print(flush=True)
