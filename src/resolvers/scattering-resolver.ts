import { Arg, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../server/context";
import { getModelInfo, listModels, SasInputError, type ModelInfo } from "../compute/sas";
import { badInput, unauthenticated } from "../services/errors";
import { SAS_SIMULATION_QUEUE, type SasSimulationInput } from "../jobs/handlers/sas-simulation";
import { COLLOID_SIMULATION_QUEUE, type ColloidSimulationInput } from "../jobs/handlers/colloid-simulation";
import { HARD_SPHERE_SIMULATION_QUEUE, type HardSphereSimulationInput } from "../jobs/handlers/hard-sphere-simulation";
import {
  ComputedIntensityType,
  ComputeIntensityInput,
  ScatteringModelType,
  ScatteringParameterType,
  StartSimulationInput,
  StructureFactorMode,
} from "../schema/scattering";
import { JobType } from "../schema/job";

// q and parameter reading live with the service (the cost estimator reads them too).
export { resolveQ } from "../services/scattering-service";
import { numericParameters, resolveQ } from "../services/scattering-service";

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
  computeIntensity(
    @Ctx() { services, signal }: Context,
    @Arg("input", () => ComputeIntensityInput) input: ComputeIntensityInput,
  ): Promise<ComputedIntensityType> {
    return services.scattering.computeIntensity(input, signal);
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
