"""Queue, multiprocessing: producer and consumer processes around a `multiprocessing.JoinableQueue`.

The notes' processes, for a pipeline: each item is pickled, written to a pipe by a feeder
thread in the producer, read and unpickled by a consumer, with a lock and a semaphore shared
between the processes for every `put` and `get`. Each consumer sends its tally back on a second
queue. As with threads, once the producers are done and `join` says every item was taken, each
consumer is sent a `None` to stop.

    .tools/python/bin/python python/queue_multiprocessing.py --items 100000 --producers 5 --consumers 10
"""

import multiprocessing
import queue
import threading
import time

from workloads import QueueTally, check_depth, handoff, print_result, queue_args, run, share

PROGRAM = "queue-python-multiprocessing"


def main():
    args = queue_args(__doc__.splitlines()[0])
    print_result(PROGRAM, hand_off(args))


def hand_off(args):
    q = multiprocessing.JoinableQueue(maxsize=args.capacity)
    results = multiprocessing.Queue()
    consumers = [multiprocessing.Process(target=consume, args=(args, q, results)) for _ in range(args.consumers)]
    producers = [multiprocessing.Process(target=produce, args=(args, p, q, results)) for p in range(args.producers)]
    workers = consumers + producers
    try:
        for process in workers:
            process.start()
        counts = [get(results, workers) for _ in producers]
        wait(q.join, workers)
        for _ in consumers:
            q.put(None)
        consumed = QueueTally()
        for _ in consumers:
            consumed = consumed.merge(QueueTally(*get(results, workers)))
        for process in workers:
            process.join()
    finally:
        for process in workers:
            if process.is_alive():
                process.kill()
    check_depth(max(most for _, most in counts), args)
    return handoff(sum(count for count, _ in counts), consumed)


def get(results, workers):
    """The next result, or an error as soon as a worker has died: a dead worker would leave
    the queue's `join`, or this `get`, waiting for ever."""
    while True:
        try:
            return results.get(timeout=0.1)
        except queue.Empty:
            pass
        check_alive(workers)


def wait(join, workers):
    """Calls `join` on a thread, checking meanwhile that no worker has died."""
    joiner = threading.Thread(target=join, daemon=True)
    joiner.start()
    while joiner.is_alive():
        joiner.join(0.1)
        check_alive(workers)


def check_alive(workers):
    for process in workers:
        if process.exitcode not in (None, 0):
            raise RuntimeError(f"a worker died (exit status {process.exitcode})")


def produce(args, producer, q, results):
    """A producer process: puts its share, waiting while the queue is full; sends back how many
    it put and the most the queue held just after a put."""
    count = most = 0
    for item in share(args, producer):
        q.put(item)
        count += 1
        most = max(most, q.qsize())
    results.put((count, most))


def consume(args, q, results):
    """A consumer process: takes items until it is sent None, working on each; sends back its
    tally."""
    tally = QueueTally()
    while (item := q.get()) is not None:
        if args.work_us:
            time.sleep(args.work_us / 1e6)
        tally.add(item)
        q.task_done()
    q.task_done()
    results.put((tally.items, tally.checksum))


if __name__ == "__main__":
    run(main)
