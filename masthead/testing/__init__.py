"""Test support: settings.py (the suite's settings), builders.py (test data made of the real
actions), redis_cache.py (a Redis cache whose clear() touches only its own keys)."""
