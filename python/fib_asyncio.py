"""Fib, asyncio: the article's coroutine fib, every job gathered on one event loop.

The article's asyncio CPU-bound version, and its warning (86.50 s against 35.36 s sequential):
a coroutine that never waits on anything never gives the loop a chance to switch, so the jobs
run one after another on one thread, and every recursive call pays for creating and awaiting a
coroutine. asyncio overlaps waiting, not computing.

    .tools/python/bin/python python/fib_asyncio.py --n 35 --count 20
"""

import asyncio

from workloads import fib_answer, fib_args, print_result, run

PROGRAM = "fib-python-asyncio"


def main():
    args = fib_args(__doc__.splitlines()[0])
    print_result(PROGRAM, fib_answer(args, asyncio.run(compute_all(args))))


async def compute_all(args):
    return await asyncio.gather(*(fib(args.n) for _ in range(args.count)))


async def fib(n):
    """The kernel as a coroutine, as the article writes it: every call is awaited."""
    return n if n < 2 else await fib(n - 2) + await fib(n - 1)


if __name__ == "__main__":
    run(main)
