"""Crawl, multiprocessing: a `multiprocessing.Pool` of C processes fetches and parses; the
parent hands out the pages.

The parent keeps the frontier and the output file and gives the pool each new URL as it is
found (`apply_async`); each worker fetches the page, parses it under its own GIL, and sends back
only the links, pickled. Parsing in parallel is what processes buy over threads here; a process
per worker and a pipe per page is what it costs. Each worker makes its session once, in the
pool's initializer, as the download version does.

A pool replaces a worker that dies and forgets the page it held, so the parent waits for each
page at most a few request timeouts, and says a worker was lost rather than wait for ever.

    .tools/python/bin/python python/crawl_multiprocessing.py --concurrency 10 --out links.tsv
"""

import multiprocessing
import queue

import requests

from workloads import (
    MAX_BODY,
    REQUEST_TIMEOUT,
    Frontier,
    Output,
    crawl_args,
    found,
    links,
    max_pages,
    one_line,
    print_result,
    read_body,
    repeat_unanswered,
    root,
    run,
    watched,
)

PROGRAM = "crawl-python-multiprocessing"
# The longest a page may take to come back before its worker counts as lost (seconds).
PAGE_TIMEOUT = 3 * REQUEST_TIMEOUT
session = None


def main():
    args = crawl_args(__doc__.splitlines()[0])
    with Output(args.out) as out:
        args.url.ensure_up()
        print_result(PROGRAM, crawl(args, out))


def crawl(args, out):
    frontier = Frontier(root(args), max_pages(args))
    pages = queue.SimpleQueue()
    # Leaving the `with` terminates the workers, on an error too.
    # A Pool starts all its processes at once and cannot grow, so it gets no more of them than
    # the graph has pages to parse (past that, a 404 waits for a free process).
    processes = min(args.concurrency, args.pages)
    with multiprocessing.Pool(processes=processes, initializer=set_session) as pool, watched(pool):
        while not frontier.done():
            while (url := frontier.next_url()) is not None:
                pool.apply_async(fetch_page, (url,), callback=pages.put, error_callback=pages.put)
            try:
                page = pages.get(timeout=PAGE_TIMEOUT)
            except queue.Empty:
                raise RuntimeError(f"no page came back in {PAGE_TIMEOUT} s: a worker was lost") from None
            if isinstance(page, BaseException):
                raise page
            out.write(frontier.visit(*page))
    return frontier.tally(out.finish())


def set_session():
    """Each worker's one session, made as it starts."""
    global session
    session = requests.Session()
    session.trust_env = False
    repeat_unanswered(session)


def fetch_page(url):
    """GETs `url` in a worker and returns it with its links (None for a 404); any other status
    but 2xx, or a body past MAX_BODY, is an error."""
    try:
        with session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False, stream=True) as response:
            page_found = found(response.status_code, response.headers.get("location"))
            body = read_body(response)
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
    except Exception as error:
        # Only the message crosses back: an exception chain does not survive pickling.
        raise RuntimeError(f"GET {url}: {one_line(error)}") from None
    return url, links(url, body) if page_found else None


if __name__ == "__main__":
    run(main)
