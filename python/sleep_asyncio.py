"""Sleep, asyncio: a coroutine per task, all gathered on one event loop.

The third article's `countasync` (1.01 s for three 1 s waits, against 3.01 s in turn): every
`await asyncio.sleep` hands the loop to the next task, so all N wait at once on one thread. A
waiting task is a coroutine and a timer, not a thread; the tasks count themselves waiting
without a lock, since only one runs at a time.

    .tools/python/bin/python python/sleep_asyncio.py --tasks 10000 --duration-ms 1000
"""

import asyncio

from workloads import ensure_room, print_result, run, sleep_args, sleep_count

PROGRAM = "sleep-python-asyncio"
# What one waiting task costs here, its coroutine, Task and timer: 1,800 bytes (the peak
# address space of 100,000 and of 400,000 tasks, Python 3.11, 1.76 KiB a task between them).
BYTES_A_TASK = 1_800
waiting = most = 0


def main():
    args = sleep_args(__doc__.splitlines()[0])
    ensure_room(args, BYTES_A_TASK)
    print_result(PROGRAM, sleep_count(asyncio.run(wait_all(args)), held=most))


async def wait_all(args):
    return await asyncio.gather(*(wait_one(task_id, args.duration_ms) for task_id in range(args.tasks)))


async def wait_one(task_id, duration_ms):
    """One task: marks itself waiting, waits D, and returns its id."""
    global waiting, most
    waiting += 1
    most = max(most, waiting)
    await asyncio.sleep(duration_ms / 1000)
    waiting -= 1
    return task_id


if __name__ == "__main__":
    run(main)
