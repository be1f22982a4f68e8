"""gunicorn's settings for production: `gunicorn -c hellowork/gunicorn.conf.py hellowork.wsgi`.

Read from the environment like hellowork/settings.py; every variable is listed in
docs/operations.md ("Settings").
"""

import os

# Behind a load balancer the platform usually gives $PORT; $BIND (host:port, or unix:/path)
# names the address exactly.
bind = os.environ.get("BIND") or (
    f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
)
# Sync workers: every request is short except password hashing, which is CPU-bound, so more
# workers than 2 per core only queue for the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"
# A request that takes longer than this is stuck (the slowest, a submit with its mail,
# takes well under a second); its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The app is loaded once, in the master, before the workers are forked: a new worker starts
# with Django set up instead of importing it again (about a second of CPU each time), and the
# workers share the loaded code's memory. No database connection is opened before the fork
# (Django connects on a worker's first query).
preload_app = True
# Workers are renewed now and then, at different times, so slow growth of memory never adds up.
# Not too often: at 1,000 requests, renewing cost the benchmark's bare view half its CPU time.
max_requests = 10000
max_requests_jitter = 1000

accesslog = "-"
errorlog = "-"
# The client as the proxy saw it, beside the peer, for tracing a request through the proxy.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# X-Forwarded-Proto is believed only where the app believes it (settings.TRUSTED_PROXY_COUNT):
# behind our own proxies, which are the only peers that can reach us, from any of them;
# with none, from nobody, so a client cannot claim https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or (
    "*" if int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) else ""
)

# No runtime control socket: it would sit at one path in $HOME, shared by every gunicorn on
# the machine (two app servers on one host, as the scale-out script runs them).
control_socket_disable = True
