"""Loads files with SasView's own loader (sasdata) and prints what it read, as JSON on stdout.

Used by test/formats/cansas-xml-sasview.test.ts to check that our exports open in SasView with
values, units, resolution, wavelength, sample and transmission intact. Floats go out as repr()
text through json (shortest round-trip form), so the test can compare them bit for bit.
"""
import json
import math
import sys


def floats(values):
    if values is None:
        return None
    out = [float(v) for v in values]
    return out if len(out) > 0 else None


def number(value):
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return None if math.isnan(x) else x


def describe(d):
    sample = d.sample
    source = d.source
    return {
        "title": d.title,
        "run": [str(r) for r in d.run],
        "run_name": {str(k): str(v) for k, v in d.run_name.items()},
        "x": floats(d.x),
        "y": floats(d.y),
        "dy": floats(d.dy),
        "dx": floats(d.dx),
        "dxl": floats(d.dxl),
        "dxw": floats(d.dxw),
        "x_unit": d._xunit,
        "y_unit": d._yunit,
        "sample": {
            "ID": None if sample.ID is None else str(sample.ID),
            "name": None if sample.name is None else str(sample.name),
            "thickness": number(sample.thickness),
            "thickness_unit": sample.thickness_unit,
            "transmission": number(sample.transmission),
            "temperature": number(sample.temperature),
            "temperature_unit": sample.temperature_unit,
            "details": [str(x) for x in sample.details],
        },
        "instrument": None if d.instrument is None else str(d.instrument),
        "source": {
            "radiation": source.radiation,
            "wavelength": number(source.wavelength),
            "wavelength_unit": source.wavelength_unit,
        },
        "detectors": [{"name": det.name, "distance": number(det.distance), "distance_unit": det.distance_unit} for det in d.detector],
        "trans_spectrum": [
            {
                "name": t.name,
                "wavelength": floats(t.wavelength),
                "wavelength_unit": t.wavelength_unit,
                "transmission": floats(t.transmission),
                "transmission_deviation": floats(t.transmission_deviation),
            }
            for t in d.trans_spectrum
        ],
        "process": [{"name": p.name, "notes": [str(n) for n in p.notes]} for p in d.process],
        "notes": [str(n) for n in d.notes],
        "errors": sorted(str(e) for e in d.errors),
    }


def main(paths):
    from sasdata.dataloader.loader import Loader

    result = {}
    for path in paths:
        try:
            loaded = Loader().load(path)
            result[path] = {"data": [describe(d) for d in loaded]}
        except Exception as exc:  # report, do not crash: the test says which file failed and why
            result[path] = {"error": f"{type(exc).__name__}: {exc}"}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
