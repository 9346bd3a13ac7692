// Lint: typescript-eslint's recommended rules, plus the import rules that keep the
// architecture honest: no import cycles, and imports only point down the layer order
//   errors, backend  <  tensor  <  network  <  learning  <  everything else  <  cli
// (backend holds dtypes, storage allocation and typed-array kernels; tensor builds on it).
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const upper = [
  "encoding",
  "datasets",
  "preprocessing",
  "evaluation",
  "models",
  "pipeline",
  "environment",
  "analysis",
  "conversion",
  "utils",
  "node",
];
const dirs = (names) => names.map((n) => `./src/${n}`);

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "build/**", "coverage/**", "**/*.js", "!eslint.config.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "test/**/*.ts", "tools/**/*.ts", "bench/**/*.ts", "examples/**/*.ts", "scripts/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/extensions": [".ts", ".js"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./src/backend", from: ["./src/tensor", "./src/network", "./src/learning", "./src/cli", ...dirs(upper)], message: "backend is the lowest layer" },
            { target: "./src/tensor", from: ["./src/network", "./src/learning", "./src/cli", ...dirs(upper)], message: "tensor may import only backend" },
            { target: "./src/network", from: ["./src/learning", "./src/cli", ...dirs(upper)], message: "network may import only tensor and backend" },
            { target: "./src/learning", from: ["./src/cli", ...dirs(upper)], message: "learning may import only network, tensor and backend" },
            { target: [...dirs(upper), "./src/index.ts", "./src/errors.ts"], from: "./src/cli", message: "nothing imports the CLI" },
            { target: "./src", from: ["./examples", "./bench", "./test", "./tools", "./web"], message: "the library does not import examples, benches, tests, tools or the web app" },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["test/**/*.ts", "tools/**/*.ts", "bench/**/*.ts", "examples/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The backend seam: kernels are reached through kernels(), and the kernel contract
    // (contract.ts), shared numerics (numerics.ts), dtypes, views and the registry through
    // src/backend's public modules. Only src/backend itself (and the tests and bench that
    // check one backend's kernels against another's) may import js/** or wasm/**.
    files: ["src/**/*.ts", "test/**/*.ts", "tools/**/*.ts", "bench/**/*.ts", "examples/**/*.ts", "scripts/**/*.ts"],
    ignores: ["src/backend/**", "test/backend/**", "test/conformance/**", "bench/wasm.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/backend/js", "**/backend/js/**", "**/backend/wasm", "**/backend/wasm/**"],
              message: "backend internals: import from src/backend/index.ts (or contract.ts, numerics.ts, dtype.ts, view.ts, backend.ts)",
            },
          ],
        },
      ],
    },
  },
  {
    // Views of tensor storage must keep the storage alive: the wasm heap frees a block when
    // the array it handed out is garbage-collected, and a plain `subarray` or
    // `new X(a.buffer, ...)` does not reference that array (use-after-free; see
    // src/backend/view.ts). Outside src/backend use `subview` / `viewAs`, or disable the rule
    // on the line with a reason why the view cannot outlive the synchronous code that made it.
    // `dst.set(a.subarray(...))` is allowed as is: set copies before returning.
    files: ["src/**/*.ts"],
    ignores: [
      "src/backend/**",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name='subarray']:not(CallExpression[callee.property.name='set'] > CallExpression.arguments:first-child)",
          message:
            "A subarray does not keep wasm tensor storage alive: use subview(a, begin, end) from src/backend/view.ts, or disable this rule on the line with the reason the view is transient.",
        },
        {
          selector: "NewExpression[arguments.length>1] > MemberExpression.arguments:first-child[property.name='buffer']",
          message:
            "A view over x.buffer does not keep wasm tensor storage alive: use viewAs(Ctor, x, length) from src/backend/view.ts, or disable this rule on the line with the reason the view is transient (or x is not tensor storage).",
        },
      ],
    },
  },
  {
    // Browser-safe sources: every entry but bindsnet/node (and the CLI, the parity tool and the
    // named Node-only files below) bundles for browsers, so no Node built-in is imported here.
    // A core method that takes a path reaches Node's fs at call time (src/platform.ts).
    files: ["src/**/*.ts"],
    ignores: [
      "src/node/**",
      "src/cli/**",
      "src/environment/dot-file-writer.ts",
      "src/datasets/{fs,mnist,fashion-mnist,cifar,spoken-mnist,davis,alov300,node}.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(node:.*|fs|fs/promises|path|zlib|crypto|os|module|url|child_process|worker_threads|stream|util|http|https|net|readline|process|buffer|events)$",
              message: "Browser-safe code imports no Node built-in: move it to src/node (bindsnet/node), or reach Node at call time through src/platform.ts (nodeModule / fileSystem).",
            },
            // the backend-internals rule above, repeated: a later block's options replace an
            // earlier block's for the same rule
            {
              group: ["**/backend/js", "**/backend/js/**", "**/backend/wasm", "**/backend/wasm/**"],
              message: "backend internals: import from src/backend/index.ts (or contract.ts, numerics.ts, dtype.ts, view.ts, backend.ts)",
            },
          ],
        },
      ],
    },
  },
);
