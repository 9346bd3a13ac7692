/**
 * Class and function registry for loading saved networks. A file names every layer,
 * connection, feature, rule and monitor class (and every named function it holds, such as a
 * reduction) by its registered name, and `loadNetwork` rebuilds it through these maps.
 *
 * Built explicitly, with no registration by import side effect:
 * - the network layer's classes and functions are one table, {@link networkClasses} /
 *   {@link networkFunctions}, assembled from explicit module lists; the registry puts them in
 *   on its first lookup;
 * - the layers above export their own tables (`learningClasses`, `conversionClasses`), which
 *   this layer may not import; `defaultClassTable()` (src/class-table.ts) joins all three, and
 *   the root entry's `loadNetwork` passes it as `classes`. Code that loads through a subpath
 *   passes `{ classes: learningClasses }` or calls `registerClasses(learningClasses)` itself;
 * - user subclasses call {@link registerClass} (or pass `classes` to `loadNetwork`).
 *
 * A class is saved under its registered name, or its JS name when unregistered; two classes
 * with the same JS name must be registered under different names so both round-trip. A class
 * registered under a second name (an alias, e.g. "MCCPostPre" for PostPre) keeps its first
 * name in files, and files naming the alias load as the class.
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
  withDefaults();
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
  withDefaults();
  return registry.get(name);
}

/**
 * The name a class is saved under: its registered name, else the name it declares as an own
 * static `savedAs` (for a class whose JS name another class has), else its JS name.
 */
export function classNameOf(cls: AnyClass): string {
  withDefaults();
  const own = Object.prototype.hasOwnProperty.call(cls, "savedAs") ? (cls as unknown as { savedAs: unknown }).savedAs : undefined;
  return names.get(cls) ?? (typeof own === "string" && own !== "" ? own : cls.name);
}

/** Names of every registered class. */
export function registeredClassNames(): string[] {
  withDefaults();
  return [...registry.keys()].sort();
}

/**
 * Registers a function (e.g. a custom reduction or degradation function) so that a saved
 * option or field holding it is restored on load. Names must be unique.
 */
export function registerFunction(fn: AnyFunction, name: string = fn?.name): void {
  withDefaults();
  if (typeof fn !== "function") throw new ValueError(`registerFunction: fn is ${fmtValue(fn)}, expected a function`);
  if (!name) throw new ValueError(`registerFunction: name is empty, expected a name (anonymous function?)`);
  const prev = functions.get(name);
  if (prev && prev !== fn) throw new ValueError(`registerFunction: name "${name}" is taken by another function, expected a unique name`);
  functions.set(name, fn);
  if (!functionNames.has(fn)) functionNames.set(fn, name);
}

/** The function registered under `name`, or undefined. */
export function getRegisteredFunction(name: string): AnyFunction | undefined {
  withDefaults();
  return functions.get(name);
}

/** The registered name of a function, or undefined when it is not registered. */
export function functionNameOf(fn: AnyFunction): string | undefined {
  withDefaults();
  return functionNames.get(fn);
}

function isClass(v: unknown): v is AnyClass {
  return typeof v === "function" && /^[A-Z]/.test(v.name) && v.prototype !== undefined;
}

/**
 * Every class of the network layer a saved network can name, by the name files use: the
 * classes exported by nodes/, topology/, features/, learning-rule.ts and monitors.ts (aliases
 * such as MaxPoo3dConnection under the class's own name), and the sparse tensors.
 */
export function networkClasses(): Record<string, AnyClass> {
  const table: Record<string, AnyClass> = {};
  const modules = [nodes, topology, features, rules, monitors] as unknown as Record<string, unknown>[];
  for (const mod of modules) for (const v of Object.values(mod)) if (isClass(v) && !(v.name in table)) table[v.name] = v;
  table.SparseCSRTensor = SparseCSRTensor;
  table.SparseCOOTensor = SparseCOOTensor;
  return table;
}

/** The network layer's named functions (the batch reductions of learning rules). */
export function networkFunctions(): Record<string, AnyFunction> {
  return { sumDim: rules.sumDim, meanDim: rules.meanDim, squeezeDim: rules.squeezeDim };
}

let defaultsIn = false;

/** Puts the network layer's tables in on first use (a lookup, not an import, does it). */
function withDefaults(): void {
  if (defaultsIn) return;
  defaultsIn = true;
  for (const [name, cls] of Object.entries(networkClasses())) if (!registry.has(name) && !names.has(cls)) registerClass(cls, name);
  for (const [name, fn] of Object.entries(networkFunctions())) if (!functions.has(name) && !functionNames.has(fn)) registerFunction(fn, name);
}

