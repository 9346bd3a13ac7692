export { AbstractConnection, type AbstractConnectionOptions, type UpdateOptions } from "./abstract-connection.js";
export { Connection, type ConnectionOptions } from "./connection.js";
