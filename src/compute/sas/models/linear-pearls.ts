/**
 * linear_pearls: N identical spheres (radius R) on a straight line, centre to centre A = edge_sep + 2R,
 * with no string in between, averaged over orientations (Debye sum over pearl pairs):
 *   P(q) = (Δρ V Φ(qR))² [N + 2 Σ_{k=1}^{N-1} (N - k) sin(q k A)/(q k A)] / (N V),  Φ(x) = 3j1(x)/x.
 * sasmodels gives it no volume parameters, so the division by the pearls' volume N V is in the kernel.
 */
import { SasInputError } from "../errors";
import { sinc, sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("radius", "Ang", 80, [0, INF], "plain", "Radius of the pearls"),
  param("edge_sep", "Ang", 350, [0, INF], "plain", "Length of the string segment - surface to surface"),
  param("num_pearls", "", 3, [1, INF], "plain", "Number of the pearls"),
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "SLD of the pearl spheres"),
  param("sld_solvent", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "SLD of the solvent"),
];
const { radius: RADIUS, edge_sep: EDGE_SEP, num_pearls: NUM_PEARLS, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

/** The pair sum costs one sinc per pearl and q: beyond this many pearls no curve is worth the wait. */
const MAX_PEARLS = 1e5;

/** Whole pearls, as sasmodels rounds the count. */
function pearls(p: Float64Array): number {
  const n = Math.floor(p[NUM_PEARLS] + 0.5);
  if (!(n <= MAX_PEARLS)) throw new SasInputError(`num_pearls = ${p[NUM_PEARLS]} is more than ${MAX_PEARLS} pearls (the pair sum grows with it)`, "num_pearls");
  return n;
}

// sasmodels 1.0.6, load_model("linear_pearls", dtype="double") + call_kernel (SAS_OPENCL=none), printed
// with repr(); closed form, so agreement is to rounding. (sasmodels' own tests are disabled in its file.)
const SOURCE = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";

export const linearPearls = pointwiseModel(
  {
    name: "linear_pearls",
    title: "Linear pearls: N spheres evenly spaced on a straight line, no connecting string",
    description: "P(q) = (Δρ V Φ(qR))² [N + 2 Σ_k (N - k) sinc(q k A)] / (N V), A = edge_sep + 2R",
    category: "shape:sphere",
    parameters,
    random(rng) {
      // radius log-uniform 10 – 1000 Å, gap 1 – 1000 Å, 2 – 1000 pearls
      return {
        radius: log10Uniform(rng, 1, 3),
        edge_sep: log10Uniform(rng, 0, 3),
        num_pearls: Math.round(log10Uniform(rng, 0.3, 3)),
      };
    },
    orientationPoints: (_qMax, p) => pearls(p),
    knownValues: [
      {
        parameters: { background: 0 },
        q: [0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [17046.440217290772, 11246.517019434315, 3770.619455194543, 1728.0879724540496, 0.9821004618898976, 0.009939319046585142, 1.273954785328424e-5],
        rtol: 1e-9,
        source: SOURCE,
      },
      {
        parameters: { background: 0, radius: 20, num_pearls: 40, edge_sep: 15, sld: 3 },
        q: [0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [1281.3252612196704, 627.0479844106246, 200.93032482030455, 64.15589512734981, 9.061409561619964, 0.020783714975056017, 0.0002619561395391668],
        rtol: 1e-9,
        source: SOURCE,
      },
      // a count of 2.4 is rounded to 2 pearls
      {
        parameters: { background: 0, radius: 7, num_pearls: 2.4, edge_sep: 20, sld: 10, sld_solvent: 99.3 },
        q: [0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [2291.234553016874, 2289.2901366349447, 2267.3072057761606, 2084.4116215541003, 960.0402996945708, 45.334422767974424, 1.900167463532971],
        rtol: 1e-9,
        source: SOURCE,
      },
      // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
      {
        parameters: { radius: 222.216, edge_sep: 75.2974, num_pearls: 3.0, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [361415.9801212073, 31901.20547959643, 4.526707306516773, 0.00021534133173731155],
        rtol: 1e-9,
        source: SOURCE,
      },
      {
        parameters: { radius: 13.6299, edge_sep: 31.7053, num_pearls: 3.0, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [89.30750722194362, 82.51619193673922, 17.797047408414677, 0.0013943569329304165],
        rtol: 1e-9,
        source: SOURCE,
      },
    ],
  },
  (q, p) => {
    const n = pearls(p);
    const r = p[RADIUS];
    const v = FOUR_PI_3 * r * r * r;
    const separation = p[EDGE_SEP] + 2 * r;
    let pairs = n;
    for (let k = 1; k < n; k++) pairs += 2 * (n - k) * sinc(q * separation * k);
    const m = (p[SLD] - p[SLD_SOLVENT]) * v * sphereAmplitude(q * r);
    return (1e-4 * pairs * m * m) / (n * v);
  },
);
