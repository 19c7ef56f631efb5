"""Fib, threading: the jobs on a `ThreadPoolExecutor` of W threads.

The article's threading version, and the notes' first claim: slower than sequential (39.86 s
against 35.36 s), because CPython's GIL lets one thread run Python bytecode at a time. The
threads take turns on one core and pay for the switching. (Python 3.13's free-threaded build
removes the GIL; the interpreter measured here is the default build, and results/machine.md
says which.)

    .tools/python/bin/python python/fib_threading.py --n 35 --count 20 --workers 2
"""

from concurrent.futures import ThreadPoolExecutor

from workloads import fib, fib_answer, fib_args, print_result, run

PROGRAM = "fib-python-threading"


def main():
    args = fib_args(__doc__.splitlines()[0])
    print_result(PROGRAM, fib_answer(args, compute_all(args)))


def compute_all(args):
    with ThreadPoolExecutor(max_workers=args.workers) as executor:
        return list(executor.map(fib, [args.n] * args.count))


if __name__ == "__main__":
    run(main)
