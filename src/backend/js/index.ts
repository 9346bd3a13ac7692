/** The `js` backend: every kernel in plain TypeScript. It is the reference the others match. */
export const jsKernels = {};
