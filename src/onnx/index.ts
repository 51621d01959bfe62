export * from "./graph-builder";
export * from "./tensor-encoding";
export * from "./layers";
export * from "./metadata";
