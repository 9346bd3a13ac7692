/**
 * The one class table save/load uses, built explicitly: the network layer's classes
 * (`Network`, and `networkClasses()`: nodes, connections, features, the rule base, monitors,
 * sparse tensors),
 * the learning rules (`learningClasses`) and the ANN → SNN conversion classes
 * (`conversionClasses`). No module registers classes by being imported; the root entry's
 * {@link loadNetwork} passes this table, and `loadNetwork` from `bindsnet/network` takes it as
 * `{ classes: defaultClassTable() }` (or user classes through `registerClass`).
 */
import { learningClasses } from "./learning/index.js";
import { conversionClasses } from "./conversion/index.js";
import { networkClasses, type AnyClass } from "./network/io/registry.js";
import { Network } from "./network/network.js";
import { deserializeNetwork as deserializeNetworkWith, loadNetwork as loadNetworkWith, type LoadOptions } from "./network/io/index.js";

/**
 * Every class of the library a saved network can name, by the name files use. A class may be
 * listed under a second name after its own (an alias: `MCCPostPre` is `PostPre`, the name
 * files written before the rules of features became the ordinary rules use); it is saved
 * under its own name.
 */
export function defaultClassTable(): Record<string, AnyClass> {
  return { Network, ...networkClasses(), ...learningClasses, ...conversionClasses };
}

/**
 * Loads a network saved by `saveNetwork` / `Network.save`, with {@link defaultClassTable}
 * (then `opts.classes`, then the registry) to rebuild its classes.
 */
export function loadNetwork<N = Network>(path: string, opts: LoadOptions = {}): N {
  return loadNetworkWith<N>(path, { ...opts, classes: { ...defaultClassTable(), ...opts.classes } });
}

/**
 * Rebuilds a network from the bytes of `serializeNetwork` / a saved file (browsers included),
 * with {@link defaultClassTable} (then `opts.classes`, then the registry).
 */
export function deserializeNetwork<N = Network>(bytes: Uint8Array, opts: LoadOptions = {}): N {
  return deserializeNetworkWith<N>(bytes, { ...opts, classes: { ...defaultClassTable(), ...opts.classes } });
}
