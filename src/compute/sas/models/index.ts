/** The catalogue: every model file registers here, in display order. */
import type { ScatteringModelDefinition } from "../types";
import { sphere } from "./sphere";
import { coreShellSphere } from "./core-shell-sphere";
import { fuzzySphere } from "./fuzzy-sphere";
import { vesicle } from "./vesicle";
import { cylinder } from "./cylinder";
import { coreShellCylinder } from "./core-shell-cylinder";
import { hollowCylinder } from "./hollow-cylinder";
import { ellipsoid } from "./ellipsoid";
import { parallelepiped } from "./parallelepiped";
import { coreShellBicelle } from "./core-shell-bicelle";
import { coreShellEllipsoid } from "./core-shell-ellipsoid";
import { ellipticalCylinder } from "./elliptical-cylinder";
import { hollowRectangularPrismThinWalls } from "./hollow-rectangular-prism-thin-walls";
import { rectangularPrism } from "./rectangular-prism";
import { stackedDisks } from "./stacked-disks";
import { triaxialEllipsoid } from "./triaxial-ellipsoid";
import { lamellar } from "./lamellar";
import { guinier } from "./guinier";
import { powerLaw } from "./power-law";
import { porod } from "./porod";
import { dab } from "./dab";
import { massFractal } from "./mass-fractal";
import { broadPeak } from "./broad-peak";
import { monoGaussCoil } from "./mono-gauss-coil";
import { polymerExclVolume } from "./polymer-excl-volume";
import { teubnerStrey } from "./teubner-strey";
// shape-independent and lamellar models added for the SASformer classes (sorted by sasmodels name)
import { adsorbedLayer } from "./adsorbed-layer";
import { correlationLength } from "./correlation-length";
import { fractal } from "./fractal";
import { gaussLorentzGel } from "./gauss-lorentz-gel";
import { gaussianPeak } from "./gaussian-peak";
import { gelFit } from "./gel-fit";
import { lamellarHg } from "./lamellar-hg";
import { lamellarHgStackCaille } from "./lamellar-hg-stack-caille";
import { lamellarStackCaille } from "./lamellar-stack-caille";
import { lamellarStackParacrystal } from "./lamellar-stack-paracrystal";
import { lorentz } from "./lorentz";
import { massSurfaceFractal } from "./mass-surface-fractal";
import { peakLorentz } from "./peak-lorentz";
import { polyGaussCoil } from "./poly-gauss-coil";
import { starPolymer } from "./star-polymer";
import { surfaceFractal } from "./surface-fractal";
import { twoLorentzian } from "./two-lorentzian";
import { twoPowerLaw } from "./two-power-law";
import { unifiedPowerRg } from "./unified-power-rg";
import { hardsphere } from "./hardsphere";
import { stickyhardsphere } from "./stickyhardsphere";
import { squarewell } from "./squarewell";
// composite and multi-shell models (issue 15)
import { binaryHardSphere } from "./binary-hard-sphere";
import { flexibleCylinder } from "./flexible-cylinder";
import { flexibleCylinderElliptical } from "./flexible-cylinder-elliptical";
import { coreMultiShell } from "./core-multi-shell";
import { fractalCoreShell } from "./fractal-core-shell";
import { linearPearls } from "./linear-pearls";
import { multilayerVesicle } from "./multilayer-vesicle";
import { onion } from "./onion";
import { pearlNecklace } from "./pearl-necklace";
import { raspberry } from "./raspberry";

export const MODEL_DEFINITIONS: readonly ScatteringModelDefinition[] = [
  sphere,
  coreShellSphere,
  fuzzySphere,
  vesicle,
  cylinder,
  coreShellCylinder,
  hollowCylinder,
  ellipsoid,
  parallelepiped,
  // oriented shapes of issue 15, alphabetical
  coreShellBicelle,
  coreShellEllipsoid,
  ellipticalCylinder,
  hollowRectangularPrismThinWalls,
  rectangularPrism,
  stackedDisks,
  triaxialEllipsoid,
  lamellar,
  guinier,
  powerLaw,
  porod,
  dab,
  massFractal,
  broadPeak,
  monoGaussCoil,
  polymerExclVolume,
  teubnerStrey,
  adsorbedLayer,
  correlationLength,
  fractal,
  gaussLorentzGel,
  gaussianPeak,
  gelFit,
  lamellarHg,
  lamellarHgStackCaille,
  lamellarStackCaille,
  lamellarStackParacrystal,
  lorentz,
  massSurfaceFractal,
  peakLorentz,
  polyGaussCoil,
  starPolymer,
  surfaceFractal,
  twoLorentzian,
  twoPowerLaw,
  unifiedPowerRg,
  hardsphere,
  stickyhardsphere,
  squarewell,
  // composite and multi-shell models (issue 15)
  binaryHardSphere,
  coreMultiShell,
  flexibleCylinder,
  flexibleCylinderElliptical,
  fractalCoreShell,
  linearPearls,
  multilayerVesicle,
  onion,
  pearlNecklace,
  raspberry,
];
