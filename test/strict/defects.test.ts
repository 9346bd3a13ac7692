/**
 * Issue #16 "Strict and safe": each defect found by trying bad inputs, reproduced, now an
 * error (or now working as BindsNET does).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { BindsNetError, ValueError } from "../../src/errors.js";
import { Network } from "../../src/network/network.js";
import { Monitor, NetworkMonitor } from "../../src/network/monitors.js";
import { Input, LIFNodes, AdaptiveLIFNodes, IFNodes, IzhikevichNodes } from "../../src/network/nodes/index.js";
import { Connection, Conv2dConnection, MeanFieldConnection, MulticompartmentConnection } from "../../src/network/topology/index.js";
import { Bias, MeanField, Normalization, Weight } from "../../src/network/features/index.js";
import * as mcc from "../../src/learning/mcc/index.js";
import { Hebbian, PostPre, MSTDP } from "../../src/learning/index.js";
import { decodeSafetensors, deserializeNetwork, encodeSafetensors, serializeNetwork } from "../../src/network/io/index.js";
import { PoissonEncoder, BernoulliEncoder } from "../../src/encoding/encoders.js";
import { poisson } from "../../src/encoding/encodings.js";
import { DataLoader } from "../../src/datasets/dataloader.js";
import { MNIST } from "../../src/datasets/mnist.js";
import { readIdxFile } from "../../src/datasets/fs.js";
import { parseWav } from "../../src/datasets/audio.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { rand } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-strict-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const X = (n = 3): Input => new Input({ n, traces: true });
const Y = (n = 2): LIFNodes => new LIFNodes({ n, traces: true });

/** The thrown error (a failure when nothing is thrown). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("defect 1: unknown option names are errors everywhere", () => {
  it("Connection({ update_rule }) names the camelCase option instead of never learning", () => {
    expect(() => new Connection({ source: X(), target: Y(), update_rule: PostPre, nu: [1e-4, 1e-2] } as never)).toThrow(
      "Connection: unknown option update_rule; did you mean updateRule?",
    );
  });

  it("LIFNodes({ tc_decay: 5 }) is an error, not a silent 100", () => {
    expect(() => new LIFNodes({ n: 2, tc_decay: 5 } as never)).toThrow("LIFNodes: unknown option tc_decay; did you mean tcDecay?");
    expect(new LIFNodes({ n: 2, tcDecay: 5 }).tcDecay).toBe(5);
    // subclasses extend their parent's keys
    expect(new AdaptiveLIFNodes({ n: 2, tcDecay: 5, thetaPlus: 0.1 }).thetaPlus).toBe(0.1);
    expect(() => new IFNodes({ n: 2, tcDecay: 5 } as never)).toThrow(/IFNodes: unknown option tcDecay/);
  });

  it("a connection accepts its rule's declared options and no others", () => {
    const c = new Connection({ source: X(), target: Y(), updateRule: MSTDP, nu: 0.1, tcPlus: 7 });
    expect((c.updateRule as MSTDP).tcPlus).toBe(7);
    expect(() => new Connection({ source: X(), target: Y(), updateRule: PostPre, tcPlus: 7 })).toThrow(/Connection: unknown option tcPlus/);
    expect(() => new Connection({ source: X(), target: Y(), updateRule: MSTDP, tc_plus: 7 } as never)).toThrow("Connection: unknown option tc_plus; did you mean tcPlus?");
    expect(() => new Conv2dConnection({ source: new Input({ shape: [1, 4, 4] }), target: new LIFNodes({ shape: [1, 3, 3] }), kernelSize: 2, nFilters: 1 } as never)).toThrow(
      /Conv2dConnection: unknown option nFilters/,
    );
  });

  it("MulticompartmentConnection and its features accept their own keys plus their rules', and no others", () => {
    // BindsNET forwards every extra keyword to the features' rules, which ignore what they do not read
    expect(() => new Weight({ name: "w", update_rule: mcc.PostPre } as never)).toThrow("Weight: unknown option update_rule; did you mean learningRule?");
    expect(() => new Weight({ name: "w", learning_rule: mcc.PostPre } as never)).toThrow("Weight: unknown option learning_rule; did you mean learningRule?");
    expect(() => new Bias({ name: "b", learningRule: mcc.PostPre, average_update: 3 } as never)).toThrow("Bias: unknown option average_update; did you mean averageUpdate?");
    expect(() => new Bias({ name: "b", averageUpdate: 3 } as never)).toThrow(/Bias: unknown option averageUpdate/);
    expect(() => new MeanField({ name: "m", value: 1 } as never)).toThrow(/MeanField: unknown option value/);
    expect(() => new Normalization({ name: "n", parentFeature: new Weight({ name: "w" }), norm: 1 } as never)).toThrow(/Normalization: unknown option norm/);
    const w = (): Weight => new Weight({ name: "w", value: 0.5, range: [0, 1], learningRule: mcc.MSTDP });
    // the connection: its own keys plus those of its pipeline's rules
    expect(() => new MulticompartmentConnection({ source: X(), target: Y(), pipeline: [w()], tc_plus: 5 })).toThrow("MulticompartmentConnection: unknown option tc_plus; did you mean tcPlus?");
    expect(() => new MulticompartmentConnection({ source: X(), target: Y(), pipeline: [new Weight({ name: "w", value: 0.5 })], tcPlus: 5 })).toThrow(/MulticompartmentConnection: unknown option tcPlus/);
    expect(() => new MulticompartmentConnection({ source: X(), target: Y(), manual_update: true })).toThrow("MulticompartmentConnection: unknown option manual_update; did you mean manualUpdate?");
    // each rule gets the keys it declares (tcETrace reaches MSTDPET only), a feature's own value first
    const we = new Weight({ name: "we", value: 0.5, range: [0, 1], learningRule: mcc.MSTDPET, tcPlus: 3 });
    const wm = w();
    const b = new Bias({ name: "b", value: 0.1, learningRule: mcc.PostPre, averageUpdate: 2 });
    new MulticompartmentConnection({ source: X(), target: Y(), pipeline: [we, wm, b], tcPlus: 7, tcETrace: 9 });
    expect((we.learningRule as mcc.MSTDPET).tcPlus).toBe(3);
    expect((we.learningRule as mcc.MSTDPET).tcETrace).toBe(9);
    expect((wm.learningRule as mcc.MSTDP).tcPlus).toBe(7);
    expect((b.learningRule as mcc.PostPre).averageUpdate).toBe(2);
    // the rule itself, built directly
    const c = new MulticompartmentConnection({ source: X(), target: Y(), pipeline: [w()] });
    expect(() => new mcc.PostPre({ connection: c, feature: c.pipeline[0]!, nu: null, reduction: null, weightDecay: 0, tcPlus: 2 } as never)).toThrow(/PostPre: unknown option tcPlus/);
  });

  it("a feature on a plain Connection, or a rule that learns connection weights only on a feature: one line naming both classes", () => {
    const e1 = thrown(() => new Connection({ source: X(), target: Y(), updateRule: Weight as never }));
    expect(e1.message).toBe("Connection: updateRule is class Weight, expected a learning-rule class (a subclass of LearningRule)");
    const e2 = thrown(() => new Weight({ name: "w", learningRule: Hebbian as never }));
    expect(e2.message).toBe("Weight: learningRule is class Hebbian, a rule that learns connection weights only, expected a learning rule class that learns feature values (NoOp, PostPre, MSTDP, MSTDPET)");
    // the MCC names are the ordinary classes: either works on either
    expect(mcc.PostPre).toBe(PostPre);
    expect(new Connection({ source: X(), target: Y(), updateRule: mcc.PostPre }).updateRule).toBeInstanceOf(PostPre);
    for (const e of [e1, e2]) {
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message.split("\n").length).toBe(1);
      expect(e.message).not.toMatch(/constructor\(|=>|\{/);
    }
  });

  it("rules, Network, Monitor, encoders, encodings, DataLoader and data sets check their keys", () => {
    const c = new Connection({ source: X(), target: Y() });
    expect(() => new PostPre({ connection: c, weight_decay: 0.1 } as never)).toThrow("PostPre: unknown option weight_decay; did you mean weightDecay?");
    expect(() => new Network({ batch_size: 2 } as never)).toThrow("Network: unknown option batch_size; did you mean batchSize?");
    expect(() => new Monitor({ obj: Y(), stateVars: ["s"], state_vars: ["v"] } as never)).toThrow(/Monitor: unknown option state_vars; did you mean stateVars\?/);
    const net = new Network();
    expect(() => new NetworkMonitor({ network: net, layer: ["X"] } as never)).toThrow(/NetworkMonitor: unknown option layer; did you mean layers\?/);
    expect(() => new PoissonEncoder({ time: 10, max_prob: 1 } as never)).toThrow(/PoissonEncoder: unknown option max_prob/);
    expect(() => new BernoulliEncoder({ time: 10, max_prob: 1 } as never)).toThrow("BernoulliEncoder: unknown option max_prob; did you mean maxProb?");
    expect(() => poisson(tensor([1, 2]), 10, { dt: 1, aprox: true } as never)).toThrow("poisson: unknown option aprox; did you mean approx?");
    expect(() => new DataLoader([1, 2, 3], { batch_size: 2 } as never)).toThrow("DataLoader: unknown option batch_size; did you mean batchSize?");
    expect(() => new MNIST({ root: dir, image_encoder: null } as never)).toThrow("MNIST: unknown option image_encoder; did you mean imageEncoder?");
  });
});

describe("defect 5: loadNetwork checks the manifest's sizes against the file", () => {
  function smallNet(): Uint8Array {
    const n = new Network();
    n.addLayer(new Input({ n: 3 }), "X").addLayer(new LIFNodes({ n: 2 }), "Y");
    n.addConnection(new Connection({ source: n.layers.X!, target: n.layers.Y! }), "X", "Y");
    return serializeNetwork(n);
  }
  /** The same file with its manifest edited by `edit`. */
  function withManifest(bytes: Uint8Array, edit: (m: { layers: { options: { $object: Record<string, unknown> } }[] }) => void): Uint8Array {
    const f = decodeSafetensors(bytes);
    const m = JSON.parse(f.metadata.manifest!);
    edit(m);
    return encodeSafetensors([...f.tensors], { ...f.metadata, manifest: JSON.stringify(m) });
  }

  it("a few-KB file claiming a 4e8-neuron layer fails before allocating", () => {
    const bytes = withManifest(smallNet(), (m) => {
      m.layers[1]!.options.$object.n = 4e8;
    });
    expect(bytes.length).toBeLessThan(8000);
    const before = process.memoryUsage().arrayBuffers;
    const e = thrown(() => deserializeNetwork(bytes, { Network }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/loadNetwork: buffer: layer "Y" claims 400000000 elements, expected at most \d+ for a file of this size/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64e6);
  });

  it("a dense connection between claimed-large layers is refused too; the unedited file loads", () => {
    const bytes = withManifest(smallNet(), (m) => {
      m.layers[0]!.options.$object.n = 20000;
      m.layers[1]!.options.$object.n = 20000;
    });
    expect(() => deserializeNetwork(bytes, { Network })).toThrow(/claims \d+ elements/);
    const ok = deserializeNetwork<Network>(smallNet(), { Network });
    expect(ok.layers.Y!.n).toBe(2);
  });

  it("decodeSafetensors checks a tensor's size against its bytes before allocating", () => {
    const good = encodeSafetensors([["w", zeros([2, 2])]]);
    const hdr = JSON.stringify({ w: { dtype: "F32", shape: [400000000], data_offsets: [0, 16] } });
    const pad = " ".repeat((8 - (hdr.length % 8)) % 8);
    const h = new TextEncoder().encode(hdr + pad);
    const bad = new Uint8Array(8 + h.length + 16);
    new DataView(bad.buffer).setBigUint64(0, BigInt(h.length), true);
    bad.set(h, 8);
    expect(good.length).toBeGreaterThan(16);
    expect(() => decodeSafetensors(bad)).toThrow('decodeSafetensors: buffer tensor "w" has data_offsets [0, 16], expected 1600000000 bytes within 16');
  });
});

describe("defect 8: NaN, Infinity and nonsense numbers are refused at the door", () => {
  it("nu [NaN, NaN], norm Infinity, NaN bounds, wmin > wmax", () => {
    expect(() => new Connection({ source: X(), target: Y(), updateRule: PostPre, nu: [NaN, NaN] })).toThrow("Connection: nu is [NaN, NaN], expected finite learning rates");
    expect(() => new Connection({ source: X(), target: Y(), norm: Infinity })).toThrow(/Connection: norm is Infinity, expected a finite number/);
    expect(() => new Connection({ source: X(), target: Y(), wmin: NaN })).toThrow(/Connection: wmin is NaN/);
    expect(() => new Connection({ source: X(), target: Y(), wmax: tensor([[0, NaN], [1, 1], [1, 1]]) })).toThrow(/Connection: wmax has NaN at flat index 1/);
    expect(() => new Connection({ source: X(), target: Y(), wmin: 1, wmax: 0 })).toThrow("Connection: wmin is 1 and wmax is 0, expected wmin <= wmax");
    expect(() => new Connection({ source: X(), target: Y(), weightDecay: NaN })).toThrow(/weightDecay is NaN, expected a finite number/);
  });

  it("thresh NaN, tcDecay -10, refrac -1, NaN in a parameter tensor", () => {
    expect(() => new LIFNodes({ n: 2, thresh: NaN })).toThrow("LIFNodes: thresh is NaN, expected a finite number");
    expect(() => new LIFNodes({ n: 2, tcDecay: -10 })).toThrow("LIFNodes: tcDecay is -10, expected a positive finite number");
    expect(() => new LIFNodes({ n: 2, refrac: -1 })).toThrow("LIFNodes: refrac is -1, expected a non-negative finite number");
    expect(() => new LIFNodes({ n: 2, thresh: tensor([-52, Infinity]) })).toThrow("LIFNodes: thresh has Infinity at flat index 1, expected a finite number everywhere");
    expect(() => new LIFNodes({ n: 2, tcTrace: 0 })).toThrow(/tcTrace is 0, expected a positive finite number/);
  });

  it("the valid neighbours still work, and a learning run keeps finite weights", () => {
    const net = new Network();
    net.addLayer(X(), "X").addLayer(Y(), "Y");
    net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule: PostPre, nu: [1e-2, 1e-2], wmin: 0, wmax: 1, norm: 1 }), "X", "Y");
    net.run({ inputs: { X: tensor(Array.from({ length: 20 }, (_, t) => [t % 2, 1, 0]), { dtype: "bool" }) }, time: 20 });
    const w = Array.from(net.connections.get("X", "Y")!.w.contiguousData());
    expect(w.every(Number.isFinite)).toBe(true);
  });
});

describe("defect 9: a layer belongs to one network, once", () => {
  it("adding one layer object twice, or to a second network, is an error", () => {
    const l = Y();
    const a = new Network();
    a.addLayer(l, "A");
    expect(() => a.addLayer(l, "B")).toThrow('Network.addLayer: layer is already in this network as "A", expected a layer object not yet added (it would step twice per step)');
    const b = new Network({ dt: 0.5 });
    expect(() => b.addLayer(l, "A")).toThrow(/layer already belongs to another network/);
    expect(l.dt).toBe(1);
  });

  it('layer names "constructor", "__proto__" and "toString" are ordinary names', () => {
    const net = new Network();
    const c = X();
    const p = Y();
    net.addLayer(c, "constructor").addLayer(p, "__proto__").addLayer(new Input({ n: 1 }), "toString");
    expect(net.layers.constructor).toBe(c);
    expect(net.layers["__proto__"]).toBe(p);
    expect(net.layerNames()).toEqual(["constructor", "__proto__", "toString"]);
    net.addConnection(new Connection({ source: c, target: p }), "constructor", "__proto__");
    expect(() => net.addConnection(new Connection({ source: c, target: p }), "hasOwnProperty", "__proto__")).toThrow(/source "hasOwnProperty" is not a layer/);
    net.run({ inputs: { constructor: tensor([[1, 1, 1]], { dtype: "bool" }) }, time: 1 });
  });
});

describe("defect 10: a gzipped IDX file is checked before it is inflated", () => {
  it("a .gz of zeros is rejected after inflating its first bytes", () => {
    const root = join(dir, "zeros");
    const gz = gzipSync(new Uint8Array(64e6));
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "train-images-idx3-ubyte.gz"), gz);
    writeFileSync(join(root, "train-labels-idx1-ubyte.gz"), gz);
    expect(gz.length).toBeLessThan(100e3);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => new MNIST({ root })).toThrow(/has magic number 0x00000000, expected an IDX magic number/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16e6);
  });

  it("a valid header is followed by an inflate bounded by the size it declares", () => {
    const head = new Uint8Array(64e6);
    head.set([0, 0, 8, 1, 0, 0, 0, 10]);
    const p = join(dir, "big.gz");
    writeFileSync(p, gzipSync(head));
    expect(() => readIdxFile(p)).toThrow(/inflates to more than the 18 bytes its header declares/);
    const ok = new Uint8Array(18);
    ok.set([0, 0, 8, 1, 0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    writeFileSync(p, gzipSync(ok));
    expect(Array.from(readIdxFile(p).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("parseWav checks the sample format before allocating the samples", () => {
    const w = new Uint8Array(44);
    const v = new DataView(w.buffer);
    w.set(new TextEncoder().encode("RIFF"), 0);
    w.set(new TextEncoder().encode("WAVEfmt "), 8);
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);
    v.setUint16(22, 1, true);
    v.setUint32(24, 8000, true);
    v.setUint16(34, 0, true); // 0 bits per sample: n = size / 0
    w.set(new TextEncoder().encode("data"), 36);
    v.setUint32(40, 0, true);
    expect(() => parseWav(w)).toThrow("parseWav: bytes has format 1 with 0 bits, expected PCM (1) 8/16/24/32-bit or float (3) 32/64-bit");
  });
});

describe("rand, short messages, normalisation", () => {
  it("rand(100, 1000) is an error pointing at rand([100, 1000])", () => {
    expect(() => rand(100, 1000 as never)).toThrow("rand: options are 1000, expected an object { generator?, dtype? } (a shape of several dims is one array: rand([a, b]))");
    expect(rand([100, 1000]).shape).toEqual([100, 1000]);
    expect(() => zeros([2], 3 as never)).toThrow(/zeros: options are 3/);
  });

  it("messages are short: no JSON dump of an options object, no class source", () => {
    const big = { a: "x".repeat(5000), b: Array.from({ length: 1000 }, (_, i) => i), c: { d: { e: 1 } } };
    const cases = [
      () => new Connection({ source: X(), target: big } as never),
      () => new Connection({ source: X(), target: Y(), updateRule: big } as never),
      () => new LIFNodes({ n: 2, thresh: big } as never),
      () => new Network({ rewardFn: big } as never),
      () => new Monitor({ obj: big, stateVars: [big] } as never),
      () => new Connection({ source: X(), target: Y(), updateRule: class Huge { x = "y".repeat(9000); } } as never).updateRule,
      () => new MeanFieldConnection({ source: X(), target: Y(), updateRule: PostPre }),
    ];
    for (const f of cases) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(BindsNetError);
      expect(e.message.length).toBeLessThanOrEqual(200);
      expect(e.message).not.toMatch(/x{60}|y{60}|"a":|\{\s*x = /);
    }
  });

  it("a per-column norm tensor divides norm_j / colsum_j, as torch's tensor / tensor", () => {
    const c = new Connection({ source: new Input({ n: 2 }), target: new LIFNodes({ n: 2 }), w: tensor([[1, 0], [2, 0]]), norm: tensor([5, 5]) });
    c.normalize();
    const f = Math.fround(5 / 3); // 1.6666666 (the reciprocal-then-multiply gives 1.6666667)
    expect(f).not.toBe(Math.fround(Math.fround(1 / 3) * 5));
    expect(Array.from(c.w.contiguousData())).toEqual([Math.fround(1 * f), 0, Math.fround(2 * f), 0]);
    // a number norm keeps torch's number / tensor = reciprocal(tensor) · number (parity)
    const d = new Connection({ source: new Input({ n: 2 }), target: new LIFNodes({ n: 2 }), w: tensor([[1, 0], [2, 0]]), norm: 5 });
    d.normalize();
    expect(d.w.contiguousData()[0]).toBe(Math.fround(Math.fround(1 / 3) * 5));
    expect(() => new Connection({ source: new Input({ n: 2 }), target: new LIFNodes({ n: 2 }), norm: tensor([1, 2, 3]) })).toThrow(
      "Connection: norm has shape [3], expected a number or [target.n=2] (one norm per column)",
    );
  });

  it("MeanFieldConnection takes one weight per target neuron, as BindsNET's broadcasting does", () => {
    const c = new MeanFieldConnection({ source: new Input({ n: 4 }), target: new LIFNodes({ n: 3 }), w: tensor([1, -2, 0.5]) });
    const out = c.compute(tensor([[1, 0, 1, 1]], { dtype: "bool" }));
    expect(out.shape).toEqual([1, 3]);
    expect(Array.from(out.contiguousData())).toEqual([0.75, -1.5, 0.375]);
    c.norm = 2;
    c.normalize();
    expect(Array.from(c.w.contiguousData())).toEqual([2, -2, 2]);
    expect(() => new MeanFieldConnection({ source: new Input({ n: 4 }), target: new LIFNodes({ n: 3 }), w: tensor([1, 2]) })).toThrow(
      "MeanFieldConnection: w has shape [2], expected a single weight or [target.n=3] (one per target neuron)",
    );
    expect(() => new MeanFieldConnection({ source: new Input({ n: 4 }), target: new LIFNodes({ n: 3 }), w: NaN })).toThrow("MeanFieldConnection: w is NaN, expected a finite number");
  });

  it("IzhikevichNodes refuses a size whose n×n coupling matrix cannot exist", () => {
    expect(() => new IzhikevichNodes({ n: 2 ** 20 })).toThrow(/IzhikevichNodes: n is 1048576/);
    expect(new Tensor(new Float32Array(1), [1], "float32").numel()).toBe(1);
  });
});
