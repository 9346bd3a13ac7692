/** Shared assertion for bad-input tests: the error class and the parts its message must name. */
import { expect } from "vitest";

/**
 * Calls `f` and checks that it throws an instance of `cls` whose message matches every one of
 * `parts` (the op, the argument, the expected and the given value).
 */
export function expectError(f: () => unknown, cls: new (...a: never[]) => Error, ...parts: (string | RegExp)[]): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  for (const p of parts) expect((err as Error).message).toMatch(p);
}
