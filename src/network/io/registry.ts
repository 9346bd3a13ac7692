/**
 * Class registry for loading saved networks: a file names every layer, connection, rule and
 * monitor by class name, and `loadNetwork` rebuilds it through this map. The library's node,
 * connection and rule-base classes are registered here; other modules (learning rules,
 * topology extensions) and user subclasses call {@link registerClass} once.
 */
import { ValueError, fmtValue } from "../../errors.js";
import * as nodes from "../nodes/index.js";
import * as topology from "../topology/index.js";
import * as rules from "../learning-rule.js";
import * as monitors from "../monitors.js";

/** Any class (constructor function). */
export type AnyClass = abstract new (...args: never[]) => unknown;

const registry = new Map<string, AnyClass>();

/**
 * Registers `cls` under `name` (default: its class name) so that files naming it can be
 * loaded. Registering a different class under a taken name is an error.
 */
export function registerClass(cls: AnyClass, name: string = cls.name): void {
  if (typeof cls !== "function") throw new ValueError(`registerClass: cls is ${fmtValue(cls)}, expected a class`);
  if (!name) throw new ValueError(`registerClass: name is empty, expected the class name (anonymous class?)`);
  const prev = registry.get(name);
  if (prev && prev !== cls) throw new ValueError(`registerClass: name "${name}" is taken by another class, expected a unique name (pass one as the second argument)`);
  registry.set(name, cls);
}

/** The class registered under `name`, or undefined. */
export function getRegisteredClass(name: string): AnyClass | undefined {
  return registry.get(name);
}

/** Names of every registered class. */
export function registeredClassNames(): string[] {
  return [...registry.keys()].sort();
}

function registerModule(mod: Record<string, unknown>): void {
  for (const v of Object.values(mod)) if (typeof v === "function" && /^[A-Z]/.test(v.name) && v.prototype) registerClass(v as AnyClass);
}

registerModule(nodes as unknown as Record<string, unknown>);
registerModule(topology as unknown as Record<string, unknown>);
registerModule(rules as unknown as Record<string, unknown>);
registerModule(monitors as unknown as Record<string, unknown>);
