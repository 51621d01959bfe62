#!/usr/bin/python3
"""
The sasmodels peer for the `sas` bench suite: times sasmodels' compiled C kernels (DLL platform, double
precision, one thread) on the cases it is given and reports curves per second.

Two ways to run it (both read JSON from stdin, write JSON to stdout):

  sasmodels-peer.py            one document {"cases": [...], "minTimeMs": 1000, "repetitions": 5}
                               -> {"meta": {...}, "cases": [{..., "curvesPerSecond": [per repetition]}]}
  sasmodels-peer.py --serve    one command per line, one reply per line, so that a caller can interleave
                               its own timings with ours without paying Python start-up each time:
                                 {"op": "hello"}                            -> {"ok": true, "sasmodels": version}
                                 {"op": "setup", "cases": [...]}            -> {"meta": ..., "cases": [...]}
                                 {"op": "time", "case": i, "minTimeMs": t,
                                  "kernelOnly": false}                      -> {"curvesPerSecond": .., "calls": ..}
                                 {"op": "quit"}

A case is {"label", "model" (a sasmodels expression such as "sphere@hardsphere"), "params" (passed to
call_kernel as given: sasmodels reads a missing *_pd_n as 0 points, so say how many), "q" (1D q values),
or "qx" and "qy" (the axes of a 2D detector grid, rows qy, columns qx), optionally "expected" (the caller's curve on the same q: the reply then carries its largest relative
difference from sasmodels' curve)}.

Timing "call_kernel" is what a sasmodels user pays per curve (weights, argument packing, the C call);
"kernelOnly" times the C call alone with the arguments built once, to show how much of that is Python.

Run with /usr/bin/python3 (Debian's python3-sasmodels); OpenMP is held to one thread.
"""
import json
import os
import sys
import time

# One thread: sasmodels' unix DLL build leaves OpenMP out, but pin it in case a build turns it on.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
# sasmodels' unix compile command is built from these at import; drop any the caller's shell set so
# the kernels are built with sasmodels' own defaults (cc -std=c99 -O2 -Wall -fPIC -shared ... -lm).
for _var in ("CC", "CPPFLAGS", "CFLAGS", "LDFLAGS", "LIBS", "SAS_COMPILER", "SAS_OPENMP"):
    os.environ.pop(_var, None)

try:
    import numpy as np
    import sasmodels
    from sasmodels import core, generate, kerneldll
    from sasmodels.details import make_kernel_args
    from sasmodels.direct_model import call_kernel, get_mesh
except ImportError as err:  # the caller reports the peer as missing
    print(json.dumps({"error": "sasmodels not importable: %s" % err}), flush=True)
    sys.exit(3)

_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "sasgraph-bench", "sasmodels-%s-dll" % sasmodels.__version__)
os.environ["SAS_DLL_PATH"] = _CACHE
kerneldll.SAS_DLL_PATH = _CACHE


def _own_dll_name(model_file, dtype):
    # Debian ships prebuilt kernels whose compile flags are not recorded; build our own, with
    # sasmodels' default command, into a cache of ours, so the flags are known.
    return os.path.join(_CACHE, "sas%d_%s%s.so" % (8 * dtype.itemsize, model_file, kerneldll.ARCH))


kerneldll.dll_name = _own_dll_name


def _gauss_order(info):
    """The Gauss-Legendre order the model's C source integrates orientation with (None: it has none)."""
    parts = getattr(info, "composition", None)
    if parts and parts[1]:
        orders = [_gauss_order(p) for p in parts[1]]
        return next((o for o in orders if o is not None), None)
    for lib in info.source or []:
        name = os.path.basename(lib)
        if name.startswith("gauss") and name.endswith(".c"):
            return int(name[len("gauss") : -len(".c")])
    return None


class Case:
    def __init__(self, spec):
        self.label = spec.get("label", spec["model"])
        self.model_name = spec["model"]
        self.params = dict(spec.get("params", {}))
        self.model = core.load_model(self.model_name, dtype="double", platform="dll")
        if "qx" in spec:
            # A detector grid, rows qy and columns qx, flattened row-major as the caller's pattern is.
            qx, qy = np.meshgrid(np.asarray(spec["qx"], dtype="float64"), np.asarray(spec["qy"], dtype="float64"))
            self.kernel = self.model.make_kernel([qx.ravel(), qy.ravel()])
        else:
            self.kernel = self.model.make_kernel([np.asarray(spec["q"], dtype="float64")])
        self.info = self.model.info
        expected = spec.get("expected")
        self.curve = self.call()
        for _ in range(5):  # warm: first calls page in the DLL and numpy paths
            self.call()
        # Prebuilt arguments for the C-only timing; same mesh as call_kernel builds each time.
        mesh = get_mesh(self.info, dict(self.params), dim=self.kernel.dim)
        self.points = [len(w) for _, _, w in mesh]
        self.args = make_kernel_args(self.kernel, mesh)
        reply = {
            "label": self.label,
            "model": self.model_name,
            "params": self.params,
            "gaussOrder": _gauss_order(self.info),
            "meshPoints": int(np.prod([n for n in self.points if n > 0])) if self.points else 1,
            "I": self.curve.tolist(),
        }
        if self.params.get("radius_effective_mode") is not None:
            reply["radiusEffectiveMode"] = self.params["radius_effective_mode"]
        if expected is not None:
            ours = np.asarray(expected, dtype="float64")
            reply["maxRelDiff"] = float(np.max(np.abs(ours - self.curve) / np.abs(self.curve)))
        self.reply = reply

    def call(self):
        # call_kernel may consume keys (product models pop the radius mode), so give it a copy.
        return call_kernel(self.kernel, dict(self.params))

    def call_c(self):
        call_details, values, magnetic = self.args
        return self.kernel(call_details, values, 0.0, magnetic)

    def time(self, min_time_ms, kernel_only=False):
        op = self.call_c if kernel_only else self.call
        op()
        calls = 0
        limit = min_time_ms / 1000.0
        start = time.perf_counter()
        while True:
            op()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= limit and calls >= 5:
                break
        return {"curvesPerSecond": calls / elapsed, "calls": calls, "seconds": elapsed}


def meta():
    cmd = kerneldll.compile_command("MODEL.c", "MODEL.so")
    return {
        "sasmodels": sasmodels.__version__,
        "sasmodelsPath": os.path.dirname(sasmodels.__file__),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "platform": "dll",
        "dtype": "double",
        "compiler": kerneldll.COMPILER,
        "compileCommand": " ".join(cmd),
        "openmp": any("openmp" in part for part in cmd),
        "ompNumThreads": os.environ.get("OMP_NUM_THREADS"),
        "dllPath": _CACHE,
    }


def serve():
    cases = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        try:
            if cmd["op"] == "hello":
                reply = {"ok": True, "sasmodels": sasmodels.__version__}
            elif cmd["op"] == "setup":
                cases = [Case(spec) for spec in cmd["cases"]]
                reply = {"meta": meta(), "cases": [c.reply for c in cases]}
            elif cmd["op"] == "time":
                reply = cases[cmd["case"]].time(cmd.get("minTimeMs", 1000), cmd.get("kernelOnly", False))
            elif cmd["op"] == "quit":
                break
            else:
                reply = {"error": "unknown op %r" % cmd["op"]}
        except Exception as err:  # reported to the caller, which stops the suite
            reply = {"error": "%s: %s" % (type(err).__name__, err)}
        print(json.dumps(reply), flush=True)


def once():
    doc = json.load(sys.stdin)
    min_time = doc.get("minTimeMs", 1000)
    reps = doc.get("repetitions", 5)
    out = []
    for spec in doc["cases"]:
        case = Case(spec)
        rates = [case.time(min_time)["curvesPerSecond"] for _ in range(reps)]
        reply = dict(case.reply)
        reply.pop("I")
        reply["curvesPerSecond"] = rates
        out.append(reply)
    print(json.dumps({"meta": meta(), "cases": out}, indent=1))


if __name__ == "__main__":
    if "--serve" in sys.argv[1:]:
        serve()
    else:
        once()
