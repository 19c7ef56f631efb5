#!/bin/sh
# Every hyperfine command behind queue's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 5 --export-json queue-sequential.json -n queue-sequential 'target/release/queue-sequential --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-sequential.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-sequential.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-threads.json -n queue-threads 'target/release/queue-threads --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-threads.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-pool.json -n queue-pool 'target/release/queue-pool --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-pool.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-processes.json -n queue-processes 'target/release/queue-processes --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json queue-rayon.json -n queue-rayon 'target/release/queue-rayon --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-rayon.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-rayon.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-rayon.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-tokio.json -n queue-tokio 'target/release/queue-tokio --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-tokio-mpsc.json -n queue-tokio-mpsc 'target/release/queue-tokio-mpsc --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-mpsc.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-mpsc.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-mpsc.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-tokio-current.json -n queue-tokio-current 'target/release/queue-tokio-current --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-tokio-current.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-async-std.json -n queue-async-std 'target/release/queue-async-std --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-async-std.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-async-std-channel1.json -n queue-async-std-channel1 'target/release/queue-async-std-channel1 --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-async-std-channel1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-smol.json -n queue-smol 'target/release/queue-smol --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-smol.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-smol.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-smol.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-smol.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-smol.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-smol.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json queue-compio.json -n queue-compio 'target/release/queue-compio --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into queue-compio.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-sequential.json -n queue-python-sequential '.tools/python/bin/python python/queue_sequential.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-sequential-startup.json -n 'queue-python-sequential start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-threading.json -n queue-python-threading '.tools/python/bin/python python/queue_threading.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-threading-startup.json -n 'queue-python-threading start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-multiprocessing.json -n queue-python-multiprocessing '.tools/python/bin/python python/queue_multiprocessing.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-multiprocessing-startup.json -n 'queue-python-multiprocessing start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_multiprocessing'\'''
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-asyncio.json -n queue-python-asyncio '.tools/python/bin/python python/queue_asyncio.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-asyncio-startup.json -n 'queue-python-asyncio start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_asyncio'\'''
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-sequential-ft.json -n queue-python-sequential-ft '.tools/python-ft-venv/bin/python python/queue_sequential.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-sequential-ft-startup.json -n 'queue-python-sequential-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-threading-ft.json -n queue-python-threading-ft '.tools/python-ft-venv/bin/python python/queue_threading.py --items 1000000 --producers 5 --consumers 10 --capacity 100 --work-us 0 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json queue-python-threading-ft-startup.json -n 'queue-python-threading-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import queue_threading'\'''
