"""
sasmodels' I(q) at parameter sets drawn by our model samplers, for test/compute/sas/sampler-draws-sasmodels.test.ts:
  npx esbuild test/support/sampler-draws.ts --bundle --platform=node | PRINT_SAMPLER_DRAWS=1 node \
    | /usr/bin/python3 test/support/sasmodels-sampler-draws.py > test/fixtures/sas-samplers/sasmodels-draws.json
Compiled kernels in double precision (SAS_OPENCL=none), sasmodels 1.0.6 from Debian's python3-sasmodels.
Models whose sasmodels version names a parameter otherwise are renamed (broad_peak's older names); a
case sasmodels cannot take whole (a parameter it does not have, other than a default-valued one) is
listed under "skipped" with the reason, never silently dropped.
"""
import os

os.environ["SAS_OPENCL"] = "none"
import json
import sys

import numpy as np
import sasmodels
from sasmodels.core import load_model
from sasmodels.direct_model import call_kernel

# our name -> sasmodels 1.0.6's name
RENAME = {"broad_peak": {"peak_scale": "lorentz_scale", "correlation_length": "lorentz_length", "width_exp": "lorentz_exp"}}
# parameters sasmodels 1.0.6 lacks, harmless at these values (our newer tables' defaults)
ABSENT_OK = {("broad_peak", "shape_exp"): 1.0}

src = json.load(sys.stdin)
out = {"source": f"sasmodels {sasmodels.__version__} call_kernel, double precision", "seed": src["seed"], "draws": src["draws"], "cases": [], "skipped": [], "notCompared": src["notCompared"]}
models = {}
for case in src["cases"]:
    name = case["model"]
    if name not in models:
        models[name] = load_model(name, dtype="double")
    model = models[name]
    known = set(model.info.parameters.defaults)
    rename = RENAME.get(name, {})
    pars, problem = {}, None
    for key, value in case["parameters"].items():
        theirs = rename.get(key, key)
        if theirs in known:
            pars[theirs] = value
        elif ABSENT_OK.get((name, key)) == value:
            continue
        else:
            problem = f"sasmodels has no parameter {key}"
    if problem:
        out["skipped"].append({"model": name, "index": case["index"], "reason": problem})
        continue
    q = np.array(case["q"])
    kernel = model.make_kernel([q])
    I = call_kernel(kernel, pars)
    out["cases"].append({"model": name, "index": case["index"], "parameters": case["parameters"], "q": case["q"], "I": [float(v) for v in I]})
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
