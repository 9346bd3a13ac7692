/**
 * The kernel contract: the types a backend's kernels take, shared by every backend (js, wasm)
 * and by the layers that call kernels through `kernels()`. Pure types, no code: importing this
 * file pulls in no backend.
 *
 * Arrays are row-major typed arrays; offsets and sizes are element counts. A `Param` is a
 * number (already a float32 value) or a Float32Array of `n` per-neuron values (neuron j of
 * every batch row reads element j).
 */

/** A neuron parameter: one float32 value for all neurons, or one per neuron. */
export type Param = number | Float32Array;

/** The parameters of the LIF family's fused step (decay already computed as exp(-dt/tc)). */
export interface LifParams {
  decay: Param;
  rest: Param;
  reset: Param;
  thresh: Param;
  refrac: Param;
  dt: number;
  lbound: Param | null;
}

/** Storage types the matrix kernels (gemm, csrDenseMatmul, conv) accept. */
export type MatArray = Float32Array | Float64Array | Int32Array;

/**
 * Geometry of a window sliding over one channel plane of size inD x inH x inW: kernel size,
 * stride, padding before the data (`p*`: positions before index 0), dilation and the output
 * size, per dim.
 */
export interface Window3 {
  inD: number;
  inH: number;
  inW: number;
  kD: number;
  kH: number;
  kW: number;
  sD: number;
  sH: number;
  sW: number;
  pD: number;
  pH: number;
  pW: number;
  dD: number;
  dH: number;
  dW: number;
  oD: number;
  oH: number;
  oW: number;
}
