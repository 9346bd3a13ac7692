/** AdaptationBaseSynapsHistory: the adaptation feature with constDecay 0.001. */
import { AdaptationBase, type AdaptationOptions } from "./adaptation.js";

/** See {@link AdaptationBase}; `constDecay` defaults to 0.001. */
export class AdaptationBaseSynapsHistory extends AdaptationBase {
  constructor(opts: AdaptationOptions) {
    super(opts, 0.001);
  }
}
