#!/bin/sh
# Every hyperfine command behind queue-overlap's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 1 --export-json queue-sequential-q10.json -n 'queue-sequential Q = 10' 'target/release/queue-sequential --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-threads-q10.json -n 'queue-threads Q = 10' 'target/release/queue-threads --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-pool-q10.json -n 'queue-pool Q = 10' 'target/release/queue-pool --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-processes-q10.json -n 'queue-processes Q = 10' 'target/release/queue-processes --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-rayon-q10.json -n 'queue-rayon Q = 10' 'target/release/queue-rayon --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-q10.json -n 'queue-tokio Q = 10' 'target/release/queue-tokio --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-current-q10.json -n 'queue-tokio-current Q = 10' 'target/release/queue-tokio-current --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-async-std-q10.json -n 'queue-async-std Q = 10' 'target/release/queue-async-std --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-smol-q10.json -n 'queue-smol Q = 10' 'target/release/queue-smol --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-threading-q10.json -n 'queue-python-threading Q = 10' '.tools/python/bin/python python/queue_threading.py --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-multiprocessing-q10.json -n 'queue-python-multiprocessing Q = 10' '.tools/python/bin/python python/queue_multiprocessing.py --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-asyncio-q10.json -n 'queue-python-asyncio Q = 10' '.tools/python/bin/python python/queue_asyncio.py --items 20000 --producers 5 --consumers 10 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-threads-q100.json -n 'queue-threads Q = 100' 'target/release/queue-threads --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-processes-q100.json -n 'queue-processes Q = 100' 'target/release/queue-processes --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-q100.json -n 'queue-tokio Q = 100' 'target/release/queue-tokio --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-current-q100.json -n 'queue-tokio-current Q = 100' 'target/release/queue-tokio-current --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-async-std-q100.json -n 'queue-async-std Q = 100' 'target/release/queue-async-std --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-smol-q100.json -n 'queue-smol Q = 100' 'target/release/queue-smol --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-threading-q100.json -n 'queue-python-threading Q = 100' '.tools/python/bin/python python/queue_threading.py --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-multiprocessing-q100.json -n 'queue-python-multiprocessing Q = 100' '.tools/python/bin/python python/queue_multiprocessing.py --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-asyncio-q100.json -n 'queue-python-asyncio Q = 100' '.tools/python/bin/python python/queue_asyncio.py --items 20000 --producers 5 --consumers 100 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-threads-q1000.json -n 'queue-threads Q = 1000' 'target/release/queue-threads --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-q1000.json -n 'queue-tokio Q = 1000' 'target/release/queue-tokio --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-tokio-current-q1000.json -n 'queue-tokio-current Q = 1000' 'target/release/queue-tokio-current --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-async-std-q1000.json -n 'queue-async-std Q = 1000' 'target/release/queue-async-std --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-smol-q1000.json -n 'queue-smol Q = 1000' 'target/release/queue-smol --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-threading-q1000.json -n 'queue-python-threading Q = 1000' '.tools/python/bin/python python/queue_threading.py --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
hyperfine -N --warmup 0 --runs 1 --export-json queue-python-asyncio-q1000.json -n 'queue-python-asyncio Q = 1000' '.tools/python/bin/python python/queue_asyncio.py --items 20000 --producers 5 --consumers 1000 --capacity 100 --work-us 1000 --workers 2'
