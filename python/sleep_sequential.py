"""Sleep, sequential Python: each task waits D in turn, `time.sleep` after `time.sleep`.

The third article's `countasync` in its synchronous form (3.01 s for three 1 s waits): nothing
overlaps, so N tasks take N × D, and one task waits at a time.

    .tools/python/bin/python python/sleep_sequential.py --tasks 3 --duration-ms 1000
"""

import time

from workloads import print_result, run, sleep_args, sleep_count

PROGRAM = "sleep-python-sequential"


def main():
    args = sleep_args(__doc__.splitlines()[0])
    print_result(PROGRAM, sleep_count(wait_all(args), held=1))


def wait_all(args):
    finished = []
    for task_id in range(args.tasks):
        time.sleep(args.duration_ms / 1000)
        finished.append(task_id)
    return finished


if __name__ == "__main__":
    run(main)
