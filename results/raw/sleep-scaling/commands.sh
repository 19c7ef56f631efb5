#!/bin/sh
# Every hyperfine command behind sleep-scaling's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 2 --export-json sleep-sequential-n1.json -n 'sleep-sequential N = 1' 'target/release/sleep-sequential --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-threads-n1.json -n 'sleep-threads N = 1' 'target/release/sleep-threads --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-pool-n1.json -n 'sleep-pool N = 1' 'target/release/sleep-pool --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-processes-n1.json -n 'sleep-processes N = 1' 'target/release/sleep-processes --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-rayon-n1.json -n 'sleep-rayon N = 1' 'target/release/sleep-rayon --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n1.json -n 'sleep-tokio N = 1' 'target/release/sleep-tokio --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n1.json -n 'sleep-tokio-mimalloc N = 1' 'target/release/sleep-tokio-mimalloc --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n1.json -n 'sleep-tokio-current N = 1' 'target/release/sleep-tokio-current --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n1.json -n 'sleep-async-std N = 1' 'target/release/sleep-async-std --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n1.json -n 'sleep-smol N = 1' 'target/release/sleep-smol --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n1.json -n 'sleep-smol-mimalloc N = 1' 'target/release/sleep-smol-mimalloc --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n1.json -n 'sleep-compio N = 1' 'target/release/sleep-compio --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-sequential-n1.json -n 'sleep-python-sequential N = 1' '.tools/python/bin/python python/sleep_sequential.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-sequential-startup.json -n 'sleep-python-sequential start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-n1.json -n 'sleep-python-threading N = 1' '.tools/python/bin/python python/sleep_threading.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-threading-startup.json -n 'sleep-python-threading start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-multiprocessing-n1.json -n 'sleep-python-multiprocessing N = 1' '.tools/python/bin/python python/sleep_multiprocessing.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-multiprocessing-startup.json -n 'sleep-python-multiprocessing start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_multiprocessing'\'''
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-asyncio-n1.json -n 'sleep-python-asyncio N = 1' '.tools/python/bin/python python/sleep_asyncio.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-sequential-ft-n1.json -n 'sleep-python-sequential-ft N = 1' '.tools/python-ft-venv/bin/python python/sleep_sequential.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-sequential-ft-startup.json -n 'sleep-python-sequential-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-ft-n1.json -n 'sleep-python-threading-ft N = 1' '.tools/python-ft-venv/bin/python python/sleep_threading.py --tasks 1 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-threading-ft-startup.json -n 'sleep-python-threading-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_threading'\'''
hyperfine -N --warmup 0 --runs 2 --export-json sleep-sequential-n10.json -n 'sleep-sequential N = 10' 'target/release/sleep-sequential --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-threads-n10.json -n 'sleep-threads N = 10' 'target/release/sleep-threads --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-pool-n10.json -n 'sleep-pool N = 10' 'target/release/sleep-pool --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-processes-n10.json -n 'sleep-processes N = 10' 'target/release/sleep-processes --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-rayon-n10.json -n 'sleep-rayon N = 10' 'target/release/sleep-rayon --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n10.json -n 'sleep-tokio N = 10' 'target/release/sleep-tokio --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n10.json -n 'sleep-tokio-mimalloc N = 10' 'target/release/sleep-tokio-mimalloc --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n10.json -n 'sleep-tokio-current N = 10' 'target/release/sleep-tokio-current --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n10.json -n 'sleep-async-std N = 10' 'target/release/sleep-async-std --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n10.json -n 'sleep-smol N = 10' 'target/release/sleep-smol --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n10.json -n 'sleep-smol-mimalloc N = 10' 'target/release/sleep-smol-mimalloc --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n10.json -n 'sleep-compio N = 10' 'target/release/sleep-compio --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-n10.json -n 'sleep-python-threading N = 10' '.tools/python/bin/python python/sleep_threading.py --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-asyncio-n10.json -n 'sleep-python-asyncio N = 10' '.tools/python/bin/python python/sleep_asyncio.py --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-ft-n10.json -n 'sleep-python-threading-ft N = 10' '.tools/python-ft-venv/bin/python python/sleep_threading.py --tasks 10 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-threads-n100.json -n 'sleep-threads N = 100' 'target/release/sleep-threads --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-processes-n100.json -n 'sleep-processes N = 100' 'target/release/sleep-processes --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n100.json -n 'sleep-tokio N = 100' 'target/release/sleep-tokio --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n100.json -n 'sleep-tokio-mimalloc N = 100' 'target/release/sleep-tokio-mimalloc --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n100.json -n 'sleep-tokio-current N = 100' 'target/release/sleep-tokio-current --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n100.json -n 'sleep-async-std N = 100' 'target/release/sleep-async-std --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n100.json -n 'sleep-smol N = 100' 'target/release/sleep-smol --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n100.json -n 'sleep-smol-mimalloc N = 100' 'target/release/sleep-smol-mimalloc --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n100.json -n 'sleep-compio N = 100' 'target/release/sleep-compio --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-n100.json -n 'sleep-python-threading N = 100' '.tools/python/bin/python python/sleep_threading.py --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-asyncio-n100.json -n 'sleep-python-asyncio N = 100' '.tools/python/bin/python python/sleep_asyncio.py --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-ft-n100.json -n 'sleep-python-threading-ft N = 100' '.tools/python-ft-venv/bin/python python/sleep_threading.py --tasks 100 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-threads-n1000.json -n 'sleep-threads N = 1000' 'target/release/sleep-threads --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n1000.json -n 'sleep-tokio N = 1000' 'target/release/sleep-tokio --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n1000.json -n 'sleep-tokio-mimalloc N = 1000' 'target/release/sleep-tokio-mimalloc --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n1000.json -n 'sleep-tokio-current N = 1000' 'target/release/sleep-tokio-current --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n1000.json -n 'sleep-async-std N = 1000' 'target/release/sleep-async-std --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n1000.json -n 'sleep-smol N = 1000' 'target/release/sleep-smol --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n1000.json -n 'sleep-smol-mimalloc N = 1000' 'target/release/sleep-smol-mimalloc --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n1000.json -n 'sleep-compio N = 1000' 'target/release/sleep-compio --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-n1000.json -n 'sleep-python-threading N = 1000' '.tools/python/bin/python python/sleep_threading.py --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-asyncio-n1000.json -n 'sleep-python-asyncio N = 1000' '.tools/python/bin/python python/sleep_asyncio.py --tasks 1000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-threading-ft-n1000.json -n 'sleep-python-threading-ft N = 1000' '.tools/python-ft-venv/bin/python python/sleep_threading.py --tasks 1000 --duration-ms 1000 --workers 2'
# sleep-threads: the same work as in sleep, timed there; its figures are copied into sleep-threads-n10000.json
# sleep-tokio: the same work as in sleep, timed there; its figures are copied into sleep-tokio-n10000.json
# sleep-tokio-mimalloc: the same work as in sleep, timed there; its figures are copied into sleep-tokio-mimalloc-n10000.json
# sleep-tokio-current: the same work as in sleep, timed there; its figures are copied into sleep-tokio-current-n10000.json
# sleep-async-std: the same work as in sleep, timed there; its figures are copied into sleep-async-std-n10000.json
# sleep-smol: the same work as in sleep, timed there; its figures are copied into sleep-smol-n10000.json
# sleep-smol-mimalloc: the same work as in sleep, timed there; its figures are copied into sleep-smol-mimalloc-n10000.json
# sleep-compio: the same work as in sleep, timed there; its figures are copied into sleep-compio-n10000.json
# sleep-python-asyncio: the same work as in sleep, timed there; its figures are copied into sleep-python-asyncio-n10000.json
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n100000.json -n 'sleep-tokio N = 100000' 'target/release/sleep-tokio --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n100000.json -n 'sleep-tokio-mimalloc N = 100000' 'target/release/sleep-tokio-mimalloc --tasks 100000 --duration-ms 1000 --workers 2'
# then 2 more runs of the line above (--warmup 0 --runs 2), merged into sleep-tokio-mimalloc-n100000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n100000.json -n 'sleep-tokio-current N = 100000' 'target/release/sleep-tokio-current --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n100000.json -n 'sleep-async-std N = 100000' 'target/release/sleep-async-std --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n100000.json -n 'sleep-smol N = 100000' 'target/release/sleep-smol --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n100000.json -n 'sleep-smol-mimalloc N = 100000' 'target/release/sleep-smol-mimalloc --tasks 100000 --duration-ms 1000 --workers 2'
# then 2 more runs of the line above (--warmup 0 --runs 2), merged into sleep-smol-mimalloc-n100000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n100000.json -n 'sleep-compio N = 100000' 'target/release/sleep-compio --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json sleep-python-asyncio-n100000.json -n 'sleep-python-asyncio N = 100000' '.tools/python/bin/python python/sleep_asyncio.py --tasks 100000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-n1000000.json -n 'sleep-tokio N = 1000000' 'target/release/sleep-tokio --tasks 1000000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-mimalloc-n1000000.json -n 'sleep-tokio-mimalloc N = 1000000' 'target/release/sleep-tokio-mimalloc --tasks 1000000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-tokio-current-n1000000.json -n 'sleep-tokio-current N = 1000000' 'target/release/sleep-tokio-current --tasks 1000000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-async-std-n1000000.json -n 'sleep-async-std N = 1000000' 'target/release/sleep-async-std --tasks 1000000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-n1000000.json -n 'sleep-smol N = 1000000' 'target/release/sleep-smol --tasks 1000000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-smol-mimalloc-n1000000.json -n 'sleep-smol-mimalloc N = 1000000' 'target/release/sleep-smol-mimalloc --tasks 1000000 --duration-ms 1000 --workers 2'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into sleep-smol-mimalloc-n1000000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 2 --export-json sleep-compio-n1000000.json -n 'sleep-compio N = 1000000' 'target/release/sleep-compio --tasks 1000000 --duration-ms 1000 --workers 2'
