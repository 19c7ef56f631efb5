"""Queue, threading: producer and consumer threads around a `queue.Queue(maxsize=K)`.

The notes' threads for I/O, with the standard library's thread-safe queue: `put` waits while
the queue is full, `get` while it is empty. Every hand-off takes the queue's lock and wakes a
thread, and the GIL lets one thread run Python at a time. A consumer that waits (`time.sleep`,
simulated I/O) lets the GIL go, so Q of them overlap their waits. The queue has no `close`
before Python 3.13: once the producers are done and `join` says every item was taken, each
consumer is sent a `None` to stop, which can no longer race an item.

    .tools/python/bin/python python/queue_threading.py --items 100000 --producers 5 --consumers 10
"""

import queue
import threading
import time

from workloads import QueueTally, check_depth, handoff, print_result, queue_args, run, share, start_all

PROGRAM = "queue-python-threading"


def main():
    args = queue_args(__doc__.splitlines()[0])
    print_result(PROGRAM, hand_off(args))


def hand_off(args):
    q = queue.Queue(maxsize=args.capacity)
    tallies = [QueueTally() for _ in range(args.consumers)]
    consumers = [threading.Thread(target=consume, args=(args, q, t)) for t in tallies]
    counts = [[0, 0] for _ in range(args.producers)]
    producers = [threading.Thread(target=produce, args=(args, p, q, counts[p])) for p in range(args.producers)]
    start_all(consumers + producers)
    for thread in producers:
        thread.join()
    q.join()
    for _ in consumers:
        q.put(None)
    for thread in consumers:
        thread.join()
    check_depth(max(most for _, most in counts), args)
    consumed = QueueTally()
    for tally in tallies:
        consumed = consumed.merge(tally)
    return handoff(sum(count for count, _ in counts), consumed)


def produce(args, producer, q, count):
    """One producer: puts its share, waiting while the queue is full; counts what it put and
    the most the queue held just after a put."""
    for item in share(args, producer):
        q.put(item)
        count[0] += 1
        count[1] = max(count[1], q.qsize())


def consume(args, q, tally):
    """One consumer: takes items until it is sent None, working on each."""
    while (item := q.get()) is not None:
        if args.work_us:
            time.sleep(args.work_us / 1e6)
        tally.add(item)
        q.task_done()


if __name__ == "__main__":
    run(main)
