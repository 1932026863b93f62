"""Run a notebook top to bottom with nbclient; exit 1 if any cell errors.

    python examples/notebooks/execute.py examples/notebooks/backpage.ipynb \
        --out .casegraph/backpage.executed.ipynb

The kernel is this Python (run it with the virtual environment's python): a
kernelspec pointing at sys.executable is written to a temporary folder put
first on JUPYTER_PATH, so no kernel is registered anywhere. The notebook runs
in its own folder; the executed copy, outputs and any error included, is
written to --out either way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets.config import Config

KERNEL = "casegraph-python"


def private_kernel(tmp: str) -> None:
    spec_dir = os.path.join(tmp, "kernels", KERNEL)
    os.makedirs(spec_dir)
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (casegraph)",
            "language": "python",
        }, f)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (tmp, os.environ.get("JUPYTER_PATH")) if p)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook")
    ap.add_argument("--out", help="where to write the executed notebook (default: NOTEBOOK.executed.ipynb)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds one cell may run (default 300)")
    args = ap.parse_args()

    out = args.out or args.notebook.replace(".ipynb", ".executed.ipynb")
    nb = nbformat.read(args.notebook, as_version=4)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    started = time.monotonic()
    failed = None
    with tempfile.TemporaryDirectory(prefix="casegraph-kernel-") as tmp:
        private_kernel(tmp)
        # IPC sockets in the temporary folder, rather than TCP on loopback.
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(tmp, "kernel")
        client = NotebookClient(
            nb,
            config=config,
            timeout=args.timeout,
            kernel_name=KERNEL,
            allow_errors=False,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        )
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            failed = exc
        finally:
            os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
            nbformat.write(nb, out)

    took = time.monotonic() - started
    if failed is not None:
        print(f"{args.notebook}: a cell failed (executed copy in {out}):\n{failed}", file=sys.stderr)
        return 1
    print(f"{args.notebook}: all {code_cells} code cells ran without error in {took:.1f} s; executed copy in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
