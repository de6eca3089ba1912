export * from "./records";
export * from "./status";
export * from "./socket";
