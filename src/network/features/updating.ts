/** Sub-feature that runs its parent's learning rule from inside the pipeline. */
import type { UpdateOptions } from "../learning-rule.js";
import { AbstractSubFeature, type SubFeatureOptions } from "./normalization.js";

export interface UpdatingOptions extends SubFeatureOptions {
  /** Options passed to the parent's rule (e.g. a fixed reward). */
  updateOptions?: UpdateOptions;
}

/**
 * After every compute, runs the parent's learning rule with `{ learning: true,
 * ...updateOptions }` (user-controlled learning; give the connection `manualUpdate: true` so
 * the rule does not also run in the network's update phase).
 */
export class Updating extends AbstractSubFeature {
  static override readonly optionKeys: readonly string[] = ["name", "parentFeature", "updateOptions"];
  readonly updateOptions: UpdateOptions;

  constructor(opts: UpdatingOptions) {
    super(opts);
    this.updateOptions = opts.updateOptions ?? {};
  }

  override endStep(): void {
    this.parent.update({ learning: true, ...this.updateOptions });
  }
}
