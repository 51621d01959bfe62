/**
 * Simulation kinds describe themselves (src/simulations): the list is consistent, each GraphQL input
 * type agrees with its kind's input table field by field (names, Int/Float/Boolean/enum, defaults),
 * and the table's messages name the field and the rule.
 */
import "reflect-metadata";
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  getNamedType,
  type GraphQLInputType,
} from "graphql";
import type { TSchema } from "@sinclair/typebox";
import { buildGraphQLSchema } from "../../src/server/schema";
import { SIMULATION_KINDS, findSimulationKind } from "../../src/simulations/registry";
import { hardSpheres } from "../../src/simulations/kinds/hard-spheres";
import { DomainError } from "../../src/services/errors";
import { parseInput } from "../../src/services/input-schema";

test("kinds have unique names, queues and input fields, and are found by name", () => {
  for (const key of ["name", "queue", "inputField"] as const) {
    const values = SIMULATION_KINDS.map((k) => k[key]).filter((v) => v !== null);
    expect(new Set(values).size).toBe(values.length);
  }
  for (const k of SIMULATION_KINDS) expect(findSimulationKind(k.name)).toBe(k);
});

/** Fields a kind reads in another form from GraphQL (fromRequest converts them). */
const CONVERTED: Record<string, string[]> = {
  "sas-model": ["q", "parameters", "slit", "slitLength", "slitWidth"],
  "sas-model-classes": ["q", "classes"],
  "shape-mixture": ["q"],
};

function unwrap(type: GraphQLInputType): GraphQLInputType {
  return type instanceof GraphQLNonNull ? type.ofType : type;
}

function agrees(field: string, gqlType: GraphQLInputType, schema: TSchema): void {
  const t = unwrap(gqlType);
  const kind = schema.type as string | undefined;
  if (kind === "integer") expect([field, t]).toEqual([field, GraphQLInt]);
  else if (kind === "number") expect([field, t]).toEqual([field, GraphQLFloat]);
  else if (kind === "boolean") expect([field, t]).toEqual([field, GraphQLBoolean]);
  else if (kind === "array") {
    expect([field, t instanceof GraphQLList]).toEqual([field, true]);
  } else if (Array.isArray(schema.anyOf)) {
    // An enum: the GraphQL values' internal values are exactly the table's literals.
    expect([field, t instanceof GraphQLEnumType]).toEqual([field, true]);
    const internal = (t as GraphQLEnumType).getValues().map((v) => v.value as string);
    expect([field, internal.sort()]).toEqual([field, schema.anyOf.map((s: TSchema) => s.const as string).sort()]);
  }
}

test("each kind's GraphQL input agrees with its input table", async () => {
  const schema = await buildGraphQLSchema();
  const start = schema.getType("StartSimulationInput") as GraphQLInputObjectType;
  const offered = SIMULATION_KINDS.filter((k) => k.inputField !== null);
  // Every kind is offered, and StartSimulationInput offers nothing that is not a kind.
  const kindFields = Object.keys(start.getFields()).filter((f) => getNamedType(start.getFields()[f].type) instanceof GraphQLInputObjectType);
  expect(kindFields.sort()).toEqual(offered.map((k) => k.inputField!).sort());
  for (const kind of offered) {
    const input = getNamedType(start.getFields()[kind.inputField!].type) as GraphQLInputObjectType;
    const gqlFields = input.getFields();
    const table = kind.input.properties as Record<string, TSchema>;
    const converted = CONVERTED[kind.name] ?? [];
    // Converted fields may have other names on each side (slitLength/slitWidth -> slit).
    const names = (keys: string[]) => keys.filter((k) => !converted.includes(k) || k in table === k in gqlFields).sort();
    expect([kind.name, names(Object.keys(gqlFields))]).toEqual([kind.name, names(Object.keys(table))]);
    for (const [name, fieldSchema] of Object.entries(table)) {
      if (converted.includes(name)) continue;
      agrees(`${kind.name}.${name}`, gqlFields[name].type, fieldSchema);
      const gqlDefault = gqlFields[name].defaultValue;
      if (gqlDefault !== undefined && fieldSchema.default !== undefined) {
        const d =
          unwrap(gqlFields[name].type) instanceof GraphQLEnumType
            ? ((unwrap(gqlFields[name].type) as GraphQLEnumType).getValue(String(gqlDefault))?.value ?? gqlDefault)
            : gqlDefault;
        expect([`${kind.name}.${name}`, d]).toEqual([`${kind.name}.${name}`, fieldSchema.default]);
      }
    }
  }
});

function refusal(run: () => unknown): { field?: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error("accepted");
}

const point = {
  distribution: "lognormal" as const,
  sigma: 0.1,
  eta: 0.3,
  n: 500,
  configurations: 2,
  seed: 0,
  qMin: 3,
  qMax: 13,
  qCount: 20,
  keepConfigurations: false,
};

test("the table's messages name the field, the rule and the value", () => {
  expect(refusal(() => parseInput(hardSpheres.input, { ...point, eta: 0.7 }, "hardSpheres"))).toEqual({
    field: "hardSpheres.eta",
    message: "hardSpheres.eta must be a number in (0, 0.55], not 0.7 (Volume fraction η (up to 0.55))",
  });
  expect(refusal(() => parseInput(hardSpheres.input, { ...point, distribution: "gamma" }, "hardSpheres")).message).toMatch(
    /^hardSpheres.distribution must be one of uniform, normal, lognormal, not "gamma"/,
  );
  expect(refusal(() => parseInput(hardSpheres.input, { ...point, n: 2.5 }, "hardSpheres")).field).toBe("hardSpheres.n");
  expect(refusal(() => parseInput(hardSpheres.input, { ...point, colour: "red" }, "hardSpheres")).message).toMatch(
    /^hardSpheres.colour is not a field here; fields are distribution, sigma/,
  );
  expect(refusal(() => parseInput(hardSpheres.input, { ...point, ranges: [{ name: "n", min: 1, max: 2 }] }, "hardSpheres")).field).toBe(
    "hardSpheres.ranges[0].name",
  );
  const { eta: _eta, ...noEta } = point;
  expect(refusal(() => parseInput(hardSpheres.input, noEta, "hardSpheres")).message).toMatch(/^hardSpheres.eta is required: a number in \(0, 0.55\]/);
});

test("rules across fields and sampled state points are checked too", () => {
  // Each bound holds for swept values, not only for the fixed ones.
  expect(
    refusal(() => hardSpheres.check({ ...point, ranges: [{ name: "eta" as const, min: 0.3, max: 0.6 }], sampling: "GRID" as const, count: 3 })).field,
  ).toBe("hardSpheres.eta");
  expect(refusal(() => hardSpheres.check({ ...point, distribution: "normal" as const, sigma: 0.7 })).message).toMatch(/for normal diameters/);
  expect(refusal(() => hardSpheres.check({ ...point, qMin: 13, qMax: 3 })).field).toBe("hardSpheres.qMax");
  expect(refusal(() => hardSpheres.check({ ...point, timeStep: 0.001 })).field).toBe("hardSpheres.timeStep");
  expect(() => hardSpheres.check({ ...point, method: "paper-md" as const, timeStep: 0.001 })).not.toThrow();
});
