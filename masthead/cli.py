"""The `masthead` command.

    masthead demo      migrate, load demo content into an empty database, serve on $HOST:$PORT
    masthead serve     production server (granian or gunicorn; one worker per CPU)
    masthead worker    run background tasks (database queue, or Redis when REDIS_URL is set)
    masthead config    list the environment variables masthead reads, with their values
    masthead import-wordpress EXPORT.xml [--uploads DIR] [--dry-run] [--json] [--repair]
                       bring a WordPress site over: posts, pages, comments, old links
    masthead <cmd>     any Django management command: migrate, createsuperuser, shell, …
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from masthead.config import VARIABLES, env


def _django(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["masthead", *argv])


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()


def _workers() -> int:
    return int(env("WEB_CONCURRENCY") or os.cpu_count() or 1)


def server_command(host: str, port: str, workers: int) -> list[str]:
    """The command line of the production server. granian's default of 256 blocking threads
    per worker triples memory and tail latency for a sync Django app; one thread per worker
    gives gunicorn-sync behaviour at granian speed (../shared/BASELINES.md)."""
    bin_dir = Path(sys.executable).parent
    if env("MASTHEAD_SERVER") == "gunicorn":
        return [
            str(bin_dir / "gunicorn"), "masthead.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--worker-class", "sync", "--access-logfile", "-",
        ]
    return [
        str(bin_dir / "granian"), "--interface", "wsgi", "masthead.wsgi:application",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--blocking-threads", "1", "--no-ws", "--log-level", "warning",
    ]


def serve(argv):
    # Django's system checks before any worker starts: a misspelt backend or a half-set
    # Stripe key stops here with its name, not in a reader's request.
    _setup()
    from django.core.management import call_command

    call_command("check")
    host, port = env("HOST"), env("PORT")
    command = server_command(host, port, _workers())
    print(f"masthead: serving on http://{host}:{port}/ with {_workers()} {env('MASTHEAD_SERVER')} worker(s)", flush=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    os.execv(command[0], command + argv)


def worker(argv):
    """Background tasks, plus the clock for scheduled publishing (masthead/core/clock.py)."""
    _setup()
    from masthead.core import clock

    clock.start()
    if env("REDIS_URL"):
        # django-tasks-rq needs its own Job class in the worker.
        # the scheduler runs tasks enqueued for later (run_after)
        _django(["rqworker", "default", "--job-class", "django_tasks_rq.Job", "--with-scheduler", *argv])
    else:
        _django(["db_worker", *argv])


def _demo_fake_stripe():
    """Without Stripe keys, the demo takes card gifts through a local fake of Stripe (test
    mode): its checkout page has a Pay button that sends the site the signed event Stripe
    would send. The keys are set for this process and the server and worker it starts."""
    if os.environ.get("STRIPE_SECRET_KEY") or os.environ.get("STRIPE_WEBHOOK_SECRET"):
        return None
    from masthead.fundraising.payments.fake_stripe import FakeStripe

    secret = "whsec_demo_fake_stripe"
    fake = FakeStripe(webhook_secret=secret).start()
    os.environ.update(STRIPE_SECRET_KEY="sk_test_demo_fake_stripe", STRIPE_WEBHOOK_SECRET=secret, STRIPE_API_BASE=fake.url)
    return fake


def demo(argv):
    # Links in mail and the admin point at the address the demo really serves on.
    os.environ.setdefault("BASE_URL", f"http://{env('HOST')}:{env('PORT')}")
    fake_stripe = _demo_fake_stripe()
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"masthead demo: database {settings.DATABASES['default']['NAME']}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    login = Path(settings.VAR_DIR) / "demo-login.txt"
    host, port = env("HOST"), env("PORT")
    print(f"\n  Site:    http://{host}:{port}/")
    print(f"  Editor:  http://{host}:{port}/admin/")
    if login.exists():
        print(f"  Login:   {login.read_text().strip()}   (kept in {login})")
    worker_log = Path(settings.VAR_DIR) / "worker.log"
    print(f"  Tasks:   background worker, log in {worker_log}")
    if fake_stripe:
        print(f"  Cards:   TEST MODE: a local fake of Stripe on {fake_stripe.url}; give on the support page, no card or money needed")
    print("  Stop with Ctrl-C.\n", flush=True)

    # Background tasks (search index, reference index, mail, scheduled publishing) run in a
    # worker beside the server; its log goes to a file so the terminal shows the requests.
    with open(worker_log, "a") as log:
        worker_process = subprocess.Popen([sys.executable, "-m", "masthead.cli", "worker"], stdout=log, stderr=subprocess.STDOUT)
    # One web worker is plenty on a laptop and starts fastest; WEB_CONCURRENCY overrides.
    server = subprocess.Popen(server_command(host, port, int(env("WEB_CONCURRENCY") or 1)))
    run_until_stopped(server, worker_process)


def _stop(signum, frame):
    raise KeyboardInterrupt


def run_until_stopped(server, *helpers):
    """Wait on the server; Ctrl-C, a `kill` (SIGTERM) or a closed terminal (SIGHUP) stops the
    server and its helpers with it. Without this, SIGTERM ended the demo alone and left the
    server holding the port and the worker running."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    finally:
        for helper in helpers:
            helper.terminate()
        for helper in helpers:
            helper.wait()


def config(argv):
    width = max(len(v.name) for v in VARIABLES)
    for variable in VARIABLES:
        source = "set" if variable.name in os.environ else "default"
        print(f"{variable.name:<{width}}  {env(variable.name)!r:<30} ({source})  {variable.help}")


def import_wordpress(argv):
    _django(["import_wordpress", *argv])


COMMANDS = {"import-wordpress": import_wordpress, "demo": demo, "serve": serve, "worker": worker, "config": config}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return
    command = COMMANDS.get(argv[0])
    if command:
        command(argv[1:])
    else:
        _django(argv)


if __name__ == "__main__":
    main()
