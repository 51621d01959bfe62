export * from "./tfjs-backend";
export * from "./mlp-trainer";
export * from "./export-mlp";
export * from "./architecture";
