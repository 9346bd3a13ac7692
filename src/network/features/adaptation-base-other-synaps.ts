/** AdaptationBaseOtherSynaps: the adaptation feature with constDecay 0.01. */
import { AdaptationBase, type AdaptationOptions } from "./adaptation.js";

/** See {@link AdaptationBase}; `constDecay` defaults to 0.01. */
export class AdaptationBaseOtherSynaps extends AdaptationBase {
  constructor(opts: AdaptationOptions) {
    super(opts, 0.01);
  }
}
