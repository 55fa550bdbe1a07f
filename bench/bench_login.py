"""Time a password login request through Django's test client with Argon2 at
the library's default parameters: p50 and p95 over 30 logins, and the cost of
one Argon2 verification alone for comparison."""

import os
import statistics
import time

LOGINS = 30
PASSWORD = "correct horse battery staple"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0)
    old_config = runner.setup_databases()
    try:
        _measure()
    finally:
        runner.teardown_databases(old_config)


def _measure():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import Argon2PasswordHasher, check_password
    from django.core.cache import cache
    from django.test import Client

    user = get_user_model().objects.create_user(email="bench@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    hasher = Argon2PasswordHasher()
    print(f"argon2: time_cost={hasher.time_cost} memory_cost={hasher.memory_cost} KiB parallelism={hasher.parallelism}")
    timings = []
    for _ in range(LOGINS):
        cache.clear()
        client = Client()
        started = time.perf_counter()
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    verify = []
    encoded = get_user_model().objects.get(pk=user.pk).password
    for _ in range(LOGINS):
        started = time.perf_counter()
        check_password(PASSWORD, encoded)
        verify.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(timings, n=20)
    print(
        f"password login request ({LOGINS} logins): p50 {statistics.median(timings):.1f} ms, p95 {quantiles[18]:.1f} ms"
    )
    print(f"argon2 verify alone: p50 {statistics.median(verify):.1f} ms")


if __name__ == "__main__":
    main()
