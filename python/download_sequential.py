"""Download, sequential Python: one request after another over one `requests.Session`.

The article's synchronous version (14.29 s for its 160 GETs over the internet). The session
keeps one connection alive for every request, so only the first pays for a connect; each request
still waits its full round trip before the next is sent: N × latency.

Idiomatic has a trap: `requests` reads proxy settings from the environment (HTTP_PROXY and
friends), so a bench on a machine with a proxy would send its loopback requests through it.
`session.trust_env = False` keeps every request on the site it names.

    .tools/python/bin/python python/download_sequential.py --requests 160
"""

import requests

from workloads import MAX_BODY, REQUEST_TIMEOUT, Tally, check_status, download_args, print_result, read_body, repeat_unanswered, run, url_of

PROGRAM = "download-python-sequential"


def main():
    args = download_args(__doc__.splitlines()[0])
    args.url.ensure_up()
    print_result(PROGRAM, download_all(args))


def download_all(args):
    tally = Tally()
    with requests.Session() as session:
        session.trust_env = False
        repeat_unanswered(session)
        for i in range(args.requests):
            tally.add(i, fetch(session, url_of(args, i)))
    return tally


def fetch(session, url):
    """GETs `url` and returns its body; a status other than 2xx, or a body past MAX_BODY, is an
    error. The body is streamed so that an endless one stops at the limit."""
    try:
        with session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False, stream=True) as response:
            check_status(response.status_code, response.headers.get("location"))
            body = read_body(response)
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
        return body
    except Exception as error:
        raise RuntimeError(f"GET {url}") from error


if __name__ == "__main__":
    run(main)
