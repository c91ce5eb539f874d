from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Deviation, Indicator


@login_required
def indicator_list(request):
    # Skeleton laid with the models; the indicators helper builds the real page (issue 10).
    return render(request, "indicators/list.html", {"indicators": Indicator.objects.select_related("owner")[:50]})


@login_required
def indicator_detail(request, pk):
    return render(request, "indicators/detail.html", {"indicator": get_object_or_404(Indicator, pk=pk)})


@login_required
def deviation_detail(request, pk):
    return render(request, "indicators/deviation.html", {"deviation": get_object_or_404(Deviation, pk=pk)})
