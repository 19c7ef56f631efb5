"""Queue, asyncio: asyncq's shape, producer and consumer coroutines around an `asyncio.Queue`.

The third article's `asyncq`: producers `await q.put`, consumers `await q.get` and work on each
item (`await asyncio.sleep`, simulated I/O), all on one event loop. A hand-off needs no lock
and no thread wake-up, only the loop switching coroutines. As asyncq does it, `main` waits for
the producers, then `await q.join()` until every item is taken, then cancels the consumers.

    .tools/python/bin/python python/queue_asyncio.py --items 100000 --producers 5 --consumers 10
"""

import asyncio

from workloads import QueueTally, check_depth, handoff, print_result, queue_args, run, share

PROGRAM = "queue-python-asyncio"


def main():
    args = queue_args(__doc__.splitlines()[0])
    print_result(PROGRAM, asyncio.run(hand_off(args)))


async def hand_off(args):
    q = asyncio.Queue(maxsize=args.capacity)
    tallies = [QueueTally() for _ in range(args.consumers)]
    consumers = [asyncio.create_task(consume(args, q, t)) for t in tallies]
    counts = await asyncio.gather(*(produce(args, p, q) for p in range(args.producers)))
    await q.join()
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    check_depth(max(most for _, most in counts), args)
    consumed = QueueTally()
    for tally in tallies:
        consumed = consumed.merge(tally)
    return handoff(sum(count for count, _ in counts), consumed)


async def produce(args, producer, q):
    """One producer: puts its share, waiting while the queue is full; returns how many it put
    and the most the queue held just after a put."""
    count = most = 0
    for item in share(args, producer):
        await q.put(item)
        count += 1
        most = max(most, q.qsize())
    return count, most


async def consume(args, q, tally):
    """One consumer: takes items until it is cancelled, working on each."""
    while True:
        item = await q.get()
        if args.work_us:
            await asyncio.sleep(args.work_us / 1e6)
        tally.add(item)
        q.task_done()


if __name__ == "__main__":
    run(main)
