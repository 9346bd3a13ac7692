/**
 * `bindsnet/datasets` in Node (the "node" export condition; also re-exported by
 * `bindsnet/node`): the browser-safe part (`./index.ts`) plus the classes that read data sets
 * from folders with Node's fs.
 */
export * from "./index.js";
export { DatasetNotFoundError, readBytes, readIdxFile, findFile, loadIdxSplit } from "./fs.js";
export { MNIST, type MNISTOptions, mnistDataFolder } from "./mnist.js";
export { FashionMNIST, type FashionMNISTOptions, FASHION_MNIST_DEBIAN_ROOT } from "./fashion-mnist.js";
export { CIFAR10, CIFAR100, type CIFAROptions, type CIFAR100Options } from "./cifar.js";
export { SpokenMNIST, type SpokenMNISTOptions, type SpokenMNISTItem, FSDD_SPEAKERS } from "./spoken-mnist.js";
export { Davis, type DavisOptions, type DavisItem, DAVIS_TASKS, DAVIS_SUBSETS, DAVIS_RESOLUTIONS } from "./davis.js";
export { ALOV300, type ALOV300Options, type ALOVPair, type ALOVSample, type Box, parseAlovAnnotation } from "./alov300.js";
