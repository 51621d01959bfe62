import { Arg, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../server/context";
import { createRandom, randomParameters, scatteringModelInfo, listScatteringModels, SasInputError, type ScatteringModelInfo } from "../compute/sas";
import { GraphQLJSONObject } from "../schema/json-object";
import { badInput } from "../services/errors";
import {
  ComputedIntensity2DType,
  ComputeIntensity2DInput,
  ComputedIntensityType,
  ComputeIntensityInput,
  ScatteringModelType,
  ScatteringParameterType,
} from "../schema/scattering";
import { JobType } from "../schema/job";
import { StartSimulationInput } from "../schema/simulation";

// q and parameter reading live with the service (the cost estimator reads them too).
export { resolveQ } from "../services/q-request";

@Resolver(() => ScatteringParameterType)
export class ScatteringParameterResolver {
  @FieldResolver(() => [Float], { nullable: "items", description: "[min, max] allowed; null where unbounded (sasmodels' -inf/inf)" })
  limits(@Root() p: ScatteringParameterType): (number | null)[] {
    return p.limits.map((v) => (Number.isFinite(v) ? v : null));
  }
}

@Resolver(() => ScatteringModelType)
export class ScatteringModelResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description:
      "One parameter set from the model's own sampler (sasmodels' random() laws), as a class sweep draws for a class without ranges: " +
      "only the parameters it draws (the rest keep their defaults), deterministic for the seed",
  })
  randomParameters(@Root() m: ScatteringModelInfo, @Arg("seed", () => Int, { defaultValue: 0 }) seed: number): Record<string, number> {
    return randomParameters(m.name, createRandom(seed));
  }
}

@Resolver()
export class ScatteringResolver {
  @Query(() => [ScatteringModelType], { description: "The scattering models, with sasmodels' parameter tables" })
  scatteringModels(): ScatteringModelInfo[] {
    return listScatteringModels();
  }

  @Query(() => ScatteringModelType)
  scatteringModel(@Arg("name") name: string): ScatteringModelInfo {
    try {
      return scatteringModelInfo(name);
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

  @Query(() => ComputedIntensity2DType, {
    description:
      "I(qx, qy) of a model on a detector grid: oriented shapes with theta, phi, psi and their dispersion (sasmodels conventions), isotropic ones as I(|q|)",
  })
  computeIntensity2D(
    @Ctx() { services, signal }: Context,
    @Arg("input", () => ComputeIntensity2DInput) input: ComputeIntensity2DInput,
  ): Promise<ComputedIntensity2DType> {
    return services.scattering.computeIntensity2D(input, signal);
  }

  @Mutation(() => JobType, { description: "Start a simulation job; its result is a SIMULATED dataset (see job.result.datasetIds)" })
  startSimulation(@Ctx() { services, viewer }: Context, @Arg("input", () => StartSimulationInput) input: StartSimulationInput) {
    return services.simulations.start(viewer, input);
  }
}
