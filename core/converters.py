"""URL converters every app uses; registered once, when this module is first imported."""

from django.urls import register_converter


class ExportFormat:
    """The file formats of the one export writer: `…/export.csv`, `…/export.xlsx`."""

    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")
