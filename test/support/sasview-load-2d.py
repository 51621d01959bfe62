#!/usr/bin/python3
"""
Loads a file with SasView's loader (sasdata) and prints its Data2D sets as JSON for the jest tests
of our NXcanSAS 2D exports: {"datasets": [{qx, qy, data, err, mask, x_unit, z_unit}]} or
{"error": "..."}. Usage: sasview-load-2d.py FILE.
"""
import json
import sys


def floats(values):
    return None if values is None else [float(v) for v in list(values)]


def main():
    try:
        from sasdata.dataloader.loader import Loader
        out = []
        for d in Loader().load(sys.argv[1]):
            if type(d).__name__ != "Data2D":
                continue
            out.append({
                "qx": floats(d.qx_data),
                "qy": floats(d.qy_data),
                "data": floats(d.data),
                "err": floats(d.err_data),
                "mask": [bool(m) for m in list(d.mask)],
                "x_unit": str(d._xunit),
                "z_unit": str(d._zunit),
            })
        print(json.dumps({"datasets": out}))
    except Exception as exc:  # the test reports what SasView said
        print(json.dumps({"error": "%s: %s" % (type(exc).__name__, exc)}))


if __name__ == "__main__":
    main()
