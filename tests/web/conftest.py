import pytest

from egov.web import province


@pytest.fixture(autouse=True)
def _forget_province_name():
    """The header's province name is remembered per process; a test's rolled-back agency must not
    leak into the next test."""
    province.clear_cache()
    yield
    province.clear_cache()
