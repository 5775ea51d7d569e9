"""`python -m benchmarks.load`: Minka under load, printed as a table.

Loads the demo into its own database (a SQLite file in the temporary folder, or
the `minka_bench` database, or BENCH_DATABASE, beside DATABASE_URL's on
PostgreSQL; kept between runs,
BENCH_FRESH=1 starts PostgreSQL's afresh), starts gunicorn with
two workers and the production settings on 127.0.0.1, and drives it from this
process with a fixed number of concurrent connections for a fixed time:

- a member reading a case study, a member on the Lima members area,
- a visitor on the home page (cached whole when REDIS_URL is set),
- a visitor searching.

Prints requests per second, latency percentiles and errors for each. Nothing is
asserted: the figures depend on the machine (see docs/performance.md).
"""

import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8023"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
PASSWORD = "minka-demo"
SCENARIOS = [
    ("member reads a case study", "lima-member", "/case-studies/lima-first-years/"),
    ("member on the members area", "lima-member", "/communities/lima/members/"),
    ("visitor on the home page", None, "/"),
    ("visitor searching", None, "/search/?q=security"),
]


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def database_url(workdir):
    url = os.environ.get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir}/load.sqlite3"
    name = os.environ.get("BENCH_DATABASE", "minka_bench")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop_database(url):
    """Drop the benchmark's own PostgreSQL database (never DATABASE_URL's)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def sign_in(username):
    """The session cookie of `username`, signed in through the login form."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request(
        "GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    response = connection.getresponse()
    page = response.read().decode()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": f"https://{HOST}:{PORT}/accounts/login/",
        "X-Forwarded-Proto": "https",
    }
    connection.request("POST", "/accounts/login/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    if "sessionid" not in cookies:
        raise RuntimeError(f"Could not sign in as {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def drive(path, cookie):
    """Requests from CONCURRENCY connections for SECONDS: (latencies, errors)."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS
    headers = {"X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie

    def worker():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def wait_for_server(process):
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def main():
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        say("Skipped: gunicorn is not installed (pip install -r requirements.txt).")
        return 0
    # Kept between runs: the demo is loaded only into an empty database.
    workdir = Path(tempfile.gettempdir()) / "minka-load"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        workdir = workdir.with_name("minka-load-postgres")
    workdir.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(workdir),
        "MEDIA_ROOT": f"{workdir}/media",
        "SECRET_KEY": "load-benchmark-only",
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        # Plain http on 127.0.0.1: the proxy header says the request was HTTPS.
        "BEHIND_TLS_PROXY": "true",
    }
    env.pop("DEBUG", None)
    say(f"Database: {env['DATABASE_URL']}")
    say(f"Cache: {'Redis ' + env['REDIS_URL'] if env.get('REDIS_URL') else 'none'}")
    if not env["DATABASE_URL"].startswith("sqlite"):
        if os.environ.get("BENCH_FRESH"):
            drop_database(env["DATABASE_URL"])
        manage(env, "create_database")
    say("Migrating and loading the demo (once)…")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo", "--if-empty")
    manage(env, "collectstatic", "--no-input", "-v0")
    if env.get("REDIS_URL"):
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from django.core.cache import cache; cache.clear()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "intranet.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        wait_for_server(server)
        for name, username, path in SCENARIOS:
            cookie = sign_in(username) if username else None
            drive(path, cookie)  # warm up: connections, caches
            latencies, errors = drive(path, cookie)
            rows.append(
                (
                    name,
                    len(latencies) / SECONDS,
                    statistics.median(latencies) * 1000 if latencies else 0,
                    percentile(latencies, 0.9) * 1000 if latencies else 0,
                    percentile(latencies, 0.99) * 1000 if latencies else 0,
                    errors,
                )
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    say()
    say(f"gunicorn, 2 workers, {CONCURRENCY} connections, {SECONDS:.0f} s per scenario")
    say(
        f"{'scenario':32} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7}"
    )
    for name, rate, p50, p90, p99, errors in rows:
        say(f"{name:32} {rate:8.1f} {p50:8.1f} {p90:8.1f} {p99:8.1f} {errors:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
