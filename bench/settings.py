"""The production settings plus the benchmark's bare views (bench/urls.py).

Static files are collected into the run's own folder, so a benchmark never overwrites (or reads)
the collected files of another process on the machine.
"""

import os

from hellowork.settings import *  # noqa: F403
from hellowork.settings import STATIC_ROOT as SITE_STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or SITE_STATIC_ROOT
