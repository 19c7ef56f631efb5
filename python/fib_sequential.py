"""Fib, sequential Python: fib(n), `count` times, one after another.

The article's synchronous CPU-bound version (35.36 s for fib(35) twenty times on its machine).
The baseline every other Python row is measured against: one interpreter, one core.

    .tools/python/bin/python python/fib_sequential.py --n 35 --count 20
"""

from workloads import fib, fib_answer, fib_args, print_result, run

PROGRAM = "fib-python-sequential"


def main():
    args = fib_args(__doc__.splitlines()[0])
    print_result(PROGRAM, fib_answer(args, compute_all(args)))


def compute_all(args):
    return [fib(args.n) for _ in range(args.count)]


if __name__ == "__main__":
    run(main)
