/** Renders one figure of every plot type into a folder (default /tmp/plots) for eyeballing: `npx tsx scripts/demo-plots.ts [dir]`. */
import { plotAssignments, plotConv2dWeights, plotInput, plotLocalConnection2dWeights, plotLocallyConnectedWeights, plotPerformance, plotSpikes, plotVoltages, plotWeights } from "../src/analysis/index.js";
import { manualSeed, rand, zeros } from "../src/tensor/index.js";
import { getSquareAssignments, getSquareWeights } from "../src/utils/index.js";

const dir = process.argv[2] ?? "/tmp/plots";
manualSeed(0);
const T = 100;
const s = rand([T, 1, 100]);
const sp = zeros([T, 1, 100], { dtype: "bool" });
for (let i = 0; i < s.numel(); i++) sp.data[i] = s.data[i]! < 0.05 ? 1 : 0;
const inp = rand([T, 1, 784]);
const ip = zeros([T, 1, 784], { dtype: "bool" });
for (let i = 0; i < inp.numel(); i++) ip.data[i] = inp.data[i]! < 0.02 ? 1 : 0;
plotSpikes({ X: ip, Ae: sp }, { file: `${dir}/spikes.png` });
const v = zeros([T, 1, 10]);
for (let t = 0; t < T; t++) for (let n = 0; n < 10; n++) v.data[t * 10 + n] = -65 + ((t * (n + 1)) % 13);
plotVoltages({ Ae: v }, { file: `${dir}/voltages.png` });
plotVoltages({ Ae: v, Ai: v }, { file: `${dir}/voltages-line.png`, plotType: "line", thresholds: { Ae: -52 } });
const w = rand([784, 100]);
plotWeights(getSquareWeights(w, 10, 28), { file: `${dir}/weights.png` });
plotConv2dWeights(rand([16, 1, 5, 5]), { file: `${dir}/conv.png` });
const a = zeros([100], { dtype: "int32" });
for (let i = 0; i < 100; i++) a.data[i] = (i % 11) - 1;
plotAssignments(getSquareAssignments(a, 10), { file: `${dir}/assignments.png` });
plotPerformance({ all: [10, 40, 60, 75, 80, 82], proportion: [12, 45, 65, 78, 83, 85] }, { xScale: 250, file: `${dir}/performance.png` });
const img = zeros([28, 28]);
for (let r = 8; r < 20; r++) for (let c = 12; c < 16; c++) img.set(1, r, c);
plotInput(img, img.mul(3), { label: 1, file: `${dir}/input.png` });
// legacy LC: 28x28 input, kernel 12, stride 4 → conv 5x5, 9 filters
const k = 12, c = 5, F = 9;
const loc = zeros([k * k, c * c], { dtype: "int32" });
for (let n1 = 0; n1 < c; n1++) for (let n2 = 0; n2 < c; n2++) for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) loc.set((n1 * 4 + y) * 28 + n2 * 4 + x, y * k + x, n1 * c + n2);
plotLocallyConnectedWeights(rand([784, F * c * c]), F, k, c, loc, 28, { file: `${dir}/lc.png` });
plotLocalConnection2dWeights({ w: rand([1, F * c * c, k * k]), nFilters: F, kernelSize: [k, k], convSize: [c, c] }, { file: `${dir}/lc2d.png` });
plotWeights(getSquareWeights(w, 10, 28), { file: `${dir}/weights.svg` });
console.log("written to", dir);
