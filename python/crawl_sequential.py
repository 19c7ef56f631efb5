"""Crawl, sequential: one page at a time, fetched, parsed and written in turn.

The classic crawler before it grows workers: take the oldest URL from the frontier, GET it
through one `requests.Session`, parse its links with the standard library's `html.parser`,
queue the new ones, write its lines. One round trip per page: about G × the site's latency.
`trust_env = False` keeps proxy variables from rerouting loopback requests.

    .tools/python/bin/python python/crawl_sequential.py --out links.tsv
"""

import requests

from workloads import MAX_BODY, REQUEST_TIMEOUT, Frontier, Output, crawl_args, found, links, max_pages, print_result, read_body, repeat_unanswered, root, run

PROGRAM = "crawl-python-sequential"


def main():
    args = crawl_args(__doc__.splitlines()[0])
    with Output(args.out) as out:
        args.url.ensure_up()
        print_result(PROGRAM, crawl(args, out))


def crawl(args, out):
    frontier = Frontier(root(args), max_pages(args))
    with requests.Session() as session:
        session.trust_env = False
        repeat_unanswered(session)
        while (url := frontier.next_url()) is not None:
            out.write(frontier.visit(url, fetch_page(session, url)))
    return frontier.tally(out.finish())


def fetch_page(session, url):
    """GETs `url` and returns its links, or None for a 404; any other status but 2xx, or a body
    past MAX_BODY, is an error. The body is streamed so that an endless one stops at the limit."""
    try:
        with session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False, stream=True) as response:
            page_found = found(response.status_code, response.headers.get("location"))
            body = read_body(response)
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
    except Exception as error:
        raise RuntimeError(f"GET {url}") from error
    return links(url, body) if page_found else None


if __name__ == "__main__":
    run(main)
