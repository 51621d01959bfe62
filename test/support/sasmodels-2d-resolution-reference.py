"""
Reference smeared 2D patterns for test/compute/sas/resolution-2d.test.ts, from sasmodels' compiled
kernels in double precision (SAS_OPENCL=none) through its DirectModel and Pinhole2D:
/usr/bin/python3 test/support/sasmodels-2d-resolution-reference.py > test/fixtures/sas-2d/sasmodels-2d-resolution.json
(sasmodels 1.0.6 from Debian's python3-sasmodels). Widths per pixel are given explicitly (dqx_data
is the width along q, dqy_data across it, in sasmodels' Pinhole2D).
"""
import os; os.environ['SAS_OPENCL']='none'
import json
import numpy as np
from sasmodels.core import load_model
from sasmodels.data import empty_data2D
from sasmodels.direct_model import DirectModel

qx = np.array([-0.21, -0.05, 0.013, 0.08, 0.3])
qy = np.array([-0.12, 0.02, 0.17])
QX, QY = np.meshgrid(qx, qy)
Q = np.sqrt(QX**2 + QY**2).ravel()
widths = {
    "relative": (0.05 * Q, 0.05 * Q),
    "anisotropic": (0.004 + 0.03 * Q, 0.002 + 0.08 * Q),
}
cases = [
    ("cylinder", {"theta": 60, "phi": 20, "background": 0}, "relative", "low"),
    ("cylinder", {"theta": 60, "phi": 20, "background": 0}, "anisotropic", "high"),
    ("cylinder", {"theta": 30, "phi": -40, "radius": 35, "length": 300, "theta_pd": 10, "theta_pd_n": 9, "background": 0.01}, "anisotropic", "med"),
    ("sphere", {"radius": 60, "background": 0}, "relative", "low"),
    ("sphere", {"radius": 60, "background": 0}, "anisotropic", "xhigh"),
    ("parallelepiped", {"theta": 25, "phi": 40, "psi": -30, "background": 0}, "anisotropic", "low"),
    ("ellipsoid", {"radius_polar": 150, "radius_equatorial": 30, "theta": 80, "phi": 0, "background": 0}, "relative", "med"),
]
out = []
for name, pars, kind, accuracy in cases:
    data = empty_data2D(qx, qy)
    dpar, dperp = widths[kind]
    data.dqx_data = np.array(dpar, dtype=float)
    data.dqy_data = np.array(dperp, dtype=float)
    data.accuracy = accuracy
    model = load_model(name, dtype="double")
    I = DirectModel(data, model)(**pars)
    out.append({"model": name, "parameters": pars, "widths": kind, "accuracy": accuracy, "I": np.asarray(I).tolist()})
print(json.dumps({"qx": qx.tolist(), "qy": qy.tolist(),
                  "widths": {k: {"dqParallel": v[0].tolist(), "dqPerpendicular": v[1].tolist()} for k, v in widths.items()},
                  "cases": out}, indent=1))
