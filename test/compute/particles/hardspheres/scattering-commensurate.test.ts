import { Random } from "../../../../src/compute/random";
import {
  amplitudeTable,
  scatteringIntensity,
  ScatteringWorkerPool,
  scatteringIntensityCommensurate,
  shellVectors,
  sumSquaredVolumes,
  type Configuration,
} from "../../../../src/compute/particles/hardspheres";

function randomConfiguration(n: number, box: number, seed: number, polydisperse = true): Configuration {
  const random = new Random(seed);
  const positions = new Float64Array(3 * n).map(() => random.next() * box);
  const diameters = new Float64Array(n).map(() => (polydisperse ? 0.8 + 0.4 * random.next() : 1));
  return { box, positions, diameters };
}

test("equals |sum_i F exp(i k.r)|^2 summed directly (one sin and cos per particle and vector) over the same vectors", () => {
  const config = randomConfiguration(300, 7.3, 5);
  const q = Float64Array.from([3, 4.5, 6]);
  const width = 0.4;
  const result = scatteringIntensityCommensurate(config, q, { shellWidth: width, maxVectorsPerShell: 50, seed: 9 });
  const shells = shellVectors(config.box, q, width, 50, new Random(9));
  const amplitudes = amplitudeTable(config.diameters, q);
  const dk = (2 * Math.PI) / config.box;
  shells.forEach((shell, s) => {
    let sum = 0;
    for (let v = 0; v < shell.length; v += 3) {
      let re = 0,
        im = 0;
      for (let i = 0; i < 300; i++) {
        const phase = dk * (shell[v] * config.positions[3 * i] + shell[v + 1] * config.positions[3 * i + 1] + shell[v + 2] * config.positions[3 * i + 2]);
        re += amplitudes[i * q.length + s] * Math.cos(phase);
        im += amplitudes[i * q.length + s] * Math.sin(phase);
      }
      sum += re * re + im * im;
    }
    const direct = sum / (shell.length / 3) / sumSquaredVolumes(config.diameters);
    expect(result.vectors[s]).toBe(shell.length / 3);
    expect(Math.abs(result.intensity[s] / direct - 1)).toBeLessThan(1e-10);
  });
});

test("a simple cubic crystal filling the box scatters nothing between Bragg shells; the arbitrary-direction sum leaks", () => {
  // 8^3 sites, spacing 1: reciprocal vectors of the box are 2 pi n / 8; only n multiple of 8 are Bragg.
  const m = 8;
  const positions = new Float64Array(3 * m ** 3);
  let p = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) positions.set([i + 0.5, j + 0.5, k + 0.5], 3 * p++);
  const config: Configuration = { box: m, positions, diameters: new Float64Array(m ** 3).fill(0.9) };
  const q = Float64Array.from([2, 3, 4, 5]); // all below the first Bragg shell at 2 pi
  const commensurate = scatteringIntensityCommensurate(config, q, { shellWidth: 0.3 });
  for (let s = 0; s < q.length; s++) {
    expect(commensurate.vectors[s]).toBeGreaterThan(0);
    expect(commensurate.intensity[s]).toBeLessThan(1e-20);
  }
  const arbitrary = scatteringIntensity(config, q);
  expect(Math.max(...arbitrary)).toBeGreaterThan(1e-4);
});

test("uncorrelated points: the average over a shell estimates sum F^2 / sum V^2 without bias", () => {
  const config = randomConfiguration(2000, 20, 11);
  const q = Float64Array.from([4, 7, 10]);
  const result = scatteringIntensityCommensurate(config, q, { shellWidth: 0.5, maxVectorsPerShell: 1500 });
  const amplitudes = amplitudeTable(config.diameters, q);
  const norm = sumSquaredVolumes(config.diameters);
  for (let s = 0; s < q.length; s++) {
    let expected = 0;
    for (let i = 0; i < 2000; i++) expected += amplitudes[i * q.length + s] ** 2;
    expected /= norm;
    // |A|^2 of random points is exponentially distributed: relative standard error 1/sqrt(vectors).
    const tolerance = 4 / Math.sqrt(result.vectors[s]);
    expect(Math.abs(result.intensity[s] / expected - 1)).toBeLessThan(tolerance);
  }
});

test("split across worker threads it gives the single-thread result", async () => {
  const config = randomConfiguration(400, 8, 21);
  const q = Float64Array.from([3, 5, 7, 9]);
  const single = scatteringIntensityCommensurate(config, q, { shellWidth: 0.5, seed: 4 });
  const pool = new ScatteringWorkerPool(2);
  try {
    const split = await pool.commensurateIntensity(config, q, { shellWidth: 0.5, seed: 4 });
    expect(Array.from(split.vectors)).toEqual(Array.from(single.vectors));
    split.intensity.forEach((value, s) => expect(Math.abs(value / single.intensity[s] - 1)).toBeLessThan(1e-12));
  } finally {
    await pool.close();
  }
});
