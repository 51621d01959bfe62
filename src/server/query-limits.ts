/**
 * Limits on what one GraphQL operation may ask for: selection depth (a validation rule) and an
 * estimated cost (computed before execution) where a list field costs its children times `first`.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type DocumentNode,
} from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { INTENSITY_ARRAYS, intensity2DWork, intensityWork, type Intensity2DRequest, type IntensityRequest } from "../services/scattering-service";
import { MAX_PROVENANCE_NODES } from "../services/provenance-service";

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet, seen));
        } else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (frag && !seen.has(name)) deepest = Math.max(deepest, depthOf(frag.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the query is ${depth} levels deep; the limit is ${maxDepth}`, { nodes: [node], extensions: { code: "QUERY_TOO_DEEP" } }),
          );
        }
      },
    };
  };
}

/** A list field with `first`/`count` costs its children that many times over. */
const paginationEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const n = typeof args.first === "number" ? args.first : typeof args.count === "number" ? args.count : undefined;
  return n === undefined ? undefined : 1 + childComplexity * Math.max(1, n);
};

/**
 * Kernel-evaluation units (one model evaluation at one q, orientation node and polydispersity point,
 * or one smear weight; some 20-200 ns each) per cost point: the default limit of 50 000 then lets one
 * request hold a compute thread for a few seconds, and twenty aliases of that are refused.
 */
export const WORK_PER_COST = 1000;
/** Numbers in an answer per cost point (serialising them is event-loop time). */
export const VALUES_PER_COST = 100;

/** The arrays a computeIntensity selection asks for (all of them when a fragment hides the choice). */
function selectedArrays(node: FieldNode): number {
  const selections = node.selectionSet?.selections ?? [];
  if (selections.some((s) => s.kind !== Kind.FIELD)) return INTENSITY_ARRAYS.length;
  const names = new Set<string>(INTENSITY_ARRAYS);
  return selections.filter((s) => s.kind === Kind.FIELD && names.has(s.name.value)).length;
}

/**
 * computeIntensity costs its work: (model points) x (polydispersity mesh) x (orientation nodes) +
 * smear weights, plus the numbers it answers. Malformed input costs 1 (it is refused when run).
 */
/**
 * Work per coerced input object: aliases that share a variable share its coerced value, so twenty
 * of them lay out the smear once (the layout of 100 000 q points takes tens of ms).
 */
const workOfInput = new WeakMap<object, ReturnType<typeof intensityWork>>();
function workOf(input: IntensityRequest): ReturnType<typeof intensityWork> {
  if (workOfInput.has(input)) return workOfInput.get(input)!;
  const work = intensityWork(input);
  workOfInput.set(input, work);
  return work;
}

const computeIntensityEstimator: ComplexityEstimator = ({ type, field, args, node }) => {
  if (type.name !== "Query" || field.name !== "computeIntensity") return undefined;
  const input = typeof args.input === "object" && args.input !== null ? (args.input as IntensityRequest) : undefined;
  const work = input ? workOf(input) : null;
  if (!input || !work) return 1;
  const values = (input.q.values?.length ?? input.q.points ?? 0) * selectedArrays(node);
  return 1 + Math.ceil(work.total / WORK_PER_COST) + Math.ceil(values / VALUES_PER_COST);
};

/** computeIntensity2D costs its kernel evaluations (pixels x size mesh x jitter mesh) and the pixels it answers. */
const computeIntensity2DEstimator: ComplexityEstimator = ({ type, field, args }) => {
  if (type.name !== "Query" || field.name !== "computeIntensity2D") return undefined;
  const input = typeof args.input === "object" && args.input !== null ? (args.input as Intensity2DRequest) : undefined;
  const work = input ? intensity2DWork(input) : null;
  if (!input || work === null) return 1;
  const values = input.qx.length * input.qy.length + input.qx.length + input.qy.length;
  return 1 + Math.ceil(work / WORK_PER_COST) + Math.ceil(values / VALUES_PER_COST);
};

/**
 * Nodes a provenance walk of `depth` relations may reach: about PROVENANCE_NODES_PER_LEVEL new ones
 * per level, never more than the walk's node limit. Each level is a database round trip, and every
 * node is priced with the fields selected under it.
 */
export const PROVENANCE_NODES_PER_LEVEL = 50;
export function provenanceNodes(depth: number): number {
  if (!Number.isInteger(depth) || depth < 0) return 1;
  return Math.min(MAX_PROVENANCE_NODES, 1 + PROVENANCE_NODES_PER_LEVEL * depth);
}

const provenanceEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name !== "Query" || field.name !== "provenance" || typeof args.depth !== "number") return undefined;
  return 1 + args.depth * 10 + provenanceNodes(args.depth) * Math.max(1, childComplexity);
};

/**
 * datasetSvd's size is the dataset's (unknown before running): priced at a fair share of the
 * largest one it accepts, so that a handful per request pass and twenty aliases do not.
 */
export const SVD_COST = 3000;
const svdEstimator: ComplexityEstimator = ({ type, field, args }) => {
  if (type.name !== "Query" || field.name !== "datasetSvd") return undefined;
  const components = typeof args.components === "number" && args.components > 0 ? args.components : 1;
  return SVD_COST + 100 * components;
};

export function queryCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [
      computeIntensityEstimator,
      computeIntensity2DEstimator,
      provenanceEstimator,
      svdEstimator,
      paginationEstimator,
      simpleEstimator({ defaultComplexity: 1 }),
    ],
  });
}

export function costLimitError(cost: number, max: number): GraphQLError {
  return new GraphQLError(`the query's estimated cost is ${cost}; the limit is ${max}: ask for fewer items per page or fewer fields`, {
    extensions: { code: "QUERY_TOO_COSTLY", cost, limit: max },
  });
}
