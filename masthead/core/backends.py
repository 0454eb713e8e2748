"""One loader for everything a site plugs in by dotted path: payment backends, the spam
classifier, moderation checks and the worker's periodic jobs.

Backends are a settings dict of aliases (STYLE.md §10, as Wagtail's frontend cache):

    MASTHEAD_PAYMENTS = {"default": {"BACKEND": "dotted.path.Class", ...options}}

`get_backend("MASTHEAD_PAYMENTS")` builds `Class(alias, options)` once per process and keeps
it until the setting changes (tests). A dotted path that does not import is an
`ImproperlyConfigured` naming the setting and the path, raised by the system check at
startup (`masthead serve`, `migrate` and `check` run it) rather than as an ImportError in
the middle of a reader's request.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

# Settings holding backend dicts, and settings holding lists of dotted paths (a periodic
# job is an (interval, path) pair).
BACKEND_SETTINGS = ("MASTHEAD_PAYMENTS", "MASTHEAD_SPAM_CLASSIFIER")
PATH_LIST_SETTINGS = ("MASTHEAD_COMMENT_CHECKS", "MASTHEAD_PERIODIC_JOBS")

_built: dict[tuple[str, str], object] = {}
_imported: dict[str, object] = {}


def load(path: str, setting: str):
    """The object at `path`, named in `setting`; ImproperlyConfigured if it does not import."""
    if path not in _imported:
        try:
            _imported[path] = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(f"{setting} names {path!r}, which cannot be imported: {error}") from error
    return _imported[path]


def get_backend(setting: str, alias: str = "default", fallback: str = ""):
    """The backend `alias` of the dict in `setting`, built once. `fallback` is the dotted
    path used when the setting has no such alias (None of the built-ins need a config)."""
    key = (setting, alias)
    if key not in _built:
        config = dict(getattr(settings, setting, {}).get(alias) or {})
        path = config.pop("BACKEND", "") or fallback
        if not path:
            raise ImproperlyConfigured(f"{setting} has no backend {alias!r}.")
        _built[key] = load(path, setting)(alias, config)
    return _built[key]


def load_paths(setting: str) -> list[tuple[str, object]]:
    """[(path, object)] for a setting that lists dotted paths (checks, jobs)."""
    loaded = []
    for item in getattr(settings, setting, []):
        path = item[1] if isinstance(item, (tuple, list)) else item
        loaded.append((path, load(path, setting)))
    return loaded


def configured_paths() -> list[tuple[str, str]]:
    """Every (setting, dotted path) the site configured."""
    found = []
    for setting in BACKEND_SETTINGS:
        for config in getattr(settings, setting, {}).values():
            if config.get("BACKEND"):
                found.append((setting, config["BACKEND"]))
    for setting in PATH_LIST_SETTINGS:
        for item in getattr(settings, setting, []):
            found.append((setting, item[1] if isinstance(item, (tuple, list)) else item))
    return found


@checks.register()
def check_backends(app_configs=None, **kwargs):
    errors = []
    for setting, path in configured_paths():
        try:
            load(path, setting)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), hint=f"Correct or remove it in {setting}.", id="masthead.E001"))
    return errors


def forget(setting=None, **kwargs):
    """Drop built backends (a test changed a setting)."""
    if setting is None or setting in BACKEND_SETTINGS or setting in PATH_LIST_SETTINGS:
        _built.clear()
        _imported.clear()


setting_changed.connect(forget, dispatch_uid="masthead-core-backends")
