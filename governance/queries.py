"""Reads of governance records shared by views and API."""

from django.db.models import Q


def for_board(transfers, code):
    """Transfers in which the board (by code) gives or receives a service."""
    return transfers.filter(Q(from_organisation__code=code) | Q(to_organisation__code=code))
