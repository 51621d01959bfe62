"""
Reference 2D patterns for test/compute/sas/intensity-2d.test.ts, from sasmodels' compiled kernels in
double precision (SAS_OPENCL=none): /usr/bin/python3 test/support/sasmodels-2d-reference.py >
test/fixtures/sas-2d/sasmodels-2d.json (sasmodels 1.0.6 from Debian's python3-sasmodels). Every
dispersion gives its *_pd_n: sasmodels' direct call does not default it to 35 as SasView does.
"""
import os; os.environ['SAS_OPENCL']='none'
import numpy as np, json
from sasmodels.core import load_model
from sasmodels.direct_model import call_kernel
qx=np.array([-0.21,-0.05,0.013,0.08,0.3]); qy=np.array([-0.12,0.02,0.17])
QX,QY=np.meshgrid(qx,qy)
def run(name, pars):
    m=load_model(name, dtype='double')
    k=m.make_kernel([QX.ravel(),QY.ravel()])
    I=call_kernel(k,pars)
    return I.tolist()
cases=[
 ("cylinder",{}),
 ("cylinder",{"theta":20,"phi":-35,"radius":35,"length":120,"background":0}),
 ("cylinder",{"theta":50,"phi":10,"theta_pd":12,"theta_pd_n":15,"phi_pd":20,"phi_pd_n":11,"background":0}),
 ("cylinder",{"radius_pd":0.1,"radius_pd_n":9,"length_pd":0.15,"length_pd_n":7,"theta_pd":5,"theta_pd_n":7,"background":0}),
 ("ellipsoid",{"theta":30,"phi":75,"background":0}),
 ("ellipsoid",{"radius_polar":150,"radius_equatorial":30,"theta":80,"phi":0,"phi_pd":15,"phi_pd_n":9,"phi_pd_type":"rectangle","background":0}),
 ("parallelepiped",{}),
 ("parallelepiped",{"theta":25,"phi":40,"psi":-30,"psi_pd":10,"psi_pd_n":9,"theta_pd":8,"theta_pd_n":5,"background":0}),
 ("hollow_cylinder",{"theta":40,"phi":20,"background":0}),
 ("core_shell_cylinder",{"theta":70,"phi":-20,"sld_shell":2,"background":0}),
 ("sphere",{"radius":60,"radius_pd":0.1,"radius_pd_n":35}),
 ("cylinder@hardsphere",{"theta":45,"phi":30,"volfraction":0.2,"radius_effective_mode":1,"background":0}),
 ("sphere@hardsphere",{"radius":40,"volfraction":0.3,"background":0}),
]
out=[]
for name,pars in cases:
    out.append({"model":name,"parameters":pars,"I":run(name,pars)})
print(json.dumps({"qx":qx.tolist(),"qy":qy.tolist(),"cases":out}))
