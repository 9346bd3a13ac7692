export { Tensor, type Shape, type NestedArray, fromTypedArray, contiguousStrides, shapeSize, sameShape, normalizeDim } from "./tensor.js";
export * from "./creation.js";
export type { DType, TypedArray } from "../backend/dtype.js";
import "./methods.js";
export * from "./ops/index.js";
export * from "./random.js";
