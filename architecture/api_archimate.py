"""GET /api/archimate/: the register as an ArchiMate 3.1 exchange file, as the signed-in user may see it
(security details of services shielded from them left out; architecture/archimate_export.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from .views_archimate import attachment


class ArchimateView(APIView):
    # The answer is the file itself (application/xml, described below); errors are JSON as everywhere. No
    # negotiation: any Accept gets the file, so there is no ?format= and no 406.
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="archimate_export",
        summary="The register as an ArchiMate 3.1 Model Exchange File",
        description="Valid against The Open Group's archimate3_Diagram.xsd. Security details of services shielded "
                    "from the caller are left out.",
        responses={(200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY, description="The exchange file")},
    )
    def get(self, request):
        return attachment(request.user)
