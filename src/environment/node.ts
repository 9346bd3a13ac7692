/** `bindsnet/environment` plus its Node-only part (a node:fs writer for DotSimulator's CSV output). */
export * from "./index.js";
export { csvFileWriter } from "./dot-file-writer.js";
