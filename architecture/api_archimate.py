"""GET /api/archimate/: the register as an ArchiMate 3.1 exchange file, as the signed-in user may see it
(security details of services shielded from them left out; architecture/archimate_export.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from .views_archimate import attachment


class XmlRenderer(BaseRenderer):
    """Lets a client ask for application/xml; the file itself is sent as it is written, errors as JSON."""

    media_type = "application/xml"
    format = "xml"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class ArchimateView(APIView):
    renderer_classes = [JSONRenderer, XmlRenderer]

    @extend_schema(
        operation_id="archimate_export",
        summary="The register as an ArchiMate 3.1 Model Exchange File",
        description="Valid against The Open Group's archimate3_Diagram.xsd. Security details of services shielded "
                    "from the caller are left out.",
        responses={(200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY, description="The exchange file")},
    )
    def get(self, request):
        return attachment(request.user)
