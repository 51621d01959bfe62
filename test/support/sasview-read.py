"""Reads files with SasView's own loader (sasdata) and prints what it got, as JSON, for the jest tests.

Usage: /usr/bin/python3 test/support/sasview-read.py FILE...
Prints {"FILE": {"loader": ..., "x": [...], ...} or {"error": "..."}}; floats are printed in
Python's shortest round-trip form, so JSON.parse gives the very float64 sasdata holds.
"""
import json
import logging
import sys

logging.disable(logging.CRITICAL)  # sasdata logs unit warnings to stderr; the test reads stdout only

from sasdata.dataloader.loader import Loader  # noqa: E402


def column(values):
    return None if values is None else [float(v) for v in values]


def main(paths):
    out = {}
    for path in paths:
        try:
            data = Loader().load(path)
            d = data[0]
            out[path] = {
                "loader": d.meta_data.get("loader"),
                "count": len(data),
                "x": column(d.x),
                "y": column(d.y),
                "dy": column(d.dy),
                "dx": column(d.dx),
                "dxl": column(d.dxl),
                "dxw": column(d.dxw),
                "x_unit": d.x_unit,
                "y_unit": d.y_unit,
            }
        except Exception as err:  # a file SasView refuses is a finding, reported to the test
            out[path] = {"error": f"{type(err).__name__}: {err}"}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
