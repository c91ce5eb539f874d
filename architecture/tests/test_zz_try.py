import pytest, runpy
@pytest.mark.django_db
def test_try():
    runpy.run_path("/tmp/try_export.py")
