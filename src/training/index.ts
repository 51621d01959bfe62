export * from "./tfjs-backend";
export * from "./column-stats";
export * from "./architecture";
