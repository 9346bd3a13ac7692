/** Sub-feature that normalises its parent from inside the pipeline. */
import { ValueError, fmtValue } from "../../errors.js";
import { checkOptions } from "../../options.js";
import type { AbstractMulticompartmentConnection } from "../topology/multicompartment-connection.js";
import { AbstractFeature, type FeatureKind } from "./abstract-feature.js";

export interface SubFeatureOptions {
  name: string;
  parentFeature: AbstractFeature;
}

/**
 * Base of the sub-features: pipeline elements that pass the tensor through unchanged and act
 * on their parent feature after each compute. Fixed design: the reference's sub-features
 * cannot be primed and return None, which breaks the pipeline.
 */
export abstract class AbstractSubFeature extends AbstractFeature {
  static override readonly optionKeys: readonly string[] = ["name", "parentFeature"];
  readonly kind: FeatureKind = "identity";
  readonly parent: AbstractFeature;

  constructor(opts: SubFeatureOptions) {
    checkOptions(new.target.name, opts, (new.target as { optionKeys?: readonly string[] }).optionKeys ?? ["name", "parentFeature"]);
    super({ name: opts?.name });
    if (!(opts.parentFeature instanceof AbstractFeature)) throw new ValueError(`${new.target.name}: parentFeature is ${fmtValue(opts.parentFeature)}, expected a feature`);
    this.parent = opts.parentFeature;
  }

  override primeFeature(connection: AbstractMulticompartmentConnection): void {
    this.connection = connection;
    this.isPrimed = true;
  }

  override applyRow(): void {}

  override computeTensor(): void {}
}

/** After every compute, normalises the parent (its `norm`), whatever its normFrequency. */
export class Normalization extends AbstractSubFeature {
  override endStep(): void {
    this.parent.applyNorm();
  }
}
