"""Download, multiprocessing: a `multiprocessing.Pool` of C processes, one session each.

The article's multiprocessing version (5.72 s against 3.72 s for threads): several interpreters,
each with its own GIL, so nothing is shared and nothing waits on a lock, but every worker is a
whole Python process to start, and every body crosses back to the parent through a pipe,
pickled. For waiting on sockets that buys nothing threads did not already have. Each worker
makes its session once, in the pool's initializer, as the article does; `trust_env = False`
keeps proxy variables from rerouting loopback requests.

    .tools/python/bin/python python/download_multiprocessing.py --requests 160 --concurrency 5
"""

import multiprocessing

import requests

from workloads import MAX_BODY, REQUEST_TIMEOUT, Tally, check_status, download_args, one_line, print_result, read_body, repeat_unanswered, run, url_of, watched

PROGRAM = "download-python-multiprocessing"
session = None


def main():
    args = download_args(__doc__.splitlines()[0])
    args.url.ensure_up()
    print_result(PROGRAM, download_all(args))


def download_all(args):
    tally = Tally()
    urls = [url_of(args, i) for i in range(args.requests)]
    # Leaving the `with` terminates the workers, on an error too.
    with multiprocessing.Pool(processes=args.concurrency, initializer=set_session) as pool, watched(pool):
        for i, body in enumerate(pool.imap(fetch, urls)):
            tally.add(i, body)
    return tally


def set_session():
    """Each worker's one session, made as it starts."""
    global session
    session = requests.Session()
    session.trust_env = False
    repeat_unanswered(session)


def fetch(url):
    """GETs `url` in a worker and returns its body; a status other than 2xx, or a body past
    MAX_BODY, is an error. The body is streamed so that an endless one stops at the limit."""
    try:
        with session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False, stream=True) as response:
            check_status(response.status_code, response.headers.get("location"))
            body = read_body(response)
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
        return body
    except Exception as error:
        # Only the message crosses back: an exception chain does not survive pickling.
        raise RuntimeError(f"GET {url}: {one_line(error)}") from None


if __name__ == "__main__":
    run(main)
