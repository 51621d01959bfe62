/**
 * Every simulation kind, once. The simulation job handler, the compute thread, startSimulation and
 * the docs read this list; adding a kind is its module, a line here and its GraphQL input field on
 * StartSimulationInput (src/schema/simulation.ts; a test checks the two agree).
 */
import type { SimulationKind } from "./simulation-kind";
import { sasModel } from "./kinds/sas-model";
import { sasModelClasses } from "./kinds/sas-model-classes";
import { shapeMixture } from "./kinds/shape-mixture";
import { shearedColloids } from "./kinds/sheared-colloids";
import { hardSpheres } from "./kinds/hard-spheres";
import { virtualSans } from "./kinds/virtual-sans";

export const SIMULATION_KINDS: readonly SimulationKind[] = [sasModel, sasModelClasses, shapeMixture, shearedColloids, hardSpheres, virtualSans];

export function findSimulationKind(name: string): SimulationKind | undefined {
  return SIMULATION_KINDS.find((k) => k.name === name);
}
