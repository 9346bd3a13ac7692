/**
 * Pre-built networks (BindsNET's `bindsnet.models`) and a fast simulation loop for the
 * dense ones.
 */
export { TwoLayerNetwork, type TwoLayerNetworkOptions } from "./two-layer-network.js";
export { DiehlAndCook2015, type DiehlAndCook2015Options, inputWeights, scaledEye } from "./diehl-and-cook-2015.js";
export { DiehlAndCook2015v2, type DiehlAndCook2015v2Options } from "./diehl-and-cook-2015v2.js";
export { IncreasingInhibitionNetwork, type IncreasingInhibitionNetworkOptions, increasingInhibitionWeights } from "./increasing-inhibition-network.js";
export { LocallyConnectedNetwork, type LocallyConnectedNetworkOptions, type Pair, filterInhibition } from "./locally-connected-network.js";
export { type NuPair } from "./common.js";
