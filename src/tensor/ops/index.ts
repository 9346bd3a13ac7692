/** Functional tensor ops, torch names in camelCase. `methods.ts` adds them as Tensor methods. */
export { broadcastShapes, broadcastShape, resultType, canCast, type Operand } from "./broadcast.js";
export * from "./elementwise.js";
export * from "./select.js";
export * from "./reduce.js";
export * from "./sort.js";
export * from "./shape.js";
export * from "./indexing.js";
