"""Sleep, threading: a `ThreadPoolExecutor` with a thread for every task, all waiting at once.

The notes' advice for waiting work: threads. `time.sleep` releases the GIL, so every thread
waits at once and N tasks take about D. What each wait costs is an OS thread (a kernel stack,
a stack mapping, a Python thread state), started one by one from one interpreter. The tasks
mark themselves waiting under a lock, so the result line shows how many waited at once.

    .tools/python/bin/python python/sleep_threading.py --tasks 10000 --duration-ms 1000
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from workloads import print_result, run, sleep_args, sleep_count

PROGRAM = "sleep-python-threading"
lock = threading.Lock()
waiting = most = 0


def main():
    args = sleep_args(__doc__.splitlines()[0])
    print_result(PROGRAM, sleep_count(wait_all(args), held=most))


def wait_all(args):
    with ThreadPoolExecutor(max_workers=args.tasks) as executor:
        return list(executor.map(lambda task_id: wait_one(task_id, args.duration_ms), range(args.tasks)))


def wait_one(task_id, duration_ms):
    """One task: marks itself waiting, waits D, and returns its id."""
    global waiting, most
    with lock:
        waiting += 1
        most = max(most, waiting)
    time.sleep(duration_ms / 1000)
    with lock:
        waiting -= 1
    return task_id


if __name__ == "__main__":
    run(main)
