/**
 * Output of the plots: an SVG string, PNG bytes (the SVG rasterised by resvg, a Rust SVG
 * renderer shipped as a prebuilt Node addon in `@resvg/resvg-js`), and files.
 *
 * Node's modules are reached through `process.getBuiltinModule` (Node >= 20.16) at call time,
 * so importing the plotting code never pulls in `node:fs`: in a browser every plot still
 * returns its SVG; only `file`, `format: "png"` and {@link svgToPng} need Node.
 */
import { BindsNetError, ValueError, fmtValue } from "../errors.js";
import { fileSystem, nodeModule } from "../platform.js";

export { nodeModule };

/** Output choices shared by every plot function. */
export interface OutputOptions {
  /**
   * Write the figure here (Node only): `.svg` writes the SVG, `.png` the rasterised figure.
   * Missing folders are created.
   */
  file?: string;
  /** What the function returns: the SVG string (default) or the PNG bytes. */
  format?: "svg" | "png";
  /** Pixels per inch of PNG output (default 100, matplotlib's figure dpi). */
  dpi?: number;
}

interface NodeFs {
  writeFileSync(path: string, data: string | Uint8Array): void;
  mkdirSync(path: string, opts: { recursive: boolean }): unknown;
  existsSync(path: string): boolean;
}
interface NodeModule {
  createRequire(url: string): (id: string) => unknown;
}
interface ResvgModule {
  Resvg: new (svg: string, opts: object) => { render(): { asPng(): Uint8Array } };
}

let resvg: ResvgModule | null = null;

/**
 * Rasterises an SVG figure to PNG bytes at `dpi` (100 = one pixel per SVG unit), using the
 * system's fonts (DejaVu Sans when installed). Node only.
 */
export function svgToPng(svg: string, dpi = 100): Uint8Array {
  if (typeof svg !== "string" || !svg.includes("<svg")) throw new ValueError(`svgToPng: svg is ${fmtValue(typeof svg === "string" ? svg.slice(0, 40) : svg)}, expected an SVG document`);
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new ValueError(`svgToPng: dpi is ${fmtValue(dpi)}, expected a positive number`);
  if (resvg === null) {
    const { createRequire } = nodeModule<NodeModule>("node:module", "svgToPng");
    try {
      resvg = createRequire(import.meta.url)("@resvg/resvg-js") as ResvgModule;
    } catch (e) {
      throw new BindsNetError(`svgToPng: PNG output needs the optional package @resvg/resvg-js, which is not installed (${(e as Error).message.split("\n")[0]}); expected \`npm install @resvg/resvg-js\`, or use the SVG string`);
    }
  }
  const r = new resvg.Resvg(svg, {
    fitTo: { mode: "zoom", value: dpi / 100 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    background: "white",
  });
  return new Uint8Array(r.render().asPng());
}

/** Writes bytes or text to a file, creating its folder (Node only). */
export function writeFile(path: string, data: string | Uint8Array, op: string): void {
  fileSystem(op, "the returned SVG string (or svgToPng's bytes)").writeFile(path, data);
}

/** The file type of a plot's `file` option. */
export function fileKind(op: string, file: string): "svg" | "png" {
  if (typeof file !== "string" || file.length === 0) throw new ValueError(`${op}: file is ${fmtValue(file)}, expected a path ending in .svg or .png`);
  const lower = file.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  throw new ValueError(`${op}: file is ${fmtValue(file)}, expected a path ending in .svg or .png`);
}

/** Applies the output options to a finished SVG: writes the file if asked, returns SVG or PNG. */
export function emit(op: string, svg: string, opts: OutputOptions): string | Uint8Array {
  const format = opts.format ?? "svg";
  if (format !== "svg" && format !== "png") throw new ValueError(`${op}: format is ${fmtValue(format)}, expected "svg" or "png"`);
  const dpi = opts.dpi ?? 100;
  let png: Uint8Array | null = null;
  if (opts.file !== undefined) {
    const kind = fileKind(op, opts.file);
    if (kind === "png") png = svgToPng(svg, dpi);
    writeFile(opts.file, kind === "png" ? png! : svg, op);
  }
  if (format === "png") return png ?? svgToPng(svg, dpi);
  return svg;
}

/** `a.png` → `a.1.png`, `a.1.png` → `a.2.png` (the reference's versioned save names). */
export function nextVersionName(path: string): string {
  const m = /^(.*?)(?:\.(\d+))?(\.[^./\\]+)$/.exec(path);
  if (m === null) return `${path}.1`;
  const [, stem, num, ext] = m;
  return `${stem}.${num === undefined ? 1 : Number(num) + 1}${ext}`;
}

/**
 * The reference's `save=` mode of `plot_weights` / `plot_assignments` / `plot_performance`:
 * writes the figure to the first free versioned name (`a.1.png`, `a.2.png`, ...) and to `save`
 * itself; returns the versioned name. (The reference makes the caller pass back the name it
 * returned; looking for the first free name gives the same sequence without that state.)
 */
export function saveVersioned(op: string, svg: string, save: string, dpi = 100): string {
  const fs = nodeModule<NodeFs>("node:fs", op);
  const kind = fileKind(op, save);
  let name = nextVersionName(save);
  while (fs.existsSync(name)) name = nextVersionName(name);
  const data = kind === "png" ? svgToPng(svg, dpi) : svg;
  writeFile(name, data, op);
  writeFile(save, data, op);
  return name;
}
