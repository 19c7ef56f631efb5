"""What every Python program here shares, as the Rust programs share the `workloads` crate.

Each workload's flags (the same names, defaults and bounds as the Rust programs' clap flags),
the pages the site serves, the result line that proves the work was done, and how an error is
printed: one line, `Error: ...`, exit status 1; a bad flag is argparse's usage error, status 2.
No program picks its concurrency model here: that is the one thing each file holds.
"""

import argparse
import contextlib
import functools
import ipaddress
import os
import re
import signal
import socket
import sys
import threading
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# download: the two pages, requested in turn (request i fetches PAGES[i % 2]), and their sizes.
PAGES = ("/jython", "/dice")
PAGE_BYTES = {"/jython": 11_264, "/dice": 280}
MAX_REQUESTS = 10_000_000
MAX_CONCURRENCY = 100_000
# The largest body a response may have: past this it is a server gone wrong (an endless body).
MAX_BODY = 1024 * 1024
# The longest a request may wait on a connect or a read before the program gives up, in seconds.
REQUEST_TIMEOUT = 10
DEFAULT_URL = "http://127.0.0.1:8787"
START_HINT = "start it with `make site` or `cargo run --release -p site`"

# fib and sleep.
MAX_N = 92
MAX_COUNT = 1_000_000
MAX_WORKERS = 1_024
MAX_TASKS = 10_000_000
MAX_DURATION_MS = 3_600_000

MASK = (1 << 64) - 1


# The crawl's temporary files, for a stop signal to remove (see `Output`).
_PARTIALS = set()


def run(main):
    """Runs `main()` and turns any error into one line on stderr and exit status 1. A stop
    signal (SIGINT, SIGTERM) ends the process at once with one line too (status 128 + the
    signal): either way the program ends through `_exit_now`, which waits for no thread."""
    main_pid = os.getpid()

    def stop(signum, _frame):
        if os.getpid() != main_pid:
            os._exit(128 + signum)  # a forked worker: nothing of the parent's to clean up
        _exit_now(f"stopped by {signal.Signals(signum).name}", 128 + signum)

    signal.signal(signal.SIGTERM, stop)
    # A forked worker gets the default SIGTERM back (a pool's `terminate` sends it, and a
    # Python handler would wait for the interpreter, which a worker blocked in C never
    # reaches) and ignores SIGINT, so that Ctrl-C on the group prints the parent's one line
    # and no worker's traceback: the parent kills its workers.
    # And it dies with the parent (`_die_with_parent`), as the Rust rows' workers do.
    os.register_at_fork(before=_load_prctl, after_in_child=functools.partial(_in_worker, main_pid))
    # Even where SIGINT came in ignored (a background job of a script, `nohup`, some CI
    # runners), which CPython would keep: the programs promise to stop on it, as the Rust crawl
    # rows do (their handler, too, replaces an ignored disposition).
    signal.signal(signal.SIGINT, stop)
    try:
        main()
    except Exception as error:  # noqa: BLE001: every failure ends the same way, on one line
        _exit_now(one_line(error), 1)


def _exit_now(why, status):
    """Ends the process at once with `Error: why` on stderr: removes the crawl's temporary
    file and kills the program's worker processes first, and waits for no thread. The
    interpreter's own exit would join every thread: a hang while one sleeps, or waits on a
    queue no one will feed because the run failed half-way (a thread that could not start)."""
    for path in list(_PARTIALS):
        with contextlib.suppress(OSError):
            os.remove(path)
    if "multiprocessing" in sys.modules:
        for child in sys.modules["multiprocessing"].active_children():
            child.kill()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    print(f"Error: {why}", file=sys.stderr, flush=True)
    os._exit(status)


def start_all(threads):
    """Starts every thread in `threads`, or says how far it got: "cannot start thread 57 of
    10005", the way the Rust rows say it, when the system has no room for another."""
    for number, thread in enumerate(threads, 1):
        try:
            thread.start()
        except RuntimeError as error:
            raise RuntimeError(f"cannot start thread {number} of {len(threads)}") from error


def _in_worker(parent):
    """What every forked worker does first: default signals, and death with its parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)


# PR_SET_PDEATHSIG, from <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
_prctl = []


def _load_prctl():
    """Finds libc's `prctl` in the parent, once, before its first fork: a worker that had to
    load ctypes itself would start that much later. Not on Linux: nothing."""
    if not _prctl and sys.platform == "linux":
        import ctypes  # noqa: PLC0415: only the programs that fork pay for it

        _prctl.append(ctypes.CDLL(None, use_errno=True).prctl)


def _die_with_parent(parent):
    """Asks the kernel to SIGKILL this worker when its parent dies. A Pool's workers see the
    parent's death anyway (their task pipe closes), but a worker that holds a queue's write end
    itself, as queue-python-multiprocessing's producers and consumers do, would wait on it for
    ever: those outlived a SIGKILLed parent (3 of 3, 5 s later)."""
    if not _prctl:
        return
    _prctl[0](_PR_SET_PDEATHSIG, signal.SIGKILL)
    # The parent may have died before the request: the worker then has another parent.
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def watched(pool):
    """Fails the run at once, with one line, when one of `pool`'s worker processes dies: a
    `multiprocessing.Pool` starts a new worker in its place, but the task the dead one held is
    lost, and a `map` or an `imap` would wait for it for ever. A thread looks at the workers
    every 100 ms and, on a death, ends the program from there (`_exit_now`, which kills the
    other workers) rather than raise in the main thread: leaving the `with Pool` would call
    `terminate`, which takes the task queue's read lock first, and a worker killed while idle
    dies holding it (an idle worker waits for its next task inside that lock), so `terminate`
    waited for ever, with no line (one try in four, when the kill fell on an idle worker)."""
    workers = list(pool._pool)  # the Pool keeps no public list of its processes
    stop = threading.Event()

    def watch():
        while not stop.wait(0.1):
            for worker in workers:
                if worker.exitcode is not None:
                    _exit_now(f"worker process {worker.pid} died (exit code {worker.exitcode})", 1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield pool
    finally:
        stop.set()
        watcher.join()


def one_line(error, limit=300):
    """The error and its causes, `what: why: why`, on one line of at most `limit` characters
    (a server's garbage can end up in a parser's message). A worker's traceback, which
    multiprocessing chains to the error it sends back, is left out."""
    parts = []
    while error is not None and len(parts) < 8 and type(error).__name__ != "RemoteTraceback":
        text = " ".join(str(error).split()) or type(error).__name__
        if not parts or text not in parts[-1]:
            parts.append(text)
        error = error.__cause__ or error.__context__
    line = ": ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def bounded(low, high):
    """An argparse type for an integer from `low` to `high`, as the Rust flags bound theirs."""

    def parse(text):
        # As Rust's `u64::from_str`, which clap uses: ASCII digits after an optional `+`; no
        # `_`, no spaces, no other script's digits (all of which Python's `int` takes).
        if not re.fullmatch(r"\+?[0-9]+", text):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not in {low}..={high}")
        return value

    return parse


def parser(description):
    return argparse.ArgumentParser(description=description, allow_abbrev=False)


def parse(p):
    """The parsed flags, each given at most once, as clap refuses a flag given twice."""
    args = p.parse_args()
    for action in p._actions:
        given = [
            word
            for word in sys.argv[1:]
            for option in action.option_strings
            if word == option or word.startswith(option + "=")
        ]
        if len(given) > 1 and action.option_strings != ["-h", "--help"]:
            p.error(f"the argument '{action.option_strings[-1]}' cannot be used multiple times")
    return args


def workers_flag(parser):
    parser.add_argument(
        "--workers",
        type=bounded(1, MAX_WORKERS),
        default=len(os.sched_getaffinity(0)),
        help="worker threads or processes, where a model has a set number (default: the cores)",
    )


def print_result(program, fields):
    """The one result line a program owes on success: its name, then `key=value` fields."""
    print(f"{program} {fields}", flush=True)


# --- download -----------------------------------------------------------------------------


def download_args(description):
    p = parser(description)
    p.add_argument("--requests", type=bounded(1, MAX_REQUESTS), default=160)
    p.add_argument("--concurrency", type=bounded(1, MAX_CONCURRENCY), default=5)
    p.add_argument("--url", type=site_url, default=os.environ.get("SITE_URL", DEFAULT_URL))
    return parse(p)


class SiteUrl:
    """The site's base address: plain http on a loopback host, no path."""

    def __init__(self, host, port):
        self.host, self.port = host, port

    def url(self, path):
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def ensure_up(self):
        """Fails with one line saying how to start the site when nothing listens there."""
        try:
            socket.create_connection((self.host, self.port), timeout=2).close()
        except OSError as error:
            raise RuntimeError(f"no site answers at {self.url('')} ({error}); {START_HINT}") from None

    def __str__(self):
        return self.url("")


def site_url(text):
    parts = urlsplit(text)
    if parts.scheme != "http" or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{text}: expected http://host:port")
    if parts.path not in ("", "/") or parts.query:
        raise argparse.ArgumentTypeError(f"{text}: expected the site's base URL, with no path")
    if "@" in parts.netloc:
        raise argparse.ArgumentTypeError(f"{text}: no user name or password: the site takes none")
    host = parts.hostname
    if host != "localhost" and not is_loopback_ip(host):
        raise argparse.ArgumentTypeError(f"{text}: the site runs on loopback, not {host}")
    try:
        port = parts.port
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text}: port out of range (1 to 65535)") from None
    if port == 0:
        raise argparse.ArgumentTypeError(f"{text}: port 0 is out of range (1 to 65535)")
    return SiteUrl(host, 80 if port is None else port)


def is_loopback_ip(host):
    """Whether `host` is an IP literal on loopback (127.0.0.0/8 or ::1): a name that merely
    starts with `127.` is a name, and names other than `localhost` are refused."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_of(args, i):
    """The full URL of request `i`."""
    return args.url.url(PAGES[i % len(PAGES)])


def check_status(status, location):
    """2xx goes on; a redirect is an error saying where it pointed (none is followed)."""
    if 200 <= status < 300:
        return
    if 300 <= status < 400:
        where = location or "nowhere"
        raise RuntimeError(f"status {status}, a redirect to {where}: redirects are not followed")
    raise RuntimeError(f"status {status}")


class Tally:
    """What a program downloaded: requests, bytes, and the wrapping sum of each body's FNV-1a."""

    def __init__(self):
        self.requests = self.bytes = self.checksum = 0

    def add(self, i, body):
        """Counts request i's body; a body whose length is not its page's is an error."""
        path = PAGES[i % len(PAGES)]
        if len(body) != PAGE_BYTES[path]:
            raise RuntimeError(
                f"GET {path}: {len(body)} bytes, where the page has {PAGE_BYTES[path]}: "
                "not a whole response"
            )
        self.requests += 1
        self.bytes += len(body)
        self.checksum = (self.checksum + fnv1a(bytes(body))) & MASK

    def __str__(self):
        return f"requests={self.requests} bytes={self.bytes} checksum={self.checksum:016x}"


@functools.lru_cache(maxsize=8)
def fnv1a(body):
    """FNV-1a, 64 bits, as the Rust programs hash each body. Memoised on the bytes: a Python
    loop over an 11 KB page takes about 2 ms, longer than the request it checks; looking the
    bytes up costs a C hash and a compare, and different bytes are hashed afresh."""
    hash_ = 0xCBF29CE484222325
    for byte in body:
        hash_ = ((hash_ ^ byte) * 0x100000001B3) & MASK
    return hash_


# --- fib ----------------------------------------------------------------------------------


def fib_args(description):
    p = parser(description)
    p.add_argument("--n", type=bounded(0, MAX_N), default=35)
    p.add_argument("--count", type=bounded(1, MAX_COUNT), default=20)
    workers_flag(p)
    return parse(p)


def fib(n):
    """The article's kernel, as it writes it."""
    return n if n < 2 else fib(n - 2) + fib(n - 1)


def fib_answer(args, results):
    return f"n={args.n} count={args.count} sum={sum(results)}"


# --- sleep --------------------------------------------------------------------------------


def sleep_args(description):
    p = parser(description)
    p.add_argument("--tasks", type=bounded(1, MAX_TASKS), default=10_000)
    p.add_argument("--duration-ms", type=bounded(0, MAX_DURATION_MS), default=1_000)
    workers_flag(p)
    return parse(p)


# What `ensure_room` allows for everything but the tasks, as the Rust rows: 64 MiB.
BASE_BYTES = 64 << 20


def ensure_room(args, bytes_a_task):
    """Refuses, with one line, N tasks that cannot fit in the memory this process may have, as
    the Rust rows' `Args::ensure_room` does and in its words: `bytes_a_task` times N, a quarter
    more for slack and BASE_BYTES, against the address-space limit (`ulimit -v`) and the memory
    Linux says is available. Past it, the run fails half-way through making its tasks, and the
    ones made and never awaited each warn on the way out: more lines than one."""
    need = args.tasks * bytes_a_task // 4 * 5 + BASE_BYTES
    room = _memory_room()
    if room is not None and need > room[0]:
        raise RuntimeError(
            f"{args.tasks} tasks need about {_gib(need)} here ({bytes_a_task} bytes each, and "
            f"slack) and {room[1]} leaves {_gib(room[0])}: fewer --tasks"
        )


def _memory_room():
    """The most memory this process may take and what sets it, or None where /proc does not
    say: the address-space limit or, if lower, MemAvailable and free swap."""
    import resource  # noqa: PLC0415: only the rows that check pay for it

    candidates = []
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit != resource.RLIM_INFINITY:
        candidates.append((limit, "the address-space limit (ulimit -v)"))
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        kib = int(fields["MemAvailable"].split()[0]) + int(fields.get("SwapFree", "0 kB").split()[0])
        candidates.append((kib * 1024, "the memory available"))
    except (OSError, KeyError, ValueError):
        pass
    return min(candidates, default=None)


def _gib(count):
    return f"{count / (1 << 30):.1f} GiB"


def mix(task_id):
    """SplitMix64's finaliser, as the Rust programs spread task ids before summing them."""
    z = (task_id + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def sleep_count(ids, held):
    """The result line's fields: tasks finished, a checksum of their ids, the most at once."""
    ids = list(ids)
    checksum = sum(mix(i) for i in ids) & MASK
    return f"tasks={len(ids)} checksum={checksum:016x} held={held}"


# --- queue --------------------------------------------------------------------------------

MAX_ITEMS = 100_000_000
MAX_PRODUCERS = 1_024
MAX_CONSUMERS = 10_000
MAX_CAPACITY = 1_000_000
MAX_WORK_US = 1_000_000


def queue_args(description):
    p = parser(description)
    p.add_argument("--producers", type=bounded(1, MAX_PRODUCERS), default=5)
    p.add_argument("--consumers", type=bounded(1, MAX_CONSUMERS), default=10)
    p.add_argument("--items", type=bounded(1, MAX_ITEMS), default=1_000)
    p.add_argument("--capacity", type=bounded(1, MAX_CAPACITY), default=100)
    p.add_argument("--work-us", type=bounded(0, MAX_WORK_US), default=0)
    workers_flag(p)
    return parse(p)


def share(args, producer):
    """The items producer `p` puts: p, p + P, p + 2P... below M."""
    return range(producer, args.items, args.producers)


class QueueTally:
    """What consumers took: how many items, and the wrapping sum of each one's mix."""

    def __init__(self, items=0, checksum=0):
        self.items, self.checksum = items, checksum

    def add(self, item):
        self.items += 1
        self.checksum = (self.checksum + mix(item)) & MASK

    def merge(self, other):
        return QueueTally(self.items + other.items, (self.checksum + other.checksum) & MASK)


def handoff(produced, consumed):
    return f"produced={produced} consumed={consumed.items} checksum={consumed.checksum:016x}"


def check_depth(most, args):
    """An error if the queue was seen holding more than K items."""
    if most > args.capacity:
        raise RuntimeError(f"the queue held {most} items, past its capacity of {args.capacity}")


# --- crawl --------------------------------------------------------------------------------

MAX_PAGES = 1_000_000
# A graph of G pages takes about 1.34 G fetches (its pages, a print view of every fifth, a 404
# past the end on every seventh) and never more than 2 G: the default bound of a crawl.
FETCHES_PER_PAGE = 2
MAX_FETCHES = FETCHES_PER_PAGE * MAX_PAGES


def crawl_args(description):
    p = parser(description)
    p.add_argument("--concurrency", type=bounded(1, MAX_CONCURRENCY), default=10)
    p.add_argument("--pages", type=bounded(1, MAX_PAGES), default=1_000)
    p.add_argument("--out", required=True, help="the file to write the links to")
    p.add_argument("--url", type=site_url, default=os.environ.get("SITE_URL", DEFAULT_URL))
    p.add_argument(
        "--max-pages",
        type=bounded(1, MAX_FETCHES),
        default=None,
        help="the most pages to fetch before the crawl stops with an error (default: twice --pages)",
    )
    return parse(p)


def root(args):
    """The URL the crawl starts from: the root page of the graph of G pages."""
    return args.url.url(f"/web/{args.pages}/0.html")


def max_pages(args):
    """The most pages the crawl may fetch: --max-pages, or twice --pages."""
    return args.max_pages if args.max_pages is not None else FETCHES_PER_PAGE * args.pages


def found(status, location):
    """True for 2xx, False for a page not found (404: counted, not an error); else an error."""
    if status == 404:
        return False
    check_status(status, location)
    return True


class HrefParser(HTMLParser):
    """Collects the `href` of every `<a>`: the standard library's parser, which lower-cases
    names, decodes `&amp;` in values, and reads `<script>` and `<style>` as raw text, as the
    Rust programs' html5ever does."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = next((value for name, value in attrs if name == "href"), None)
            if href is not None:
                self.hrefs.append(href)


def links(page, html):
    """The same-host links of the HTML fetched from `page`: each `<a href>` resolved against
    the page, its fragment dropped, kept when its scheme, host and port are the page's, each
    once, in the order they first appear."""
    parser = HrefParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    parser.close()
    origin = urlsplit(page)[:2]
    # A dict keeps the links in the order they first appear, each once, in time linear in them.
    found_links = {}
    for href in parser.hrefs:
        link = urldefrag(urljoin(page, href.strip())).url
        if urlsplit(link)[:2] == origin:
            found_links.setdefault(link, None)
    return list(found_links)


def repeat_unanswered(session):
    """Mounts on `session` the rule every HTTP row follows when a server closes a connection: a
    GET whose connection closed before any byte of its response came (the server closed an idle
    connection just as the request went out) is sent once more, on a new connection. requests
    sends none again on its own. Any other failure stays the request's error, as requests
    raises it. (urllib3 is imported here, not at the top: the rows with no HTTP never load it.)"""
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ProtocolError
    from urllib3.util.retry import Retry

    class Unanswered(Retry):
        def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
            # http.client says RemoteDisconnected (a ConnectionResetError) only when not a byte
            # of the status line came; a reset or a broken pipe loses whatever was on its way.
            cause = error.args[-1] if isinstance(error, ProtocolError) and error.args else None
            closed = isinstance(cause, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError))
            if self.total and response is None and closed:
                return super().increment(method, url, response, error, _pool, _stacktrace)
            # requests' own default (no retry, a read error raised as it came).
            return Retry(0, read=False).increment(method, url, response, error, _pool, _stacktrace)

    once = Unanswered(total=1, connect=0, read=1, redirect=0, status=0, other=0, allowed_methods={"GET"})
    session.mount("http://", HTTPAdapter(max_retries=once))
    return session


def read_body(response):
    """The body of a streamed `requests` response, at most MAX_BODY + 1 bytes (so that a longer
    one shows), read within REQUEST_TIMEOUT in all: requests' read timeout applies between
    bytes, so a body that drips a byte a second would never trip it."""
    deadline = time.monotonic() + REQUEST_TIMEOUT
    body = bytearray()
    while len(body) <= MAX_BODY:
        chunk = response.raw.read1(MAX_BODY + 1 - len(body))
        if not chunk:
            break
        body += chunk
        if time.monotonic() > deadline:
            raise RuntimeError(f"the body took more than {REQUEST_TIMEOUT} s")
    return bytes(body)


async def read_body_async(response):
    """`read_body` for an aiohttp response: its `sock_read` timeout, too, applies between reads."""
    deadline = time.monotonic() + REQUEST_TIMEOUT
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > MAX_BODY:
            raise RuntimeError(f"the body is longer than {MAX_BODY} bytes")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the body took more than {REQUEST_TIMEOUT} s")
    return body


def on_site(url):
    """A link as the output file writes it: its path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Frontier:
    """The crawl's bookkeeping, kept by whoever hands out the work: the URLs seen, the queue of
    those not yet fetched, how many are out being fetched, and the counts."""

    def __init__(self, root_url, most):
        self.root, self.most = root_url, most
        self.seen = {root_url}
        self.queue = deque([root_url])
        self.out = 0
        self.pages = self.links = self.missing = 0

    def next_url(self):
        """The next URL to fetch, oldest first, counted as out until it is visited; or None."""
        if not self.queue:
            return None
        self.out += 1
        return self.queue.popleft()

    def done(self):
        return not self.queue and self.out == 0

    def visit(self, url, page_links):
        """Takes in a fetched page (`page_links` None for a 404): counts it, queues each link
        not seen before, and returns the lines to write."""
        self.out -= 1
        return self.add(url, page_links, self.queue.append)

    def add(self, url, page_links, push):
        """Counts a page and returns its lines; each link not seen before is marked seen and
        given to `push`, in one step (no `await` or lock between the check and the mark).
        An error for a missing root (a crawl of nothing is no crawl) and for one page more than
        the bound (the site links to more pages than the graph could hold)."""
        if page_links is None and url == self.root:
            raise RuntimeError(f"the crawl's first page, {url}, is not on the site (404)")
        if self.pages + self.missing >= self.most:
            raise RuntimeError(
                f"more than {self.most} pages fetched, the bound --max-pages sets (twice --pages "
                "unless given): the site links to more pages than the graph holds"
            )
        if page_links is None:
            self.missing += 1
            return ""
        self.pages += 1
        self.links += len(page_links)
        for link in page_links:
            if link not in self.seen:
                self.seen.add(link)
                push(link)
        source = on_site(url)
        return "".join(f"{source}\t{on_site(link)}\n" for link in page_links)

    def tally(self, checksum):
        return f"pages={self.pages} links={self.links} missing={self.missing} checksum={checksum:016x}"


class Output:
    """The output file: lines go to a temporary file beside it, which becomes the file only on
    `finish`; left unfinished (an error), the temporary file is removed. Use it in a `with`."""

    def __init__(self, path):
        cannot = f"cannot write the links to {path}"
        # A symbolic link is followed: the file it points to is written, and the link stays.
        if os.path.islink(path):
            path = os.path.realpath(path)
        if os.path.isdir(path):
            raise RuntimeError(f"{cannot}: it is a directory")
        if os.path.exists(path) and not os.path.isfile(path):
            # The rename at the end would replace a device, a FIFO or a socket.
            raise RuntimeError(f"{cannot}: it is not a regular file")
        if os.path.exists(path) and not os.access(path, os.W_OK):
            raise RuntimeError(f"{cannot}: permission denied")
        directory = os.path.dirname(path)
        self.path = path
        # A short name beside it whatever its own length, unique to this process.
        self.partial = os.path.join(directory, f".crawl-{os.getpid()}.partial")
        try:
            self.file = open(self.partial, "x", encoding="utf-8")  # noqa: SIM115: closed in finish or __exit__
        except OSError as error:
            raise RuntimeError(f"{cannot}: {error.strerror}") from None
        _PARTIALS.add(self.partial)

    def write(self, lines):
        self.file.write(lines)

    def finish(self):
        """Closes the file, reads it back, moves it into place; returns the checksum of its
        lines, sorted."""
        self.file.close()
        with open(self.partial, "rb") as written:
            checksum = sorted_checksum(written.read())
        os.replace(self.partial, self.path)
        _PARTIALS.discard(self.partial)
        self.partial = None
        return checksum

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self.partial is not None:
            self.file.close()
            os.remove(self.partial)
            _PARTIALS.discard(self.partial)


def sorted_checksum(text):
    """FNV-1a over the lines in byte order, each with its newline: the Rust programs' checksum."""
    hash_ = 0xCBF29CE484222325
    for line in sorted(text.splitlines(keepends=True)):
        for byte in line:
            hash_ = ((hash_ ^ byte) * 0x100000001B3) & MASK
    return hash_
