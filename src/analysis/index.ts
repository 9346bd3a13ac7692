/**
 * BindsNET's `bindsnet.analysis` (the subpath `bindsnet/analysis`, not re-exported from the
 * root): matplotlib-style figures as SVG strings, PNG bytes or files.
 *
 * Every plot function returns the SVG document (or, with `format: "png"`, PNG bytes) and,
 * given `file: "x.svg" | "x.png"`, also writes it. Building the SVG is pure and runs in a
 * browser; PNG output and files need Node (see `output.ts`).
 */
export { plotInput, type PlotInputOptions } from "./input.js";
export { plotSpikes, plotVoltages, type PlotSpikesOptions, type PlotVoltagesOptions } from "./activity.js";
export {
  plotWeights,
  plotConv2dWeights,
  plotLocallyConnectedWeights,
  plotLocalConnection2dWeights,
  plotAssignments,
  type PlotWeightsOptions,
  type PlotConv2dWeightsOptions,
  type PlotLocallyConnectedWeightsOptions,
  type PlotLocalConnection2dWeightsOptions,
  type PlotAssignmentsOptions,
  type LocalConnection2dLike,
} from "./weights.js";
export { plotPerformance, type PlotPerformanceOptions } from "./performance.js";
export {
  plotSpikeTrainsForExample,
  plotVoltage,
  summary,
  type PlotSpikeTrainsOptions,
  type PlotVoltageOptions,
  type NetworkLike,
} from "./visualization.js";
export { PipelineAnalyzer, FileAnalyzer, type FileAnalyzerOptions, type TagStep, rollingMean } from "./pipeline-analysis.js";
export { type OutputOptions, svgToPng, nextVersionName } from "./output.js";
export { type PlotResult, type FigSize } from "./common.js";
export { type Colormap, type RGB, getColormap, mapColor, COLORMAP_NAMES } from "./colormaps.js";
export { niceTicks, formatTicks } from "./ticks.js";
export { Figure, Axes, colorbar, type Rect, type TickSpec, type LineStyle } from "./figure.js";
export { heatmapImage, encodePng, type RgbaImage, type CellScale } from "./raster.js";
