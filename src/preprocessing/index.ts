/**
 * `bindsnet/preprocessing`: image transforms (the reference's `datasets/preprocess.py` and
 * torchvision's basics), the GOTURN bounding-box helpers used by ALOV300, and
 * `AbstractPreprocessor` (cached processing of a file). The transforms are pure and run in a
 * browser; `AbstractPreprocessor` uses Node's fs.
 */
export * from "./image.js";
export * from "./bounding-box.js";
export { AbstractPreprocessor, type PreprocessorCache } from "./preprocessor.js";
