from pathlib import Path

import pytest
from django.core import checks

from masthead.config import VARIABLES

ROOT = Path(__file__).resolve().parents[3]
STRIPE_VARIABLES = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]


def test_every_variable_is_in_the_operations_configuration_table():
    table = (ROOT / "docs" / "operations.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert [v.name for v in VARIABLES if f"| `{v.name}` |" not in table] == []


@pytest.mark.parametrize("name", STRIPE_VARIABLES)
def test_stripe_variables_are_documented_in_the_readme(name):
    assert name in (ROOT / "README.md").read_text()


def test_the_webhook_address_and_api_version_to_register_are_documented():
    from masthead.fundraising.payments.stripe import API_VERSION

    operations = (ROOT / "docs" / "operations.md").read_text()
    assert "`$BASE_URL/fundraising/stripe/webhook/`" in operations and f"**`{API_VERSION}`**" in operations
    assert "/fundraising/stripe/webhook/" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("secret, webhook, missing", [("sk_test_x", "", "STRIPE_WEBHOOK_SECRET"), ("", "whsec_x", "STRIPE_SECRET_KEY")])
def test_half_configured_stripe_is_reported_by_the_checks(settings, secret, webhook, missing):
    settings.MASTHEAD_PAYMENTS = {"default": {"BACKEND": "masthead.fundraising.payments.stripe.StripeBackend",
                                              "SECRET_KEY": secret, "WEBHOOK_SECRET": webhook}}
    [warning] = [m for m in checks.run_checks() if m.id == "fundraising.W001"]
    assert warning.msg == f"Card gifts are off: {missing} is not set."


def test_no_stripe_keys_is_a_normal_configuration(settings):
    assert [m for m in checks.run_checks() if m.id == "fundraising.W001"] == []
