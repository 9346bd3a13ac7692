/**
 * A deliberately tiny stand-in simulator (Input, LIFNodes, dense Connection with NoOp and
 * weight decay, Network with the reference's step order and one_step) written straight from
 * check_traces.py, so the runner's driving, recording and comparison can be tested whatever
 * state the real library is in. float32 throughout via Math.fround; decays with
 * Math.fround(Math.exp) (the README notes these scenarios' constants agree with SLEEF's).
 */
import { Tensor } from "../../../src/tensor/tensor.js";
import { zeros, full } from "../../../src/tensor/creation.js";

const f = Math.fround;
type O = Record<string, unknown>;

class MockNodes {
  n: number;
  shape: number[];
  s!: Tensor;
  batchSize = 1;
  constructor(o: O) {
    this.shape = (o.shape as number[] | undefined) ?? [o.n as number];
    this.n = this.shape.reduce((a, b) => a * b, 1);
  }
  setBatchSize(b: number): void {
    this.batchSize = b;
    this.s = zeros([b, ...this.shape], { dtype: "bool" });
  }
  resetStateVariables(): void {
    this.s.zero_();
  }
}

export class Input extends MockNodes {
  forward(x: Tensor): void {
    this.s.copy_(x);
  }
}

export class LIFNodes extends MockNodes {
  thresh: number; rest: number; reset: number; refrac: number; tcDecay: number; decay: number;
  v!: Tensor;
  refracCount!: Tensor;
  constructor(o: O) {
    super(o);
    this.thresh = (o.thresh as number) ?? -52;
    this.rest = (o.rest as number) ?? -65;
    this.reset = (o.reset as number) ?? -65;
    this.refrac = (o.refrac as number) ?? 5;
    this.tcDecay = (o.tcDecay as number) ?? 100;
    this.decay = f(Math.exp(f(f(-1) / f(this.tcDecay))));
  }
  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = full([b, ...this.shape], this.rest);
    this.refracCount = zeros([b, ...this.shape]);
  }
  override resetStateVariables(): void {
    super.resetStateVariables();
    this.v.fill_(this.rest);
    this.refracCount.zero_();
  }
  forward(x: Tensor): void {
    const v = this.v.data, r = this.refracCount.data, s = this.s.data, xi = x.contiguousData();
    for (let i = 0; i < v.length; i++) {
      v[i] = f(f(this.decay * f(v[i] - this.rest)) + this.rest);
      const xin = r[i] > 0 ? 0 : xi[i];
      r[i] = f(r[i] - 1);
      v[i] = f(v[i] + xin);
      s[i] = v[i] >= this.thresh ? 1 : 0;
      if (s[i]) {
        r[i] = this.refrac;
        v[i] = this.reset;
      }
    }
  }
}

export class Connection {
  source: MockNodes; target: MockNodes; w: Tensor; weightDecay: number;
  constructor(o: O) {
    this.source = o.source as MockNodes;
    this.target = o.target as MockNodes;
    this.w = (o.w as Tensor).clone();
    this.weightDecay = (o.weightDecay as number) ?? 0;
  }
  /** s @ w summed over pre in increasing order (mm_seq) */
  compute(s: Tensor): Float32Array {
    const nPre = this.source.n, nPost = this.target.n, w = this.w.data, sd = s.contiguousData();
    const out = new Float32Array(nPost);
    for (let k = 0; k < nPre; k++) {
      const sk = sd[k] ? 1 : 0;
      for (let j = 0; j < nPost; j++) out[j] = f(out[j] + f(sk * w[k * nPost + j]));
    }
    return out;
  }
  update(learning: boolean): void {
    if (!learning || !this.weightDecay) return;
    const w = this.w.data, fac = f(1 - this.weightDecay);
    for (let i = 0; i < w.length; i++) w[i] = f(w[i] * fac);
  }
}

export class Network {
  layers: Record<string, MockNodes & { forward(x: Tensor): void }> = {};
  private conns: [string, string, Connection][] = [];
  private monitors: { record(): void }[] = [];
  dt: number; learning: boolean;
  connections = { get: (s: string, t: string) => this.conns.find((c) => c[0] === s && c[1] === t)?.[2] as unknown as O | undefined };
  constructor(o: O) {
    this.dt = (o.dt as number) ?? 1;
    this.learning = (o.learning as boolean) ?? true;
  }
  addLayer(l: MockNodes & { forward(x: Tensor): void }, name: string): void {
    this.layers[name] = l;
    l.setBatchSize(1);
  }
  addConnection(c: Connection, s: string, t: string): void {
    this.conns.push([s, t, c]);
  }
  addMonitor(m: { record(): void }): void {
    this.monitors.push(m);
  }
  resetStateVariables(): void {
    for (const l of Object.values(this.layers)) l.resetStateVariables();
  }
  private inputsInto(name: string, acc: Float32Array): void {
    for (const [src, tgt, c] of this.conns) {
      if (tgt !== name) continue;
      const add = c.compute(this.layers[src].s);
      for (let j = 0; j < acc.length; j++) acc[j] = f(acc[j] + add[j]);
    }
  }
  run(o: O): void {
    const inputs = (o.inputs ?? {}) as Record<string, Tensor>;
    const steps = Math.trunc((o.time as number) / this.dt);
    for (let t = 0; t < steps; t++) {
      const cur: Record<string, Float32Array> = {};
      if (!o.oneStep) for (const name of Object.keys(this.layers)) this.inputsInto(name, (cur[name] = new Float32Array(this.layers[name].n)));
      for (const [name, l] of Object.entries(this.layers)) {
        if (o.oneStep) this.inputsInto(name, (cur[name] = new Float32Array(l.n)));
        const x = cur[name];
        const ext = inputs[name];
        if (ext) {
          const row = ext.select(0, t).contiguousData();
          for (let j = 0; j < x.length; j++) x[j] = f(x[j] + Number(row[j]));
        }
        l.forward(new Tensor(x, [1, ...l.shape], "float32"));
      }
      for (const [, , c] of this.conns) c.update(this.learning);
      for (const m of this.monitors) m.record();
    }
  }
}
