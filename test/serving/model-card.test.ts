import { ModelCardError, modelCardToJson, parseModelCard, featureCount } from "../../src/serving";
import { regressionCardJson } from "./fixtures";

type Mutable = Record<string, unknown> & { [k: string]: any }; // test-only deep edits

function mutated(edit: (c: Mutable) => void): Mutable {
  const c = JSON.parse(JSON.stringify(regressionCardJson())) as Mutable;
  edit(c);
  return c;
}

describe("parseModelCard", () => {
  test("a valid card parses, canonicalises the q unit, and round-trips through JSON", () => {
    const card = parseModelCard(regressionCardJson());
    expect(card.qUnit).toBe("INV_ANGSTROM");
    expect(card.qGrid).toBeInstanceOf(Float64Array);
    expect(card.qGrid.length).toBe(6);
    expect(featureCount(card)).toBe(6);
    expect(card.metrics).toEqual({ radius_mape: 0.03 });
    const again = parseModelCard(JSON.stringify(modelCardToJson(card)));
    expect(again).toEqual(card);
  });

  test("quotient transform gives one feature fewer, so standardise vectors must be N-1 long", () => {
    const c = mutated((c) => (c.preprocessing.transform = { kind: "quotient", variant: "log_quotient", squareIntensity: true }));
    expect(() => parseModelCard(c)).toThrow("preprocessing.standardise.std: must have 5 entries, has 6");
    c.preprocessing.standardise = { mean: [0, 0, 0, 0, 0], std: [1, 1, 1, 1, 1] };
    expect(featureCount(parseModelCard(c))).toBe(5);
  });

  test.each([
    ["schema", (c: Mutable) => (c.schema = "other/1"), "schema"],
    ["unknown top-level field", (c: Mutable) => (c.colour = "red"), "$.colour: unknown field"],
    ["q grid not increasing", (c: Mutable) => (c.qGrid[3] = c.qGrid[2]), "qGrid[3]: q must be strictly increasing"],
    ["q unit", (c: Mutable) => (c.qUnit = "1/furlong"), "qUnit"],
    ["interpolation method", (c: Mutable) => (c.preprocessing.interpolation.method = "cubic"), "preprocessing.interpolation.method: must be one of"],
    ["zero std", (c: Mutable) => (c.preprocessing.standardise.std[2] = 0), "preprocessing.standardise.std[2]: must be > 0"],
    ["regression std", (c: Mutable) => (c.outputs[0].parameters[1].std = -1), "outputs[0].parameters[1].std: must be > 0"],
    ["parameter name", (c: Mutable) => delete c.outputs[0].parameters[0].name, "outputs[0].parameters[0].name: must be a string"],
    ["duplicate parameter", (c: Mutable) => (c.outputs[0].parameters[1].name = "radius"), 'outputs[0].parameters[1].name: duplicate parameter "radius"'],
    ["layout", (c: Mutable) => (c.input.layout = "nchw"), "input.layout"],
    ["domain q", (c: Mutable) => (c.domain.qMax = 0.001), "domain.qMax: must be > domain.qMin"],
    ["metric value", (c: Mutable) => (c.metrics.radius_mape = "3%"), "metrics.radius_mape: must be a finite number"],
    ["no outputs", (c: Mutable) => (c.outputs = []), "outputs: must not be empty"],
    [
      "classification labels",
      (c: Mutable) => (c.outputs = [{ kind: "classification", tensor: "p", labels: ["sphere"], scores: "logits" }]),
      "outputs[0].labels: needs at least two labels",
    ],
    [
      "curve mean without std",
      (c: Mutable) => (c.outputs = [{ kind: "curve", tensor: "i", q: [0.1, 0.2], intensityUnit: "1/cm", mean: [0, 0] }]),
      "outputs[0].std: mean and std go together",
    ],
  ])("rejects a bad %s, naming the field", (_what, edit, message) => {
    const bad = mutated(edit);
    expect(() => parseModelCard(bad)).toThrow(ModelCardError);
    expect(() => parseModelCard(bad)).toThrow(message);
  });

  test("malformed JSON text is a ModelCardError at $", () => {
    expect(() => parseModelCard("{not json")).toThrow(/^model card: \$: not valid JSON/);
  });
});
