/**
 * `bindsnet/datasets`: data sets wrapped with spike encoders, batching and collation. This
 * entry is the browser-safe part: parsers from bytes (`parseIdx`, `parseCifarBatch`, ...),
 * `EncodedDataset`, collation and the DataLoader. The classes that read folders (`MNIST`,
 * `FashionMNIST`, `CIFAR10`, `SpokenMNIST`, `Davis`, `ALOV300`) use Node's fs and live in
 * `./node.ts`, which Node gets for `bindsnet/datasets` (the "node" export condition) and
 * which `bindsnet/node` re-exports.
 */
export * from "./idx.js";
export * from "./idx-source.js";
export * from "./cifar-parse.js";
export * from "./dataset.js";
export * from "./collate.js";
export * from "./dataloader.js";
export * from "./audio.js";
