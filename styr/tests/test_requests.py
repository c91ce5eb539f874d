import pytest

from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/api/services/?owner=%00", "/api/services/?q=a%00b", "/tjanster/?domain=%00", "/api/findings/?owner=%00",
    "/styrning/avvikelser/?owner=%00",
])
def test_nul_in_a_query_is_the_clients_error_on_every_database(client, path):
    client.force_login(orgs.user())
    response = client.get(path)
    assert response.status_code == 400 and b"NUL" in response.content
