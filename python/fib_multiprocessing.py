"""Fib, multiprocessing: the jobs on a `multiprocessing.Pool` of W processes.

The article's multiprocessing version, and the notes' second claim: several interpreters, each
with its own GIL, so W jobs compute at once on W cores (10.02 s against 35.36 s sequential on
the article's machine). The price is a whole interpreter per worker, started and imported
before any work, and every argument and result pickled through a pipe.

    .tools/python/bin/python python/fib_multiprocessing.py --n 35 --count 20 --workers 2
"""

import multiprocessing

from workloads import fib, fib_answer, fib_args, print_result, run, watched

PROGRAM = "fib-python-multiprocessing"


def main():
    args = fib_args(__doc__.splitlines()[0])
    print_result(PROGRAM, fib_answer(args, compute_all(args)))


def compute_all(args):
    with multiprocessing.Pool(processes=args.workers) as pool, watched(pool):
        return pool.map(fib, [args.n] * args.count)


if __name__ == "__main__":
    run(main)
