export * from "./records";
export * from "./status";
export * from "./socket";
export * from "./overview";
export * from "./dlq";
export * from "./sagas";
export * from "./auth";
export * from "./demo";
