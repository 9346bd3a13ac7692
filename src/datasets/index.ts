/**
 * `bindsnet/datasets`: data sets wrapped with spike encoders, batching and collation.
 * Parsers (`idx`, `cifar-parse`, `dataset`, `collate`) are pure and run in a browser; the
 * classes that read folders (`MNIST`, `FashionMNIST`, `CIFAR10`, ...) use Node's fs.
 */
export * from "./idx.js";
export * from "./idx-source.js";
export * from "./cifar-parse.js";
export * from "./dataset.js";
export * from "./collate.js";
export * from "./dataloader.js";
export { DatasetNotFoundError, readBytes, readIdxFile, findFile, loadIdxSplit } from "./fs.js";
export { MNIST, type MNISTOptions, mnistDataFolder } from "./mnist.js";
export { FashionMNIST, type FashionMNISTOptions, FASHION_MNIST_DEBIAN_ROOT } from "./fashion-mnist.js";
export { CIFAR10, CIFAR100, type CIFAROptions, type CIFAR100Options } from "./cifar.js";
export * from "./audio.js";
export { SpokenMNIST, type SpokenMNISTOptions, type SpokenMNISTItem, FSDD_SPEAKERS } from "./spoken-mnist.js";
export { Davis, type DavisOptions, type DavisItem, DAVIS_TASKS, DAVIS_SUBSETS, DAVIS_RESOLUTIONS } from "./davis.js";
export { ALOV300, type ALOV300Options, type ALOVPair, type ALOVSample, type Box, parseAlovAnnotation } from "./alov300.js";
