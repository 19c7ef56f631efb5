#!/bin/sh
# Every hyperfine command behind fib-scaling's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count1.json -n 'fib-sequential count = 1' 'target/release/fib-sequential --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-sequential-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count1.json -n 'fib-threads count = 1' 'target/release/fib-threads --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-threads-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count1.json -n 'fib-pool count = 1' 'target/release/fib-pool --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-pool-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count1.json -n 'fib-processes count = 1' 'target/release/fib-processes --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-processes-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count1.json -n 'fib-rayon count = 1' 'target/release/fib-rayon --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count1.json -n 'fib-tokio count = 1' 'target/release/fib-tokio --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-count1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-count1.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count1.json -n 'fib-tokio-current count = 1' 'target/release/fib-tokio-current --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-current-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count1.json -n 'fib-async-std count = 1' 'target/release/fib-async-std --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count1.json -n 'fib-smol count = 1' 'target/release/fib-smol --n 35 --count 1 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-smol-count1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential-count1.json -n 'fib-python-sequential count = 1' '.tools/python/bin/python python/fib_sequential.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading-count1.json -n 'fib-python-threading count = 1' '.tools/python/bin/python python/fib_threading.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-multiprocessing-count1.json -n 'fib-python-multiprocessing count = 1' '.tools/python/bin/python python/fib_multiprocessing.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-asyncio-count1.json -n 'fib-python-asyncio count = 1' '.tools/python/bin/python python/fib_asyncio.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential-ft-count1.json -n 'fib-python-sequential-ft count = 1' '.tools/python-ft-venv/bin/python python/fib_sequential.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading-ft-count1.json -n 'fib-python-threading-ft count = 1' '.tools/python-ft-venv/bin/python python/fib_threading.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-interpreters-count1.json -n 'fib-python-interpreters count = 1' '.tools/python-interp-venv/bin/python python/fib_interpreters.py --n 35 --count 1 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count2.json -n 'fib-sequential count = 2' 'target/release/fib-sequential --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count2.json -n 'fib-threads count = 2' 'target/release/fib-threads --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count2.json -n 'fib-pool count = 2' 'target/release/fib-pool --n 35 --count 2 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-pool-count2.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count2.json -n 'fib-processes count = 2' 'target/release/fib-processes --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count2.json -n 'fib-rayon count = 2' 'target/release/fib-rayon --n 35 --count 2 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count2.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count2.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count2.json -n 'fib-tokio count = 2' 'target/release/fib-tokio --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count2.json -n 'fib-tokio-current count = 2' 'target/release/fib-tokio-current --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count2.json -n 'fib-async-std count = 2' 'target/release/fib-async-std --n 35 --count 2 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count2.json -n 'fib-smol count = 2' 'target/release/fib-smol --n 35 --count 2 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-smol-count2.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential-count2.json -n 'fib-python-sequential count = 2' '.tools/python/bin/python python/fib_sequential.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading-count2.json -n 'fib-python-threading count = 2' '.tools/python/bin/python python/fib_threading.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-multiprocessing-count2.json -n 'fib-python-multiprocessing count = 2' '.tools/python/bin/python python/fib_multiprocessing.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-asyncio-count2.json -n 'fib-python-asyncio count = 2' '.tools/python/bin/python python/fib_asyncio.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-sequential-ft-count2.json -n 'fib-python-sequential-ft count = 2' '.tools/python-ft-venv/bin/python python/fib_sequential.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-threading-ft-count2.json -n 'fib-python-threading-ft count = 2' '.tools/python-ft-venv/bin/python python/fib_threading.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json fib-python-interpreters-count2.json -n 'fib-python-interpreters count = 2' '.tools/python-interp-venv/bin/python python/fib_interpreters.py --n 35 --count 2 --workers 2'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count4.json -n 'fib-sequential count = 4' 'target/release/fib-sequential --n 35 --count 4 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count4.json -n 'fib-threads count = 4' 'target/release/fib-threads --n 35 --count 4 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-threads-count4.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-threads-count4.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count4.json -n 'fib-pool count = 4' 'target/release/fib-pool --n 35 --count 4 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-pool-count4.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count4.json -n 'fib-processes count = 4' 'target/release/fib-processes --n 35 --count 4 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-processes-count4.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count4.json -n 'fib-rayon count = 4' 'target/release/fib-rayon --n 35 --count 4 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count4.json -n 'fib-tokio count = 4' 'target/release/fib-tokio --n 35 --count 4 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count4.json -n 'fib-tokio-current count = 4' 'target/release/fib-tokio-current --n 35 --count 4 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-current-count4.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count4.json -n 'fib-async-std count = 4' 'target/release/fib-async-std --n 35 --count 4 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count4.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count4.json -n 'fib-smol count = 4' 'target/release/fib-smol --n 35 --count 4 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count8.json -n 'fib-sequential count = 8' 'target/release/fib-sequential --n 35 --count 8 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-sequential-count8.json: its median's interval was wider than ±5%
# then 4 more runs of the line above (--warmup 0 --runs 4), merged into fib-sequential-count8.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count8.json -n 'fib-threads count = 8' 'target/release/fib-threads --n 35 --count 8 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count8.json -n 'fib-pool count = 8' 'target/release/fib-pool --n 35 --count 8 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count8.json -n 'fib-processes count = 8' 'target/release/fib-processes --n 35 --count 8 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count8.json -n 'fib-rayon count = 8' 'target/release/fib-rayon --n 35 --count 8 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count8.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count8.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count8.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count8.json -n 'fib-tokio count = 8' 'target/release/fib-tokio --n 35 --count 8 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-count8.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count8.json -n 'fib-tokio-current count = 8' 'target/release/fib-tokio-current --n 35 --count 8 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count8.json -n 'fib-async-std count = 8' 'target/release/fib-async-std --n 35 --count 8 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count8.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count8.json: its median's interval was wider than ±5%
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count8.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count8.json -n 'fib-smol count = 8' 'target/release/fib-smol --n 35 --count 8 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count16.json -n 'fib-sequential count = 16' 'target/release/fib-sequential --n 35 --count 16 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count16.json -n 'fib-threads count = 16' 'target/release/fib-threads --n 35 --count 16 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count16.json -n 'fib-pool count = 16' 'target/release/fib-pool --n 35 --count 16 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-pool-count16.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count16.json -n 'fib-processes count = 16' 'target/release/fib-processes --n 35 --count 16 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count16.json -n 'fib-rayon count = 16' 'target/release/fib-rayon --n 35 --count 16 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-rayon-count16.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count16.json -n 'fib-tokio count = 16' 'target/release/fib-tokio --n 35 --count 16 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-tokio-count16.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into fib-tokio-count16.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count16.json -n 'fib-tokio-current count = 16' 'target/release/fib-tokio-current --n 35 --count 16 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count16.json -n 'fib-async-std count = 16' 'target/release/fib-async-std --n 35 --count 16 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-async-std-count16.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count16.json -n 'fib-smol count = 16' 'target/release/fib-smol --n 35 --count 16 --workers 2'
# then 5 more runs of the line above (--warmup 0 --runs 5), merged into fib-smol-count16.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 5 --export-json fib-sequential-count32.json -n 'fib-sequential count = 32' 'target/release/fib-sequential --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-threads-count32.json -n 'fib-threads count = 32' 'target/release/fib-threads --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-pool-count32.json -n 'fib-pool count = 32' 'target/release/fib-pool --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-processes-count32.json -n 'fib-processes count = 32' 'target/release/fib-processes --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-rayon-count32.json -n 'fib-rayon count = 32' 'target/release/fib-rayon --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-count32.json -n 'fib-tokio count = 32' 'target/release/fib-tokio --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-tokio-current-count32.json -n 'fib-tokio-current count = 32' 'target/release/fib-tokio-current --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-async-std-count32.json -n 'fib-async-std count = 32' 'target/release/fib-async-std --n 35 --count 32 --workers 2'
hyperfine -N --warmup 0 --runs 5 --export-json fib-smol-count32.json -n 'fib-smol count = 32' 'target/release/fib-smol --n 35 --count 32 --workers 2'
