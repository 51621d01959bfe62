import { CurveValueBudget } from "../services/curve-value-budget";
import type { Services } from "../services/container";
import type { Viewer } from "../services/viewer";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver receives: who asks, the services, and this request's DataLoaders. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  /** Aborted when the client goes away before its answer: heavy work in progress is stopped. */
  signal?: AbortSignal;
  /** Curve values (q, I, dI, dQ) this request may still be answered with (SASGRAPH_MAX_CURVE_VALUES). */
  curveValues: CurveValueBudget;
}

export function createContext(services: Services, viewer: Viewer, signal?: AbortSignal): Context {
  return { viewer, services, loaders: createLoaders(services, viewer), signal, curveValues: new CurveValueBudget(services.config.maxCurveValues) };
}
