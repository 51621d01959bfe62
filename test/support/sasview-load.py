#!/usr/bin/python3
"""
Loads a file with SasView's own loader (sasdata) and prints what it read as JSON, for the jest
tests that check our exports open in SasView. Usage: sasview-load.py FILE. Prints
{"datasets": [...]} (one item per Data1D/Data2D: arrays, units, resolution, title, run, sample,
source, transmission spectra, errors) or {"error": "..."}; exits 0 either way.
"""
import json
import math
import sys


def floats(values):
    if values is None:
        return None
    try:
        out = [float(v) for v in list(values)]
    except TypeError:
        return None
    return [None if math.isnan(v) else v for v in out]


def text(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        return v.decode()
    return str(v)


def number(v):
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return text(v)


def describe(d):
    sample = d.sample
    source = d.source
    return {
        "kind": type(d).__name__,
        "title": text(d.title),
        "run": [text(r) for r in d.run],
        "x": floats(getattr(d, "x", None)),
        "y": floats(getattr(d, "y", None)),
        "dy": floats(getattr(d, "dy", None)),
        "dx": floats(getattr(d, "dx", None)),
        "dxl": floats(getattr(d, "dxl", None)),
        "dxw": floats(getattr(d, "dxw", None)),
        "x_unit": text(getattr(d, "_xunit", None)),
        "y_unit": text(getattr(d, "_yunit", None)),
        "sample": {
            "name": text(sample.name),
            "thickness": number(sample.thickness),
            "thickness_unit": text(sample.thickness_unit),
            "transmission": number(sample.transmission),
        },
        "source": {
            "radiation": text(source.radiation),
            "wavelength": number(source.wavelength),
            "wavelength_unit": text(source.wavelength_unit),
        },
        "detectors": [{"name": text(x.name), "distance": number(x.distance), "distance_unit": text(x.distance_unit)} for x in d.detector],
        "trans_spectrum": [
            {
                "name": text(t.name),
                "wavelength": floats(t.wavelength),
                "transmission": floats(t.transmission),
                "transmission_deviation": floats(t.transmission_deviation),
            }
            for t in d.trans_spectrum
        ],
        "process": [{"name": text(p.name), "term": [text(x) for x in p.term]} for p in d.process],
        "errors": [text(e) for e in getattr(d, "errors", [])],
    }


def main():
    try:
        from sasdata.dataloader.loader import Loader
        data = Loader().load(sys.argv[1])
        print(json.dumps({"datasets": [describe(d) for d in data]}))
    except Exception as exc:  # the test reports what SasView said
        print(json.dumps({"error": "%s: %s" % (type(exc).__name__, exc)}))


if __name__ == "__main__":
    main()
