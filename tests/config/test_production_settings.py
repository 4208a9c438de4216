"""Production settings refuse to run insecurely, and Django's deploy checks pass."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3J9-x7Qp2Lr8Vt5Nw1Zy6Hb4Md0Fs9Gc3Ae7Ui2Oo5Pp8Ll1Kk4Jj7Hh0Gg3Ff6"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return _python("manage.py", *args, **env)


def _settings(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Prints ``expression`` of the production settings module as a fresh process reads
    it from its environment (no need to start Django for what the settings say)."""
    return _python("-c", f"import config.settings.production as s; print({expression})", **env)


def _python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unwanted = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean_env = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "secret",
    ["", "change-me", "short-but-not-empty", "a" * 60],
    ids=["missing", "placeholder", "too-short", "one-letter"],
)
def test_production_refuses_a_weak_or_missing_secret(secret: str) -> None:
    result = _manage("check", SECRET_KEY=secret, ALLOWED_HOSTS="hearth.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value" in result.stderr


def test_production_refuses_missing_or_wildcard_hosts() -> None:
    for hosts in ("", "*"):
        result = _manage("check", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS=hosts)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must list the site's host names" in result.stderr


def test_deploy_checks_pass_in_production() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="h.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_pools_postgresql_connections_and_lets_the_pool_be_turned_off() -> None:
    show = "s.DATABASES['default'].get('OPTIONS')"
    url = "postgres://hearth@db.internal:5432/hearth"
    common = {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "hearth.example", "DATABASE_URL": url}
    pooled = _settings(show, **common)
    assert pooled.returncode == 0, pooled.stderr
    assert "'pool': {'min_size': 2, 'max_size': 20, 'timeout': 10}" in pooled.stdout
    unpooled = _settings(show, DB_POOL="false", **common)
    assert unpooled.returncode == 0, unpooled.stderr
    assert "pool" not in unpooled.stdout
