/** Updating (src/network/features/updating.ts): a pass-through element that runs its parent's learning rule after every compute. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { AbstractSubFeature, Updating, Weight } from "../../../src/network/features/index.js";
import { LearningRule, type UpdateOptions } from "../../../src/network/learning-rule.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

/** A feature rule that adds 1 to every stored value per update and records the options it got. */
class AddOne extends LearningRule {
  static override readonly learnsFeatures = true;
  readonly calls: UpdateOptions[] = [];
  override update(opts: UpdateOptions): void {
    this.calls.push({ ...opts });
    const view = this.synapseView();
    const w = view.weights();
    for (let k = 0; k < w.length; k++) w[k] = w[k]! + 1;
    view.commit?.();
  }
}

function setup(manualUpdate: boolean, updateOptions?: UpdateOptions): { c: MulticompartmentConnection; w: Weight; rule: AddOne } {
  const w = new Weight({ name: "w", value: t32([1, 2], [1, 2]), learningRule: AddOne });
  const u = new Updating({ name: "u", parentFeature: w, ...(updateOptions ? { updateOptions } : {}) });
  const c = new MulticompartmentConnection({ source: inp(1), target: lif(2), pipeline: [w, u], manualUpdate });
  return { c, w, rule: w.learningRule as AddOne };
}

const out = (c: MulticompartmentConnection): number[] => Array.from(c.compute(spikes([1], [1, 1])).contiguousData());

describe("Updating", () => {
  it("runs the parent's rule with { learning: true } after each compute: the next compute sees the update", () => {
    const { c, w, rule } = setup(true);
    expect(out(c)).toEqual([1, 2]);
    expect(Array.from(w.value.contiguousData())).toEqual([2, 3]);
    expect(out(c)).toEqual([2, 3]);
    expect(out(c)).toEqual([3, 4]);
    expect(rule.calls).toEqual([{ learning: true }, { learning: true }, { learning: true }]);
  });

  it("passes its updateOptions to the rule (a fixed reward)", () => {
    const { c, rule } = setup(true, { reward: 2 });
    out(c);
    expect(rule.calls).toEqual([{ learning: true, reward: 2 }]);
  });

  it("with manualUpdate the network's update phase does not run the rule again; without it, it does", () => {
    const manual = setup(true);
    out(manual.c);
    manual.c.update({ learning: true });
    expect(Array.from(manual.w.value.contiguousData())).toEqual([2, 3]);
    const auto = setup(false);
    out(auto.c);
    auto.c.update({ learning: true });
    expect(Array.from(auto.w.value.contiguousData())).toEqual([3, 4]);
    expect(auto.rule.calls.length).toBe(2);
  });

  it("a parent without a rule is left alone, and the tensor passes through", () => {
    const w = new Weight({ name: "w", value: t32([1, 2], [1, 2]) });
    const u = new Updating({ name: "u", parentFeature: w });
    expect(u).toBeInstanceOf(AbstractSubFeature);
    expect(u.updateOptions).toEqual({});
    const c = new MulticompartmentConnection({ source: inp(1), target: lif(2), pipeline: [w, u] });
    expect(out(c)).toEqual([1, 2]);
    expect(out(c)).toEqual([1, 2]);
  });

  it("rejects bad options naming the class and the argument", () => {
    const w = new Weight({ name: "w", value: 1 });
    expect(() => new Updating({ name: "u", parentFeature: w, update_options: {} } as never)).toThrow("Updating: unknown option update_options; did you mean updateOptions?");
    expect(() => new Updating({ name: "u", parentFeature: null as never })).toThrow(new ValueError("Updating: parentFeature is null, expected a feature"));
  });
});
