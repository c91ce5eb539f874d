"""Every delete asks first and says what else goes (issue 13): the integration, the dependency and a process link."""

import pytest

from architecture import actions
from architecture.models import Dependency, Integration

from .factories_integrations import CARE_DOCUMENTATION, region

pytestmark = pytest.mark.django_db


def _world():
    r = region()
    r.integration = actions.create_integration(
        user=r.admin, producer=r.producer, consumer=r.consumer, kind="service_contract", platform=r.platform,
        contracts=[CARE_DOCUMENTATION], carries="Vårdkontakter")
    r.dependency = actions.add_dependency(user=r.admin, service=r.consumer, depends_on=r.platform,
                                          description="Tjänstekontrakten")
    return r


def test_the_panel_asks_before_an_integration_or_dependency_goes(client):
    r = _world()
    client.force_login(r.hsn_editor)
    panel = client.get(r.consumer.get_absolute_url(), {"sections": "all"}).content.decode()
    # The panel's buttons lead to the confirmation (a GET with the version read), not to the deletion.
    assert f'method="get" action="/arkitektur/integrationer/{r.integration.pk}/ta-bort/"' in panel
    url = f"/arkitektur/integrationer/{r.integration.pk}/ta-bort/?row_version={r.integration.row_version}"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ta bort" in confirm.content.decode()
    assert Integration.objects.exists()
    assert client.post(url).status_code == 302 and not Integration.objects.exists()
    url = f"/arkitektur/beroenden/{r.dependency.pk}/ta-bort/?row_version={r.dependency.row_version}"
    assert "Ta bort" in client.get(url).content.decode() and Dependency.objects.exists()
    assert client.post(url).status_code == 302 and not Dependency.objects.exists()


def test_a_stale_confirmation_deletes_nothing(client):
    r = _world()
    client.force_login(r.hsn_editor)
    url = f"/arkitektur/integrationer/{r.integration.pk}/ta-bort/?row_version={r.integration.row_version + 1}"
    client.post(url)
    assert Integration.objects.exists()


def test_others_get_no_confirmation(client):
    r = _world()
    client.force_login(r.reader)
    assert client.get(f"/arkitektur/integrationer/{r.integration.pk}/ta-bort/").status_code in (403, 404)
