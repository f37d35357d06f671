"""Load the course datasets: ``data.load("buyer_profiles")``.

Every dataset in ``datasets/`` is a CSV file with a schema beside it
(``<name>.schema.json``) and a datasheet (``<name>.md``). Loading parses the types the schema
names and checks every rule it states, so a hand-edited file fails with a message that names
the file, the column and the row. Nothing is ever downloaded.
"""

from cbec import friendly_errors
from cbec.data.errors import DatasetError, UnknownDatasetError
from cbec.data.loader import available, datasheet_path, load, schema_of

friendly_errors.install()

__all__ = [
    "DatasetError",
    "UnknownDatasetError",
    "available",
    "datasheet_path",
    "load",
    "schema_of",
]
