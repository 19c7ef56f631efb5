"""Fib, interpreters: the jobs on an `InterpreterPoolExecutor` of W interpreters in one process.

CPython's third answer to the GIL (PEP 734): several interpreters in one process, each with its
own GIL, so W jobs compute at once on W cores as multiprocessing's do, without a process per
worker. `concurrent.futures.InterpreterPoolExecutor` is in the standard library from 3.14; on
3.13 the `interpreters-pep-734` backport provides it (python/requirements-interpreters.txt). The
row runs on a default (GIL) build, which results/machine.md names.

    .tools/python-interp-venv/bin/python python/fib_interpreters.py --n 35 --count 20 --workers 2
"""

import os
import site

try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # 3.13: the backport
    from interpreters_backport.concurrent.futures import InterpreterPoolExecutor

from workloads import fib, fib_answer, fib_args, print_result, run

PROGRAM = "fib-python-interpreters"

# A worker interpreter starts with a fresh sys.path, without this folder: it could not unpickle
# `workloads.fib` (the 3.13 backport then waits for ever rather than failing), so each worker
# adds the folder first.
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    args = fib_args(__doc__.splitlines()[0])
    print_result(PROGRAM, fib_answer(args, compute_all(args)))


def compute_all(args):
    with InterpreterPoolExecutor(
        max_workers=args.workers, initializer=site.addsitedir, initargs=(HERE,)
    ) as executor:
        return list(executor.map(fib, [args.n] * args.count))


if __name__ == "__main__":
    run(main)
