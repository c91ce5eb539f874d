"""URL converters every app uses, registered once, when this module is first imported; and addresses of many
rows from one reverse."""

from django.urls import register_converter


class ExportFormat:
    """The file formats of the one export writer: `…/export.csv`, `…/export.xlsx`."""

    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")


# A key no row has (digits, so it matches an <int:pk> route; in no host name), standing in for every key of a list.
KEY_MARKER = 918273645546372819


def addresses_by_key(reverse_marked):
    """A function giving the address of any key from one reverse: `reverse_marked(KEY_MARKER)` is the address for
    the marker. A list of fifty rows reversed each row's address (resolving the pattern, and in the API building the
    absolute URI) for a tenth of its time. None when the marker is not found once in the address."""
    address = reverse_marked(KEY_MARKER)
    before, found, after = address.partition(str(KEY_MARKER))
    if not found or str(KEY_MARKER) in after:
        return None
    return lambda key: f"{before}{key}{after}"
