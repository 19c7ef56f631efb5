"""Crawl, threading: a `ThreadPoolExecutor` of C threads fetches and parses; the main thread
hands out the pages.

The threading crawler: the main thread keeps the frontier and the output file and submits each
new URL to the pool as it is found; it waits for whichever page comes back first. While a
thread waits on its socket it holds no GIL, so C pages wait on the site at once; the parse is
Python code, so it takes the GIL, and only one thread parses at a time. Each thread keeps its
own session in a `threading.local`.

    .tools/python/bin/python python/crawl_threading.py --concurrency 10 --out links.tsv
"""

import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import requests

from workloads import MAX_BODY, REQUEST_TIMEOUT, Frontier, Output, crawl_args, found, links, max_pages, print_result, read_body, repeat_unanswered, root, run

PROGRAM = "crawl-python-threading"
thread_local = threading.local()


def main():
    args = crawl_args(__doc__.splitlines()[0])
    with Output(args.out) as out:
        args.url.ensure_up()
        print_result(PROGRAM, crawl(args, out))


def crawl(args, out):
    frontier = Frontier(root(args), max_pages(args))
    executor = ThreadPoolExecutor(max_workers=args.concurrency)
    pending = {}
    try:
        while not frontier.done():
            while (url := frontier.next_url()) is not None:
                pending[executor.submit(fetch_page, url)] = url
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                out.write(frontier.visit(pending.pop(future), future.result()))
    finally:
        # On an error, the pages not yet started are dropped rather than waited for.
        executor.shutdown(cancel_futures=True)
    return frontier.tally(out.finish())


def session():
    """The calling thread's session, made on its first request."""
    if not hasattr(thread_local, "session"):
        thread_local.session = requests.Session()
        thread_local.session.trust_env = False
        repeat_unanswered(thread_local.session)
    return thread_local.session


def fetch_page(url):
    """GETs `url` on a pool thread and returns its links, or None for a 404; any other status
    but 2xx, or a body past MAX_BODY, is an error."""
    try:
        with session().get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False, stream=True) as response:
            page_found = found(response.status_code, response.headers.get("location"))
            body = read_body(response)
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
    except Exception as error:
        raise RuntimeError(f"GET {url}") from error
    return links(url, body) if page_found else None


if __name__ == "__main__":
    run(main)
