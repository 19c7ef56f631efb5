#!/bin/sh
# Every hyperfine command behind fib's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential.json -n fib-sequential 'target/release/fib-sequential --n 35 --count 20 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads.json -n fib-threads 'target/release/fib-threads --n 35 --count 20 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-threads.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool.json -n fib-pool 'target/release/fib-pool --n 35 --count 20 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes.json -n fib-processes 'target/release/fib-processes --n 35 --count 20 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon.json -n fib-rayon 'target/release/fib-rayon --n 35 --count 20 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio.json -n fib-tokio 'target/release/fib-tokio --n 35 --count 20 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current.json -n fib-tokio-current 'target/release/fib-tokio-current --n 35 --count 20 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-current.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std.json -n fib-async-std 'target/release/fib-async-std --n 35 --count 20 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol.json -n fib-smol 'target/release/fib-smol --n 35 --count 20 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential.json -n fib-python-sequential '.tools/python/bin/python python/fib_sequential.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-sequential-startup.json -n 'fib-python-sequential start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading.json -n fib-python-threading '.tools/python/bin/python python/fib_threading.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-threading-startup.json -n 'fib-python-threading start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-multiprocessing.json -n fib-python-multiprocessing '.tools/python/bin/python python/fib_multiprocessing.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-multiprocessing-startup.json -n 'fib-python-multiprocessing start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_multiprocessing'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-asyncio.json -n fib-python-asyncio '.tools/python/bin/python python/fib_asyncio.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-asyncio-startup.json -n 'fib-python-asyncio start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_asyncio'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential-ft.json -n fib-python-sequential-ft '.tools/python-ft-venv/bin/python python/fib_sequential.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-sequential-ft-startup.json -n 'fib-python-sequential-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading-ft.json -n fib-python-threading-ft '.tools/python-ft-venv/bin/python python/fib_threading.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-threading-ft-startup.json -n 'fib-python-threading-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-interpreters.json -n fib-python-interpreters '.tools/python-interp-venv/bin/python python/fib_interpreters.py --n 35 --count 20 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json fib-python-interpreters-startup.json -n 'fib-python-interpreters start-up' '.tools/python-interp-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import fib_interpreters'\'''
