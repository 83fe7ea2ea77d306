"""Settings round-trip through plain dicts and refuse unknown weights."""

import pytest

from scheduler.settings import DEFAULT_WEIGHTS, SOFT_TERMS, Settings


def test_round_trip_through_dict():
    settings = Settings().with_weights(travel=3.0)
    assert Settings.from_dict(settings.to_dict()) == settings


def test_stored_settings_from_an_older_version_keep_defaults_and_drop_unknown_keys():
    restored = Settings.from_dict({"seed": 7, "no_longer_exists": 1, "weights": {"travel": 2, "bogus": 9}})
    assert restored.seed == 7
    assert restored.weights["travel"] == 2.0
    assert restored.weights["variety"] == DEFAULT_WEIGHTS["variety"]
    assert "bogus" not in restored.weights


def test_unknown_weight_is_refused_with_the_known_names():
    with pytest.raises(ValueError, match="unknown weight"):
        Settings().with_weights(speed=1.0)


def test_every_soft_term_has_a_default_weight():
    assert set(DEFAULT_WEIGHTS) == set(SOFT_TERMS)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 1e300])
def test_unusable_weight_values_are_refused(value):
    with pytest.raises(ValueError, match="from 0 to"):
        Settings().with_weights(travel=value)
