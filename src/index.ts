/**
 * bindsnet: spiking neural networks with local learning rules, for Node.js and the browser.
 * The module map mirrors BindsNET's: tensor, backend, network, learning, encoding, datasets,
 * preprocessing, evaluation, models, pipeline, environment, analysis, conversion, utils.
 */
export * from "./errors.js";
export * from "./tensor/index.js";
export { getBackend, setBackend, registerBackend, listBackends, type Backend } from "./backend/index.js";
