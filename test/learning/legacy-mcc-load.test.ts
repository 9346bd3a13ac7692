/**
 * A network saved before the MCC rules became the ordinary rules (test/fixtures/legacy-mcc,
 * written by the code of commit 6955cec: features learning with MCCPostPre, with and without
 * averageUpdate, with enforcePolarity, MCCMSTDP, MCCMSTDPET on dense and sparse values, and
 * MCCNoOp with decay, saved mid-run) loads with today's code and continues
 * its run with the values the old code computed, bit for bit.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deserializeNetwork } from "../../src/class-table.js";
import { MSTDP, MSTDPET, NoOp, PostPre } from "../../src/learning/index.js";
import type { Network } from "../../src/network/index.js";
import type { MulticompartmentConnection } from "../../src/network/topology/index.js";
import { STEPS_AFTER, inputs, values } from "../fixtures/legacy-mcc/make.js";

const DIR = join(import.meta.dirname, "../fixtures/legacy-mcc");

describe("networks saved with the former MCC rule classes", () => {
  it("load with the unified rules and continue the run exactly as the old code did", () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, "network.bnet")));
    const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as { before: Record<string, number[]>; after: Record<string, number[]> };
    const net = deserializeNetwork<Network>(bytes);
    expect(values(net)).toEqual(expected.before);
    const rule = (k: string): unknown => (net.connections.get(...(k.split("->") as [string, string])) as MulticompartmentConnection).pipeline[0]!.learningRule;
    expect(rule("X->Y")).toBeInstanceOf(PostPre);
    expect(rule("Y->Z")).toBeInstanceOf(MSTDP);
    expect(rule("Z->Y")).toBeInstanceOf(MSTDPET);
    expect(rule("X->W")).toBeInstanceOf(MSTDPET);
    expect(rule("Y->W")).toBeInstanceOf(NoOp);
    expect((rule("X->Y") as PostPre).initialSign).not.toBeNull();
    net.run({ inputs: { X: inputs(2, STEPS_AFTER) }, time: STEPS_AFTER, reward: -0.25 });
    const got = values(net);
    for (const k of Object.keys(expected.after)) expect(got[k], k).toEqual(expected.after[k]);
  });
});
