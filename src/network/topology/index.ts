export { AbstractConnection, type AbstractConnectionOptions, type UpdateOptions } from "./abstract-connection.js";
export { Connection, type ConnectionOptions } from "./connection.js";
export { SparseConnection, type SparseConnectionOptions } from "./sparse-connection.js";
export { ConvConnection, Conv1dConnection, Conv2dConnection, Conv3dConnection, type ConvConnectionOptions } from "./conv-connection.js";
export { LocalConnection, type LocalConnectionOptions } from "./local-connection.js";
export { LocalConnectionND, LocalConnection1D, LocalConnection2D, LocalConnection3D, type LocalConnectionNDOptions } from "./local-connection-nd.js";
export { MaxPoolConnection, MaxPool1dConnection, MaxPool2dConnection, MaxPool3dConnection, MaxPoo3dConnection, type MaxPoolConnectionOptions } from "./maxpool-connection.js";
export { MeanFieldConnection, type MeanFieldConnectionOptions } from "./mean-field-connection.js";
export { ConvSynapseView, LocalSynapseView, SparseSynapseView } from "./synapse-views.js";
