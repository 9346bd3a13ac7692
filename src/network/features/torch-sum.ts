/**
 * A streaming, sparse-aware form of `tsum0` (torch.sum(m, 0) in torch's CPU summation order,
 * src/backend/numerics.ts) for the multicompartment connection's sum over presynaptic neurons.
 *
 * torch's reduction adds the rows of an [R, C] matrix in increasing row order into a fixed tree
 * of float32 accumulators (4-way interleaved lanes, a cascade of levels folded every 16 rows,
 * 8-wide vector lanes for a single column). Every row lands in an accumulator that depends only
 * on its index, and adding a zero row changes no accumulator (accumulators start at +0 and so
 * are never -0, and x + (±0) = x for every other x). So rows that are known to be zero (silent
 * presynaptic neurons behind a multiplicative pipeline) can be skipped, and of a stored-sparse
 * row only the stored entries need adding: the result keeps the bits of the dense `tsum0` over
 * the whole materialised matrix, provided the values are finite (0·∞ would be NaN there).
 *
 * Rows must be added in increasing index order; a row may be added in several pieces.
 */

/** torch's multi_row_sum over `size` rows of `width` (rows arriving in order). */
class MultiRowState {
  private readonly power: number;
  private readonly step: number;
  private readonly mask: number;
  private readonly full: number;
  readonly acc: Float32Array[];
  private readonly dirty = [false, false, false, false];
  private nextEnd: number;

  constructor(
    readonly size: number,
    readonly width: number,
  ) {
    let k = 0;
    while (2 ** k < size) k++;
    this.power = Math.max(4, Math.floor(k / 4));
    this.step = 1 << this.power;
    this.mask = this.step - 1;
    this.full = Math.floor(size / this.step) * this.step;
    this.acc = [new Float32Array(width), new Float32Array(width), new Float32Array(width), new Float32Array(width)];
    this.nextEnd = this.step;
  }

  reset(): void {
    for (let j = 0; j < 4; j++) {
      if (this.dirty[j]) this.acc[j]!.fill(0);
      this.dirty[j] = false;
    }
    this.nextEnd = this.step;
  }

  /** Processes the cascade folds of every full chunk that ends at or before row `q`. */
  advance(q: number): void {
    while (this.nextEnd <= q && this.nextEnd <= this.full) {
      const e = this.nextEnd;
      for (let j = 1; j < 4; j++) {
        if (this.dirty[j - 1]) {
          const aj = this.acc[j]!;
          const ap = this.acc[j - 1]!;
          for (let k = 0; k < this.width; k++) aj[k] = aj[k]! + ap[k]!;
          ap.fill(0);
          this.dirty[j - 1] = false;
          this.dirty[j] = true;
        }
        if (e & (this.mask << (j * this.power))) break;
      }
      this.nextEnd += this.step;
    }
  }

  /** Prepares row q for direct writes into acc[0] (see BlockState.prepare). */
  prepare(q: number): Float32Array {
    if (q >= this.nextEnd) this.advance(q);
    this.dirty[0] = true;
    return this.acc[0]!;
  }

  /** acc0[pos + k] += vals[off + k] for k < len, as row `q`. */
  add(q: number, pos: number, vals: ArrayLike<number>, off: number, len: number): void {
    if (q >= this.nextEnd) this.advance(q);
    const a0 = this.acc[0]!;
    for (let k = 0; k < len; k++) a0[pos + k] = a0[pos + k]! + vals[off + k]!;
    this.dirty[0] = true;
  }

  /** The final level-0 accumulator (after the last folds and level 0 += 1, 2, 3). */
  finish(): Float32Array {
    this.advance(this.full);
    const a0 = this.acc[0]!;
    for (let j = 1; j < 4; j++) {
      if (!this.dirty[j]) continue;
      const aj = this.acc[j]!;
      for (let k = 0; k < this.width; k++) a0[k] = a0[k]! + aj[k]!;
    }
    this.dirty[0] = true;
    return a0;
  }
}

interface BlockState {
  reset(): void;
  /**
   * Readies row i for direct accumulation: returns the accumulator array; `this.off` is the
   * offset of the block's first column in it. (Not for the one-column AllSumState.)
   */
  prepare(i: number): Float32Array;
  off: number;
  add(i: number, pos: number, vals: ArrayLike<number>, off: number, len: number): void;
  finish(out: Float32Array, outOff: number): void;
}

/** torch's row_sum: row i to lane i % 4 (for i < 4·⌊R/4⌋), leftovers to lane 0, lanes combined. */
class RowSumState implements BlockState {
  private readonly n4: number;
  private readonly multi: MultiRowState | null;
  private lanes: Float32Array;
  private readonly own: Float32Array;
  private multiDone: boolean;

  constructor(
    readonly size: number,
    readonly width: number,
  ) {
    this.n4 = Math.floor(size / 4);
    this.multi = this.n4 > 0 ? new MultiRowState(this.n4, 4 * width) : null;
    this.own = new Float32Array(4 * width);
    this.lanes = this.own;
    this.multiDone = this.multi === null;
  }

  reset(): void {
    this.multi?.reset();
    this.own.fill(0);
    this.lanes = this.own;
    this.multiDone = this.multi === null;
  }

  private doneMulti(): void {
    if (!this.multiDone) {
      this.lanes = this.multi!.finish();
      this.multiDone = true;
    }
  }

  off = 0;

  prepare(i: number): Float32Array {
    if (i < 4 * this.n4) {
      this.off = (i & 3) * this.width;
      return this.multi!.prepare(i >> 2);
    }
    this.doneMulti();
    this.off = 0;
    return this.lanes;
  }

  add(i: number, pos: number, vals: ArrayLike<number>, off: number, len: number): void {
    if (i < 4 * this.n4) {
      this.multi!.add(i >> 2, (i & 3) * this.width + pos, vals, off, len);
      return;
    }
    this.doneMulti();
    const l = this.lanes;
    for (let k = 0; k < len; k++) l[pos + k] = l[pos + k]! + vals[off + k]!;
  }

  finish(out: Float32Array, outOff: number): void {
    this.doneMulti();
    const l = this.lanes;
    const w = this.width;
    const f = Math.fround;
    for (let k = 0; k < w; k++) out[outOff + k] = f(f(f(l[k]! + l[w + k]!) + l[2 * w + k]!) + l[3 * w + k]!);
  }
}

/** torch.sum of one contiguous vector of R elements (the one-column case). */
class AllSumState implements BlockState {
  private readonly nv: number;
  private readonly vec: RowSumState;
  private tail = 0;
  private readonly lane8 = new Float32Array(8);

  constructor(readonly size: number) {
    this.nv = size >= 8 ? Math.floor(size / 8) : 0;
    this.vec = size >= 8 ? new RowSumState(this.nv, 8) : new RowSumState(size, 1);
  }

  off = 0;

  reset(): void {
    this.vec.reset();
    this.tail = 0;
  }

  prepare(): Float32Array {
    throw new Error("AllSumState.prepare: one-column sums take add()");
  }

  add(i: number, _pos: number, vals: ArrayLike<number>, off: number, len: number): void {
    // one column: every piece is a single element
    for (let k = 0; k < len; k++) {
      const v = vals[off + k]!;
      if (this.size < 8) this.vec.add(i, 0, vals, off + k, 1);
      else if (i < this.nv * 8) this.vec.add(i >> 3, i & 7, vals, off + k, 1);
      else this.tail = Math.fround(this.tail + v);
    }
  }

  finish(out: Float32Array, outOff: number): void {
    if (this.size < 8) {
      this.vec.finish(out, outOff);
      return;
    }
    this.vec.finish(this.lane8, 0);
    let acc = this.tail;
    for (let k = 0; k < 8; k++) acc = Math.fround(acc + this.lane8[k]!);
    out[outOff] = acc;
  }
}

/**
 * The column sums of an [rows, cols] float32 matrix given row by row, equal bit for bit to
 * `tsum0(m, rows, cols)` where skipped rows and absent entries are zero.
 */
export class TorchColumnSum {
  private readonly blocks: { j0: number; w: number; state: BlockState }[] = [];
  private readonly blockOf: Int32Array;
  private arrs: Float32Array[] = [];
  private base = new Int32Array(0);

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.blockOf = new Int32Array(cols);
    const push = (j0: number, w: number, state: BlockState): void => {
      for (let k = 0; k < w; k++) this.blockOf[j0 + k] = this.blocks.length;
      this.blocks.push({ j0, w, state });
    };
    if (cols === 1) push(0, 1, new AllSumState(rows));
    else {
      let j = 0;
      if (cols >= 8) {
        for (; j + 32 <= cols; j += 32) push(j, 32, new MultiBlock(rows, 32));
        for (; j + 8 <= cols; j += 8) push(j, 8, new RowSumState(rows, 8));
      } else {
        for (; j + 3 < cols; j += 4) push(j, 4, new MultiBlock(rows, 4));
      }
      for (; j < cols; j++) push(j, 1, new RowSumState(rows, 1));
    }
    this.arrs = new Array<Float32Array>(this.blocks.length);
    this.base = new Int32Array(this.blocks.length);
    this.reset();
  }

  /** Starts a new sum (all accumulators zero). */
  reset(): void {
    for (const b of this.blocks) b.state.reset();
  }

  /** Adds the dense row `i` (`row[off .. off + cols)`). */
  addRow(i: number, row: ArrayLike<number>, off = 0): void {
    if (this.cols === 1) {
      this.blocks[0]!.state.add(i, 0, row, off, 1);
      return;
    }
    for (const b of this.blocks) {
      const st = b.state;
      const acc = st.prepare(i);
      const o = st.off;
      const r = off + b.j0;
      for (let k = 0; k < b.w; k++) acc[o + k] = acc[o + k]! + row[r + k]!;
    }
  }

  /** Adds the entries `vals[p]` at columns `colIdx[p]` (p in [p0, p1)) of row `i`. */
  addSparse(i: number, colIdx: ArrayLike<number>, vals: ArrayLike<number>, p0: number, p1: number): void {
    if (p1 <= p0) return;
    if (this.cols === 1) {
      const st = this.blocks[0]!.state;
      for (let p = p0; p < p1; p++) st.add(i, 0, vals, p, 1);
      return;
    }
    const nb = this.blocks.length;
    const arrs = this.arrs;
    const base = this.base;
    for (let k = 0; k < nb; k++) {
      const b = this.blocks[k]!;
      arrs[k] = b.state.prepare(i);
      base[k] = b.state.off - b.j0;
    }
    const bo = this.blockOf;
    for (let p = p0; p < p1; p++) {
      const j = colIdx[p]!;
      const k = bo[j]!;
      const a = arrs[k]!;
      const e = base[k]! + j;
      a[e] = a[e]! + vals[p]!;
    }
  }

  /** Writes the column sums to `out[off .. off + cols)`. */
  finish(out: Float32Array, off = 0): void {
    for (const b of this.blocks) b.state.finish(out, off + b.j0);
  }
}

/** A block of columns summed by the multi-row cascade directly. */
class MultiBlock implements BlockState {
  private readonly m: MultiRowState;
  constructor(rows: number, width: number) {
    this.m = new MultiRowState(rows, width);
  }
  off = 0;
  reset(): void {
    this.m.reset();
  }
  prepare(i: number): Float32Array {
    return this.m.prepare(i);
  }
  add(i: number, pos: number, vals: ArrayLike<number>, off: number, len: number): void {
    this.m.add(i, pos, vals, off, len);
  }
  finish(out: Float32Array, outOff: number): void {
    out.set(this.m.finish(), outOff);
  }
}
