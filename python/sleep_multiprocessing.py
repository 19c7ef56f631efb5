"""Sleep, multiprocessing: the tasks on a `multiprocessing.Pool` of W processes.

Processes for waiting work: each worker is a whole interpreter, and a worker that sleeps is a
worker taken, so W tasks wait at a time and N tasks take ceil(N / W) × D, as with a pool of
threads, at a process's price. How many waited at once is counted in shared memory (a
`multiprocessing.Value` each, under its lock), handed to every worker as it starts.

    .tools/python/bin/python python/sleep_multiprocessing.py --tasks 10 --duration-ms 1000 --workers 2
"""

import multiprocessing
import time

from workloads import print_result, run, sleep_args, sleep_count, watched

PROGRAM = "sleep-python-multiprocessing"
waiting = most = None


def main():
    args = sleep_args(__doc__.splitlines()[0])
    shared = (multiprocessing.Value("q", 0), multiprocessing.Value("q", 0))
    finished = wait_all(args, shared)
    print_result(PROGRAM, sleep_count(finished, held=shared[1].value))


def wait_all(args, shared):
    jobs = [(task_id, args.duration_ms) for task_id in range(args.tasks)]
    with multiprocessing.Pool(processes=args.workers, initializer=share, initargs=shared) as pool, watched(pool):
        return pool.starmap(wait_one, jobs, chunksize=1)


def share(now, high):
    """Each worker's handles on the shared counts, set as it starts."""
    global waiting, most
    waiting, most = now, high


def wait_one(task_id, duration_ms):
    """One task: marks itself waiting, waits D, and returns its id."""
    with waiting.get_lock():
        waiting.value += 1
        most.value = max(most.value, waiting.value)
    time.sleep(duration_ms / 1000)
    with waiting.get_lock():
        waiting.value -= 1
    return task_id


if __name__ == "__main__":
    run(main)
