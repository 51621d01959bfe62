import * as tf from "@tensorflow/tfjs";
import { exportTrainedMlp, standardiseRows, trainMlp } from "../../src/training";
import { runModel, seededFloats } from "../onnx/helpers";

describe("MLP training with TensorFlow.js and export to ONNX", () => {
  test("learns a linear map, and the exported ONNX reproduces tfjs to 1e-5", async () => {
    const rows = 400;
    const inF = 5;
    const outF = 2;
    const A = [
      [1.5, -2, 0.5, 0, 3],
      [0.2, 0.1, -1, 2, -0.5],
    ];
    const c = [10, -4];
    const x = seededFloats(rows * inF, 99, -2, 2);
    const y = new Float32Array(rows * outF);
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < outF; o++) {
        let s = c[o];
        for (let i = 0; i < inF; i++) s += A[o][i] * x[r * inF + i];
        y[r * outF + o] = s;
      }
    const trained = await trainMlp(
      { x, y, rows, inFeatures: inF, outFeatures: outF },
      { hidden: [16], activation: "tanh", epochs: 150, learningRate: 0.01, patience: 15 },
    );
    try {
      expect(["wasm", "cpu"]).toContain(trained.backend);
      expect(trained.bestEpoch).toBeGreaterThan(5);

      // Held-out rows (the last 20 %), de-standardised, against the true linear map.
      const valStart = rows - Math.floor(rows * 0.2);
      const xsVal = standardiseRows(x.subarray(valStart * inF), inF, trained.inputStats);
      const predicted = tf.tidy(() => (trained.model.predict(tf.tensor2d(xsVal, [rows - valStart, inF])) as tf.Tensor).dataSync() as Float32Array);
      let worst = 0;
      for (let r = 0; r < rows - valStart; r++)
        for (let o = 0; o < outF; o++) {
          const value = predicted[r * outF + o] * trained.targetStats.std[o] + trained.targetStats.mean[o];
          worst = Math.max(worst, Math.abs(value - y[(valStart + r) * outF + o]) / trained.targetStats.std[o]);
        }
      expect(worst).toBeLessThan(0.1); // within a tenth of a target standard deviation

      const exported = exportTrainedMlp(trained, [
        { name: "a", unit: "" },
        { name: "b", unit: "Å" },
      ]);
      expect(exported.parameters.map((p) => [p.name, p.index])).toEqual([
        ["a", 0],
        ["b", 1],
      ]);
      expect(exported.parameters[0].mean).toBeCloseTo(trained.targetStats.mean[0], 12);
      const out = await runModel(exported.onnx, { curve: { data: xsVal, dims: [rows - valStart, inF] } });
      expect(out.params.dims).toEqual([rows - valStart, outF]);
      for (let i = 0; i < predicted.length; i++) expect(Math.abs(out.params.data[i] - predicted[i])).toBeLessThan(1e-5);
    } finally {
      trained.model.dispose();
    }
  });
});
