import { Arg, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../server/context";
import { evaluate, getModelInfo, listModels, parameterDefaults, SasInputError, type ModelInfo } from "../compute/sas";
import { qGrid, SamplingError } from "../compute/sampling";
import { convertQ } from "../compute/units";
import { badInput, unauthenticated } from "../services/errors";
import { SAS_SIMULATION_QUEUE, type SasSimulationInput } from "../jobs/handlers/sas-simulation";
import { COLLOID_SIMULATION_QUEUE, type ColloidSimulationInput } from "../jobs/handlers/colloid-simulation";
import { HARD_SPHERE_SIMULATION_QUEUE, type HardSphereSimulationInput } from "../jobs/handlers/hard-sphere-simulation";
import { ComputedIntensityType, ComputeIntensityInput, QGridInput, ScatteringModelType, ScatteringParameterType, StartSimulationInput, StructureFactorMode } from "../schema/scattering";
import { JobType } from "../schema/job";
import { QUnit } from "../schema/enums";

const MAX_COMPUTE_POINTS = 100_000;

/**
 * q from a grid or list input, both as the caller gave it (their unit, values untouched) and in 1/Å
 * for the model library; errors name the field.
 */
export function resolveQ(input: QGridInput, field = "q"): { given: Float64Array; inverseAngstrom: Float64Array } {
  if (input.unit === QUnit.REDUCED) throw badInput(`${field}.unit: the model library needs q in 1/Å or 1/nm, not reduced units`, `${field}.unit`);
  let q: Float64Array;
  try {
    if (input.values) {
      if (input.min !== undefined || input.max !== undefined || input.points !== undefined) {
        throw badInput(`${field}: give either values or min/max/points, not both`, field);
      }
      if (input.values.length === 0) throw badInput(`${field}.values is empty`, `${field}.values`);
      if (input.values.length > MAX_COMPUTE_POINTS) throw badInput(`${field}.values has more than ${MAX_COMPUTE_POINTS} points`, `${field}.values`);
      q = Float64Array.from(input.values);
      q.forEach((v, i) => {
        if (!Number.isFinite(v) || v <= 0) throw badInput(`${field}.values[${i}] = ${v}: q must be finite and > 0`, `${field}.values`);
      });
    } else {
      if (input.min === undefined || input.max === undefined || input.points === undefined) {
        throw badInput(`${field}: give values, or min, max and points`, field);
      }
      q = qGrid(input.min, input.max, input.points, input.spacing);
    }
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(`${field}: ${err.message}`, field);
    throw err;
  }
  return { given: q, inverseAngstrom: input.unit === QUnit.INV_ANGSTROM ? q : convertQ(q, input.unit, "INV_ANGSTROM") };
}

function numericParameters(raw: Record<string, unknown> | undefined, field: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (typeof v === "number" || typeof v === "string") out[k] = v;
    else throw badInput(`${field}.${k} must be a number (or a string for *_pd_type)`, `${field}.${k}`);
  }
  return out;
}

@Resolver(() => ScatteringParameterType)
export class ScatteringParameterResolver {
  @FieldResolver(() => [Float], { nullable: "items", description: "[min, max] allowed; null where unbounded (sasmodels' -inf/inf)" })
  limits(@Root() p: ScatteringParameterType): (number | null)[] {
    return p.limits.map((v) => (Number.isFinite(v) ? v : null));
  }
}

@Resolver()
export class ScatteringResolver {
  @Query(() => [ScatteringModelType], { description: "The scattering models, with sasmodels' parameter tables" })
  scatteringModels(): ModelInfo[] {
    return listModels();
  }

  @Query(() => ScatteringModelType)
  scatteringModel(@Arg("name") name: string): ModelInfo {
    try {
      return getModelInfo(name);
    } catch (err) {
      if (err instanceof SasInputError) throw badInput(err.message, "name");
      throw err;
    }
  }

  @Query(() => ComputedIntensityType, { description: "I(q) of a model (sasmodels conventions: q in 1/Å, I in 1/cm)" })
  computeIntensity(@Arg("input", () => ComputeIntensityInput) input: ComputeIntensityInput): ComputedIntensityType {
    const { given, inverseAngstrom: qA } = resolveQ(input.q);
    const parameters = numericParameters(input.parameters, "parameters");
    let dq: Float64Array | undefined;
    if (input.dq) {
      if (input.dq.length !== qA.length) throw badInput(`dq has ${input.dq.length} values but q has ${qA.length}`, "dq");
      dq = convertQ(input.dq, input.q.unit, "INV_ANGSTROM");
    } else if (input.resolution) {
      if (!(input.resolution > 0 && input.resolution < 1)) throw badInput("resolution (dq/q) must be in (0, 1)", "resolution");
      dq = qA.map((v) => v * input.resolution!);
    }
    try {
      const result = evaluate(input.model, parameters, qA, {
        structureFactorMode: input.structureFactorMode === StructureFactorMode.BETA ? "beta" : "plain",
        resolution: dq ? { dq } : undefined,
      });
      return {
        q: Array.from(given),
        qUnit: input.q.unit,
        intensity: Array.from(result.I),
        formFactor: result.P ? Array.from(result.P) : null,
        structureFactor: result.S ? Array.from(result.S) : null,
        betaFactor: result.betaFactor ? Array.from(result.betaFactor) : null,
        parameters: { ...parameterDefaults(input.model), ...parameters },
      };
    } catch (err) {
      if (err instanceof SasInputError) throw badInput(err.message, err.field ? `parameters.${err.field}` : "model");
      throw err;
    }
  }

  @Mutation(() => JobType, { description: "Start a simulation job; its result is a SIMULATED dataset (see job.result.datasetIds)" })
  startSimulation(@Ctx() { services, viewer }: Context, @Arg("input", () => StartSimulationInput) input: StartSimulationInput) {
    if (!viewer.userId) throw unauthenticated("sign in to run simulations");
    const kinds = [input.sasModel, input.shearedColloids, input.hardSpheres].filter(Boolean);
    if (kinds.length !== 1) throw badInput("give exactly one kind of simulation: sasModel, shearedColloids or hardSpheres", "input");
    const target = {
      title: input.title,
      description: input.description,
      technique: input.technique,
      keywords: input.keywords,
      accessGroups: input.accessGroups,
      publish: input.publish,
    };
    if (input.hardSpheres) {
      const { ranges, sampling, count, ...base } = input.hardSpheres;
      const queued: HardSphereSimulationInput = {
        target,
        sweep: { base, ranges: (ranges ?? []).map((r) => ({ name: r.name, min: r.min, max: r.max, log: r.log })), sampling, count },
      };
      return services.jobs.enqueue(viewer, HARD_SPHERE_SIMULATION_QUEUE, queued);
    }
    if (input.shearedColloids) {
      const { ranges, sampling, count, ...base } = input.shearedColloids;
      const queued: ColloidSimulationInput = {
        target,
        sweep: { base, ranges: (ranges ?? []).map((r) => ({ name: r.name, min: r.min, max: r.max, log: r.log })), sampling, count },
      };
      return services.jobs.enqueue(viewer, COLLOID_SIMULATION_QUEUE, queued);
    }
    const sweep = input.sasModel!;
    const queued: SasSimulationInput = {
      model: sweep.model,
      parameters: numericParameters(sweep.parameters, "sasModel.parameters"),
      ranges: sweep.ranges.map((r) => ({ name: r.name, min: r.min, max: r.max, log: r.log })),
      sampling: sweep.sampling,
      count: sweep.count,
      seed: sweep.seed,
      q: Array.from(resolveQ(sweep.q, "sasModel.q").inverseAngstrom),
      resolution: sweep.resolution,
      countsPerUnit: sweep.countsPerUnit,
      structureFactorMode: sweep.structureFactorMode === StructureFactorMode.BETA ? "beta" : "plain",
      target,
    };
    return services.jobs.enqueue(viewer, SAS_SIMULATION_QUEUE, queued);
  }
}
