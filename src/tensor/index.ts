export { Tensor, type Storage, type Shape, type NestedArray, fromTypedArray, contiguousStrides, shapeSize, sameShape, normalizeDim } from "./tensor.js";
export * from "./creation.js";
export type { DType, TypedArray } from "../backend/dtype.js";
import { installTensorMethods } from "./methods.js";
export * from "./ops/index.js";
export * from "./random.js";
export { matmul, mm, bmm, mv, dot, outer } from "./linalg.js";
export { type IntOrTuple, type ConvOptions, type UnfoldOptions, conv1d, conv2d, conv3d, unfold, fold } from "./conv.js";
export { type MaxPoolOptions, type WithIndices, maxPool1d, maxPool2d, maxPool3d } from "./pool.js";
export {
  type SparseLayout,
  type SparseDType,
  type SparseValues,
  SparseCOOTensor,
  SparseCSRTensor,
  type SparseTensor,
  sparseCooTensor,
  sparseCsrTensor,
  fromDense,
  toSparse,
  toDense,
  nnz,
  coalesce,
  toCSR,
  toCOO,
  sparseTranspose,
  sparseMatmul,
  spikePropagate,
} from "./sparse.js";

// explicit, so a bundler keeps it (see methods.ts)
installTensorMethods();
