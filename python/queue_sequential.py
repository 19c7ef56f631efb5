"""Queue, sequential Python: the producers and one consumer take turns on a `collections.deque`.

asyncq without concurrency: the producers put their items in turn, and whenever the queue
holds K, or every item is out, the consumer takes the oldest and works on it (`time.sleep`).
Nothing overlaps, so M items take M × X whatever Q says.

    .tools/python/bin/python python/queue_sequential.py --items 100000
"""

import collections
import time

from workloads import QueueTally, check_depth, handoff, print_result, queue_args, run, share

PROGRAM = "queue-python-sequential"


def main():
    args = queue_args(__doc__.splitlines()[0])
    print_result(PROGRAM, hand_off(args))


def hand_off(args):
    queue = collections.deque()
    consumed = QueueTally()
    produced = most = 0
    shares = [iter(share(args, p)) for p in range(args.producers)]
    while produced < args.items:
        for items in shares:
            item = next(items, None)
            if item is None:
                continue
            if len(queue) == args.capacity:
                consume(args, queue, consumed)
            queue.append(item)
            produced += 1
            most = max(most, len(queue))
    while queue:
        consume(args, queue, consumed)
    check_depth(most, args)
    return handoff(produced, consumed)


def consume(args, queue, consumed):
    item = queue.popleft()
    if args.work_us:
        time.sleep(args.work_us / 1e6)
    consumed.add(item)


if __name__ == "__main__":
    run(main)
