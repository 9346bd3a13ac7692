/**
 * Class and function registry for loading saved networks. A file names every layer,
 * connection, feature, rule and monitor class (and every named function it holds, such as a
 * reduction) by its registered name, and `loadNetwork` rebuilds it through these maps.
 *
 * Who registers what (explicit, no import side effects in user code):
 * - this module registers every class and function of the network layer (nodes, topology,
 *   features, the rule base and NoOp, monitors, sparse tensors, the batch reductions);
 * - the learning layer may not be imported from here (layer order), so it exports one table,
 *   `learningClasses` (src/learning/index.ts), and the root entry calls
 *   `registerClasses(learningClasses)` once;
 * - user subclasses call {@link registerClass} (or pass `classes` to `loadNetwork`).
 *
 * A class is saved under its registered name, or its JS name when unregistered; two classes
 * with the same JS name (the MCC rules PostPre, MSTDP, ... and the ordinary ones) are
 * registered under different names ("MCCPostPre"), so both round-trip.
 */
import { ValueError, fmtValue } from "../../errors.js";
import { SparseCSRTensor, SparseCOOTensor } from "../../tensor/sparse.js";
import * as nodes from "../nodes/index.js";
import * as topology from "../topology/index.js";
import * as features from "../features/index.js";
import * as rules from "../learning-rule.js";
import * as monitors from "../monitors.js";

/** Any class (constructor function). */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** Any function that can be saved by name (a reduction, a degradation function, ...). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type AnyFunction = Function;

const registry = new Map<string, AnyClass>();
const names = new Map<AnyClass, string>();
const functions = new Map<string, AnyFunction>();
const functionNames = new Map<AnyFunction, string>();

/**
 * Registers `cls` under `name` (default: its class name) so that files naming it can be
 * loaded. Registering a different class under a taken name is an error; registering the same
 * class again (under any name) is allowed, and the first name is the one files are written with.
 */
export function registerClass(cls: AnyClass, name: string = cls?.name): void {
  if (typeof cls !== "function") throw new ValueError(`registerClass: cls is ${fmtValue(cls)}, expected a class`);
  if (!name) throw new ValueError(`registerClass: name is empty, expected the class name (anonymous class?)`);
  const prev = registry.get(name);
  if (prev && prev !== cls) throw new ValueError(`registerClass: name "${name}" is taken by another class, expected a unique name (pass one as the second argument)`);
  registry.set(name, cls);
  if (!names.has(cls)) names.set(cls, name);
}

/** Registers every class of a `{ name: class }` table (e.g. `learningClasses`) under its key. */
export function registerClasses(table: Readonly<Record<string, AnyClass>>): void {
  if (table === null || typeof table !== "object") throw new ValueError(`registerClasses: table is ${fmtValue(table)}, expected an object { name: class }`);
  for (const [name, cls] of Object.entries(table)) registerClass(cls, name);
}

/** The class registered under `name`, or undefined. */
export function getRegisteredClass(name: string): AnyClass | undefined {
  return registry.get(name);
}

/** The name a class is saved under: its registered name, else its JS name. */
export function classNameOf(cls: AnyClass): string {
  return names.get(cls) ?? cls.name;
}

/** Names of every registered class. */
export function registeredClassNames(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Registers a function (e.g. a custom reduction or degradation function) so that a saved
 * option or field holding it is restored on load. Names must be unique.
 */
export function registerFunction(fn: AnyFunction, name: string = fn?.name): void {
  if (typeof fn !== "function") throw new ValueError(`registerFunction: fn is ${fmtValue(fn)}, expected a function`);
  if (!name) throw new ValueError(`registerFunction: name is empty, expected a name (anonymous function?)`);
  const prev = functions.get(name);
  if (prev && prev !== fn) throw new ValueError(`registerFunction: name "${name}" is taken by another function, expected a unique name`);
  functions.set(name, fn);
  if (!functionNames.has(fn)) functionNames.set(fn, name);
}

/** The function registered under `name`, or undefined. */
export function getRegisteredFunction(name: string): AnyFunction | undefined {
  return functions.get(name);
}

/** The registered name of a function, or undefined when it is not registered. */
export function functionNameOf(fn: AnyFunction): string | undefined {
  return functionNames.get(fn);
}

function isClass(v: unknown): v is AnyClass {
  return typeof v === "function" && /^[A-Z]/.test(v.name) && v.prototype !== undefined;
}

function registerModule(mod: Record<string, unknown>): void {
  // aliases (MaxPoo3dConnection = MaxPool3dConnection) register under the class's own name
  for (const v of Object.values(mod)) if (isClass(v)) registerClass(v);
}

registerModule(nodes as unknown as Record<string, unknown>);
registerModule(topology as unknown as Record<string, unknown>);
registerModule(features as unknown as Record<string, unknown>);
registerModule(rules as unknown as Record<string, unknown>);
registerModule(monitors as unknown as Record<string, unknown>);
registerClass(SparseCSRTensor);
registerClass(SparseCOOTensor);
registerFunction(rules.sumDim);
registerFunction(rules.meanDim);
registerFunction(rules.squeezeDim);
