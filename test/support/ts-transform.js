// ts-jest, then one line of prelude per module: `Math` and `Number` bound as module constants. Jest runs every
// module inside a vm context, whose global object answers through interceptors; on Node 20 each
// `Math.x` there is a slow global lookup (Math.imul in a loop ran 180x slower than in plain Node),
// so numeric code under test ran 10-100x slower than in production. A module-scope constant is a
// fast local; it is written on the "use strict" line, so line numbers (and source maps) stay true.
const { TsJestTransformer } = require("ts-jest");

const PRELUDE = "const Math = globalThis.Math, Number = globalThis.Number;";

function withPrelude(code) {
  const at = code.indexOf('"use strict";');
  if (at < 0 || code.slice(0, at).trim() !== "") return code;
  const end = at + '"use strict";'.length;
  return code.slice(0, end) + PRELUDE + code.slice(end);
}

class FastGlobalsTransformer extends TsJestTransformer {
  process(source, path, options) {
    const out = super.process(source, path, options);
    return { ...out, code: withPrelude(out.code) };
  }

  async processAsync(source, path, options) {
    const out = await super.processAsync(source, path, options);
    return { ...out, code: withPrelude(out.code) };
  }

  getCacheKey(source, path, options) {
    return `${super.getCacheKey(source, path, options)}:math-prelude-1`;
  }

  async getCacheKeyAsync(source, path, options) {
    return `${await super.getCacheKeyAsync(source, path, options)}:math-prelude-1`;
  }
}

module.exports = { createTransformer: (config) => new FastGlobalsTransformer(config) };
