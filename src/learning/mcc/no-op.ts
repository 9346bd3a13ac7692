/** The MCC NoOp rule: a feature without learning. */
import { MCCLearningRule } from "./mcc-learning-rule.js";

/** Does nothing at all: no decay and no clamp (unlike the ordinary NoOp, which decays). */
export class NoOp extends MCCLearningRule {
  /** The name save files use (the ordinary rule has this JS name). */
  static readonly savedAs = "MCCNoOp";
  protected override readonly isNoOp: boolean = true;

  override update(): void {}

  /** Its update does nothing (unless a subclass replaces it): the loop may skip the call. */
  get isIdle(): boolean {
    return this.update === noOpProto.update;
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const noOpProto: NoOp = NoOp.prototype;
