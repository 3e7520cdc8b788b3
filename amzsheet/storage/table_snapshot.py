"""Order Tracking as the last save wrote it, kept beside the workbook to read it back without the workbook.

Reading a 100,000-line Order Tracking from the workbook takes about two seconds: the package
check unpacks the sheet, python-calamine parses it, the reader types every cell. When the workbook
is byte for byte the file amzsheet wrote, the table it holds is known: a save keeps it, as
:func:`amzsheet.excel.read_back.table_as_read` gives it, in an Arrow file beside the workbook
(``tracker.xlsx`` -> ``.tracker.xlsx.orders.arrow``), with the SHA-256 of the workbook it was
written with. :func:`read_snapshot` gives it back only while the workbook still has that digest;
once Excel (or anything else) saves the workbook, or a backup is restored, the digest differs and
the table is read from the workbook again.

The snapshot is a cache, never the only copy of anything: a snapshot that cannot be read or
written is passed over (the workbook is read), and each save replaces or removes it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from amzsheet._version import __version__
from amzsheet.storage.stamps import file_sha256

#: What the snapshot file's name adds to the workbook's (after a dot, which hides it on macOS and Linux).
SNAPSHOT_SUFFIX = ".orders.arrow"
_DIGEST_KEY = b"amzsheet.workbook_sha256"
_VERSION_KEY = b"amzsheet.version"
_FORM_KEY = b"amzsheet.form"  # in each field's metadata: "text", "number" or "date"


def snapshot_path(workbook: Path) -> Path:
    """Where the snapshot of ``workbook`` lives: ``.tracker.xlsx.orders.arrow`` beside ``tracker.xlsx``."""
    return workbook.with_name(f".{workbook.name}{SNAPSHOT_SUFFIX}")


def write_snapshot(workbook: Path, table: pd.DataFrame | None, digest: str) -> None:
    """Keep ``table`` as the Order Tracking of the workbook whose SHA-256 is ``digest`` (None: remove the snapshot).

    Written to a temporary file, then renamed; a failure leaves no snapshot rather than a wrong one.

    :param table: as :func:`amzsheet.excel.read_back.table_as_read` gives it.
    """
    target = snapshot_path(workbook)
    remove_snapshot(workbook)  # first: whatever happens next, no snapshot of another file is left
    if table is None:
        return
    temporary = None
    try:
        arrow = _arrow_table(table).replace_schema_metadata(
            {_DIGEST_KEY: digest.encode(), _VERSION_KEY: __version__.encode()}
        )
        # Named as a save's temporary files are, so that the next refresh removes one a kill left behind.
        handle, temporary = tempfile.mkstemp(prefix=f".{workbook.name}.amzsheet-snapshot-", suffix=".tmp",
                                             dir=target.parent)  # fmt: skip
        with os.fdopen(handle, "wb") as stream, pa.ipc.new_file(stream, arrow.schema) as writer:
            writer.write_table(arrow)
        os.replace(temporary, target)
        temporary = None
    except (OSError, pa.ArrowException):  # a full disk: no snapshot, and the next read reads the workbook
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def remove_snapshot(workbook: Path) -> None:
    """Remove the snapshot of ``workbook``, if any (a failure is left to the digest check)."""
    with contextlib.suppress(OSError):
        snapshot_path(workbook).unlink(missing_ok=True)


def read_snapshot(workbook: Path) -> pd.DataFrame | None:
    """Order Tracking of ``workbook`` as the save that wrote the workbook kept it; None when the workbook is not
    byte for byte that file (or there is no readable snapshot, or another version of amzsheet wrote it)."""
    try:
        with pa.memory_map(str(snapshot_path(workbook))) as source:
            reader = pa.ipc.open_file(source)
            metadata = reader.schema.metadata or {}
            if metadata.get(_VERSION_KEY) != __version__.encode():
                return None
            if metadata.get(_DIGEST_KEY) != file_sha256(workbook).encode():
                return None
            return _frame(reader.read_all())
    except (OSError, pa.ArrowException, KeyError, ValueError):
        return None


def _arrow_table(table: pd.DataFrame) -> pa.Table:
    """Text as dictionaries of its distinct values, numbers as float64, dates as nanosecond timestamps."""
    arrays, fields = [], []
    for name in table.columns:
        values = table[name].to_numpy()
        if values.dtype == object:
            codes, uniques = pd.factorize(values)
            array: pa.Array = pa.DictionaryArray.from_arrays(
                pa.array(codes, pa.int32(), mask=codes < 0), pa.array(uniques, pa.string())
            )
            form = "text"
        elif values.dtype.kind == "M":
            array, form = pa.array(values, pa.timestamp("ns")), "date"
        else:
            array, form = pa.array(values, pa.float64()), "number"
        arrays.append(array)
        fields.append(pa.field(name, array.type, metadata={_FORM_KEY: form.encode()}))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _frame(arrow: pa.Table) -> pd.DataFrame:
    """The table :func:`_arrow_table` stored, with the reader's dtypes (text: Python str objects, None for blank)."""
    columns: dict[str, np.ndarray] = {}
    for field, chunked in zip(arrow.schema, arrow.columns):
        form = (field.metadata or {}).get(_FORM_KEY)
        array = chunked.combine_chunks()
        if form == b"text":
            texts = np.empty(len(array.dictionary) + 1, dtype=object)
            texts[:-1] = array.dictionary.to_pylist()
            texts[-1] = None
            codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            columns[field.name] = texts[codes]
        elif form == b"date":
            columns[field.name] = array.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        elif form == b"number":
            columns[field.name] = array.to_numpy(zero_copy_only=False).astype("float64")
        else:
            raise ValueError(f"column {field.name!r} of the snapshot has no form")
    # Each array keeps its dtype: text stays object (pandas would otherwise infer its string dtype).
    return pd.DataFrame({name: pd.Series(values, dtype=values.dtype, copy=False) for name, values in columns.items()})
