"""
Reference 2D patterns of the oriented shapes of issue 15 for test/compute/sas/oriented-shapes-2d.test.ts,
from sasmodels' compiled kernels in double precision (SAS_OPENCL=none):
/usr/bin/python3 test/support/sasmodels-2d-oriented-shapes.py > test/fixtures/sas-2d/oriented-shapes-2d.json
(sasmodels 1.0.6 from Debian's python3-sasmodels). Every dispersion gives its *_pd_n, since sasmodels'
direct call does not default it to 35 as SasView does. Same grid as sasmodels-2d-reference.py.
"""
import os

os.environ["SAS_OPENCL"] = "none"
import json

import numpy as np
from sasmodels.core import load_model
from sasmodels.direct_model import call_kernel

qx = np.array([-0.21, -0.05, 0.013, 0.08, 0.3])
qy = np.array([-0.12, 0.02, 0.17])
QX, QY = np.meshgrid(qx, qy)


def run(name, pars):
    kernel = load_model(name, dtype="double").make_kernel([QX.ravel(), QY.ravel()])
    return call_kernel(kernel, pars).tolist()


cases = [
    ("core_shell_bicelle", {"theta": 80, "phi": 10}),
    ("core_shell_bicelle", {"theta": 35, "phi": -40, "theta_pd": 10, "theta_pd_n": 7, "radius_pd": 0.1, "radius_pd_n": 7, "background": 0}),
    ("core_shell_ellipsoid", {"theta": 90, "phi": 0}),
    ("core_shell_ellipsoid", {"theta": 30, "phi": 60, "x_core": 0.4, "phi_pd": 15, "phi_pd_n": 9, "background": 0}),
    ("elliptical_cylinder", {"theta": 60, "phi": 20, "psi": 35, "background": 0}),
    ("elliptical_cylinder", {"theta": 20, "phi": -70, "psi": -10, "axis_ratio": 3, "length": 150, "psi_pd": 10, "psi_pd_n": 7, "background": 0}),
    ("rectangular_prism", {"theta": 25, "phi": 40, "psi": -30, "b2a_ratio": 2, "c2a_ratio": 4, "background": 0}),
    ("rectangular_prism", {"theta": 70, "phi": 5, "psi": 50, "b2a_ratio": 1.5, "c2a_ratio": 0.5, "theta_pd": 8, "theta_pd_n": 5, "length_a_pd": 0.1, "length_a_pd_n": 7, "background": 0}),
    # no orientation parameters in sasmodels 1.0.6: its 2D pattern is I(|q|)
    ("hollow_rectangular_prism_thin_walls", {"b2a_ratio": 2, "c2a_ratio": 3, "background": 0}),
    ("stacked_disks", {"thick_core": 10, "thick_layer": 15, "radius": 100, "n_stacking": 5, "theta": 90, "phi": 20, "sld_layer": -0.4, "scale": 0.01}),
    ("stacked_disks", {"theta": 40, "phi": -30, "n_stacking": 8, "sigma_d": 2, "radius": 60, "background": 0}),
    ("triaxial_ellipsoid", {"theta": 80, "phi": 10}),
    ("triaxial_ellipsoid", {"theta": 45, "phi": -20, "psi": 70, "radius_equat_major": 80, "psi_pd": 12, "psi_pd_n": 9, "background": 0}),
]
print(json.dumps({"qx": qx.tolist(), "qy": qy.tolist(), "cases": [{"model": n, "parameters": p, "I": run(n, p)} for n, p in cases]}))
