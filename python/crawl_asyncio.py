"""Crawl, asyncio: C worker coroutines around an `asyncio.Queue`, one aiohttp session.

areq's shape made recursive, as the classic 500-line asyncio crawler does: a frontier queue, C
workers that each take a URL, fetch it, parse it and put the new links back, and
`queue.join()` to know the crawl is over. One thread: the seen set needs no lock, since no
`await` comes between checking a URL and marking it; but every parse runs on that one thread,
and while it parses no request moves. Writing to a file blocks, so each page's lines go to the
file on one writer thread of its own (an executor of one: a text file is not safe to write from
two threads at once). The connector's limit is C (aiohttp's default is 100).

    .tools/python/bin/python python/crawl_asyncio.py --concurrency 10 --out links.tsv
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import aiohttp

from workloads import REQUEST_TIMEOUT, Frontier, Output, crawl_args, found, links, max_pages, print_result, read_body_async, root, run

PROGRAM = "crawl-python-asyncio"


def main():
    args = crawl_args(__doc__.splitlines()[0])
    with Output(args.out) as out:
        args.url.ensure_up()
        print_result(PROGRAM, asyncio.run(crawl(args, out)))


async def crawl(args, out):
    frontier = Frontier(root(args), max_pages(args))
    urls = asyncio.Queue()
    urls.put_nowait(frontier.next_url())  # the root: from here on, `urls` is the frontier's queue
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(sock_connect=REQUEST_TIMEOUT, sock_read=REQUEST_TIMEOUT)
    writer = ThreadPoolExecutor(max_workers=1)
    try:
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            workers = [asyncio.create_task(work(session, urls, frontier, out, writer)) for _ in range(args.concurrency)]
            finished = asyncio.create_task(urls.join())
            try:
                # A worker ends only on an error: whichever ends first, the crawl is over.
                done, _ = await asyncio.wait([finished, *workers], return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
            finally:
                for task in [finished, *workers]:
                    task.cancel()
        return frontier.tally(await asyncio.get_running_loop().run_in_executor(writer, out.finish))
    finally:
        # Waits for a write still in progress (a cancelled worker does not stop its thread), so
        # that the file is closed, or removed, after it.
        writer.shutdown()


async def work(session, urls, frontier, out, writer):
    """One worker: takes URLs until cancelled; an error ends it, and with it the crawl."""
    while True:
        url = await urls.get()
        page_links = await fetch_page(session, url)
        lines = frontier.add(url, page_links, urls.put_nowait)
        await asyncio.get_running_loop().run_in_executor(writer, out.write, lines)
        urls.task_done()


async def fetch_page(session, url):
    """GETs `url` and returns its links, or None for a 404; any other status but 2xx, or a body
    past MAX_BODY, is an error. The body is read in chunks so that an endless one stops at the
    limit."""
    try:
        async with session.get(url, allow_redirects=False) as response:
            page_found = found(response.status, response.headers.get("location"))
            body = await read_body_async(response)
    except Exception as error:
        raise RuntimeError(f"GET {url}") from error
    return links(url, bytes(body)) if page_found else None


if __name__ == "__main__":
    run(main)
