/**
 * Particle configurations of the Monte Carlo: uniform positions in [-L, L]^2 (no overlap exclusion:
 * the paper samples independent positions and its eq. 5 assumes uncorrelated particles; at
 * n L^2 <= 200 with R_0 = 1, L = 800 the area fraction is ~1e-3), lognormal radii, and the
 * rearrangement Gamma of eq. 3.
 */
import { Random } from "../../random";

export interface ColloidConfiguration {
  x: Float64Array;
  y: Float64Array;
  radius: Float64Array;
}

/** Independent stream per realisation, so realisations can be split across workers and stay reproducible. */
export function realisationRandom(seed: number, realisation: number): Random {
  const base = new Random(seed).nextUint32();
  return new Random((base ^ Math.imul(realisation + 1, 0x9e3779b9)) >>> 0);
}

export function sampleConfiguration(random: Random, particleCount: number, beamSide: number, radiusSpread: number): ColloidConfiguration {
  const x = new Float64Array(particleCount);
  const y = new Float64Array(particleCount);
  const radius = new Float64Array(particleCount);
  for (let i = 0; i < particleCount; i++) {
    x[i] = random.uniform(-beamSide, beamSide);
    y[i] = random.uniform(-beamSide, beamSide);
  }
  // ln R ~ N(ln R_0, R_s) with R_0 = 1; R_s = 0 draws nothing so monodisperse runs keep their stream.
  if (radiusSpread > 0) for (let i = 0; i < particleCount; i++) radius[i] = random.lognormal(0, radiusSpread);
  else radius.fill(1);
  return { x, y, radius };
}

/** Eq. 3: x -> x + gamma y + dx, y -> y + dy with dx, dy ~ N(0, D_2^2); radii are carried along. */
export function rearrange(configuration: ColloidConfiguration, gamma: number, d2: number, random: Random): ColloidConfiguration {
  const count = configuration.x.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const dx = d2 > 0 ? d2 * random.normal() : 0;
    const dy = d2 > 0 ? d2 * random.normal() : 0;
    x[i] = configuration.x[i] + gamma * configuration.y[i] + dx;
    y[i] = configuration.y[i] + dy;
  }
  return { x, y, radius: configuration.radius };
}

/** The particles the beam sees: those inside [-L/2, L/2]^2. */
export function particlesInBeam(configuration: ColloidConfiguration, beamSide: number): ColloidConfiguration {
  const half = beamSide / 2;
  const { x, y, radius } = configuration;
  let count = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) <= half && Math.abs(y[i]) <= half) count++;
  const inside: ColloidConfiguration = { x: new Float64Array(count), y: new Float64Array(count), radius: new Float64Array(count) };
  let next = 0;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) <= half && Math.abs(y[i]) <= half) {
      inside.x[next] = x[i];
      inside.y[next] = y[i];
      inside.radius[next] = radius[i];
      next++;
    }
  }
  return inside;
}
