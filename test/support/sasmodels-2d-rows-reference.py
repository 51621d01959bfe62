"""
Reference 2D patterns on an equally spaced detector grid (the row form of oriented kernels steps
along such rows) for test/compute/sas/detector-rows-2d.test.ts, from sasmodels' compiled kernels in
double precision (SAS_OPENCL=none): /usr/bin/python3 test/support/sasmodels-2d-rows-reference.py >
test/fixtures/sas-2d/sasmodels-2d-rows.json (sasmodels 1.0.6 from Debian's python3-sasmodels). qx is
a linspace through 0, so an axis along x puts a zero phase on the grid. Every dispersion gives its
*_pd_n: sasmodels' direct call does not default it to 35 as SasView does.
"""
import os; os.environ['SAS_OPENCL']='none'
import numpy as np, json
from sasmodels.core import load_model
from sasmodels.direct_model import call_kernel
qx=np.linspace(-0.24,0.24,65); qy=np.array([-0.13,-0.01,0.07,0.2])
QX,QY=np.meshgrid(qx,qy)
def run(name, pars):
    m=load_model(name, dtype='double')
    k=m.make_kernel([QX.ravel(),QY.ravel()])
    return call_kernel(k,pars).tolist()
cases=[
 ("cylinder",{"theta":60,"phi":30,"background":0}),
 ("cylinder",{"theta":90,"phi":0,"radius":30,"length":250,"background":0}),
 ("cylinder",{"theta":35,"phi":-50,"radius_pd":0.1,"radius_pd_n":9,"length_pd":0.15,"length_pd_n":7,"theta_pd":10,"theta_pd_n":7,"phi_pd":10,"phi_pd_n":5,"background":0}),
 ("parallelepiped",{"theta":30,"phi":20,"psi":40,"psi_pd":10,"psi_pd_n":7,"background":0}),
 ("parallelepiped",{"theta":90,"phi":0,"psi":0,"length_a":60,"length_b":110,"length_c":700,"background":0}),
 ("parallelepiped",{"theta":25,"phi":40,"psi":-30,"length_a_pd":0.1,"length_a_pd_n":5,"theta_pd":8,"theta_pd_n":5,"phi_pd":6,"phi_pd_n":3,"background":0}),
 ("cylinder@hardsphere",{"theta":45,"phi":30,"volfraction":0.2,"radius_effective_mode":1,"background":0}),
]
out=[]
for name,pars in cases:
    out.append({"model":name,"parameters":pars,"I":run(name,pars)})
print(json.dumps({"qx":qx.tolist(),"qy":qy.tolist(),"cases":out}))
