import { parse } from "graphql";
import { costVariables, QueryCostCache } from "../../src/server/query-cost-cache";

describe("query cost cache", () => {
  test("only variables reaching first/count or a directive can change the cost", () => {
    const doc = parse(`query($n: Int, $c: [Float!]!, $s: Boolean!, $k: Int) {
      a(first: $n, data: $c) { b @include(if: $s) { x } }
      ...F
    }
    fragment F on Query { d(count: $k, filter: {first: $c}) }`);
    expect(costVariables(doc)).toEqual(["k", "n", "s"]);
  });

  test("computes once per document and relevant values; absent and null are different inputs", () => {
    const cache = new QueryCostCache();
    const doc = parse(`query($n: Int = 5, $c: [Float!]!) { a(first: $n, data: $c) { x } }`);
    let calls = 0;
    const compute = (v: number) => () => (calls++, v);
    expect(cache.cost(doc, { n: 10, c: [1] }, undefined, compute(11))).toBe(11);
    expect(cache.cost(doc, { n: 10, c: [2, 3] }, undefined, compute(99))).toBe(11);
    expect(calls).toBe(1);
    expect(cache.cost(doc, { n: 20, c: [1] }, undefined, compute(21))).toBe(21);
    expect(cache.cost(doc, { c: [1] }, undefined, compute(6))).toBe(6);
    expect(cache.cost(doc, { n: null, c: [1] }, undefined, compute(1))).toBe(1);
    expect(cache.cost(doc, { n: 10, c: [1] }, "Other", compute(12))).toBe(12);
    expect(calls).toBe(5);
    expect(cache.cost(parse(`query($n: Int = 5, $c: [Float!]!) { a(first: $n, data: $c) { x } }`), { n: 10, c: [] }, undefined, compute(11))).toBe(11);
    expect(calls).toBe(6); // another document object is another entry
  });
});
