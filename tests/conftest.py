"""Settings for the whole suite."""

from hypothesis import settings

# Property tests check what is true, not how fast: on a loaded 2-core machine a case took
# 262 ms against Hypothesis' default 200 ms deadline and failed a run. Speed is measured in
# benchmarks/, never in a test.
settings.register_profile("oppfolging", deadline=None)
settings.load_profile("oppfolging")
