/** The route table's declarations, one file per capability. The server binds handlers to them; the browser calls them. */
export * from "./audit";
export * from "./dlq";
export * from "./platform";
export * from "./topics";
export * from "./auth";
export * from "./sagas";
export * from "./traces";
export * from "./records";
export * from "./groups";
export * from "./demo";
