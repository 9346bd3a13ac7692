import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NoFileSystemError, atomicWriteFile, fileSystem, setFileSystem, type FileSystem, type NodeFsLike } from "../src/platform.js";
import { Network } from "../src/network/network.js";
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { NetworkMonitor } from "../src/network/monitors.js";
import { full } from "../src/tensor/creation.js";
import { nodeFileSystem, saveNetworkFile, loadNetworkFile, writeFileAtomic } from "../src/node/index.js";

const dir = fs.mkdtempSync(join(tmpdir(), "bindsnet-platform-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => setFileSystem(null));

function smallNet(): Network {
  const net = new Network({ dt: 1 });
  const a = new Input({ n: 3 });
  const b = new LIFNodes({ n: 2 });
  net.addLayer(a, "A");
  net.addLayer(b, "B");
  net.addConnection(new Connection({ source: a, target: b, w: full([3, 2], 0.25) }), "A", "B");
  return net;
}

/** Runs `f` as if in a browser: no process.getBuiltinModule. */
function withoutNode<T>(f: () => T): T {
  const p = process as unknown as { getBuiltinModule?: unknown };
  const orig = p.getBuiltinModule;
  p.getBuiltinModule = undefined;
  try {
    return f();
  } finally {
    p.getBuiltinModule = orig;
  }
}

describe("atomic writes", () => {
  it("network.save writes through a temporary file and leaves none behind; Network.load reads it", () => {
    const path = join(dir, "sub/folder/net.safetensors");
    smallNet().save(path);
    expect(fs.readdirSync(join(dir, "sub/folder"))).toEqual(["net.safetensors"]);
    const back = Network.load(path);
    expect(back.layerNames()).toEqual(["A", "B"]);
    expect(back.connections.get("A", "B")!.w.toFlatArray()).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
  });

  it("a failed write leaves the old file intact and removes the temporary file", () => {
    const path = join(dir, "keep.bin");
    fs.writeFileSync(path, "old");
    const failing: NodeFsLike = { ...(fs as unknown as NodeFsLike), writeSync: () => { throw new Error("disk full"); } };
    expect(() => atomicWriteFile(failing, path, new Uint8Array([1, 2, 3]))).toThrow("disk full");
    expect(fs.readFileSync(path, "utf8")).toBe("old");
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("keep.bin"))).toEqual(["keep.bin"]);
  });

  it("fsyncs the temporary file before renaming it over the target", () => {
    const calls: string[] = [];
    const spy: NodeFsLike = {
      ...(fs as unknown as NodeFsLike),
      openSync: (p, f, m) => (calls.push(`open ${p.endsWith(".tmp")}`), fs.openSync(p, f, m)),
      fsyncSync: (fd) => (calls.push("fsync"), fs.fsyncSync(fd)),
      renameSync: (a, b) => (calls.push(`rename ${a.endsWith(".tmp")}->${b.endsWith("x.txt")}`), fs.renameSync(a, b)),
    };
    atomicWriteFile(spy, join(dir, "x.txt"), "hello");
    expect(calls).toEqual(["open true", "fsync", "rename true->true"]);
    expect(fs.readFileSync(join(dir, "x.txt"), "utf8")).toBe("hello");
  });

  it("bindsnet/node's helpers save and load the same file as network.save", () => {
    const a = join(dir, "a.safetensors");
    const b = join(dir, "b.safetensors");
    const net = smallNet();
    net.save(a);
    saveNetworkFile(net, b);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(loadNetworkFile<Network>(b, { Network }).layerNames()).toEqual(["A", "B"]);
    writeFileAtomic(join(dir, "t/u.txt"), "text");
    expect(fs.readFileSync(join(dir, "t/u.txt"), "utf8")).toBe("text");
    expect(nodeFileSystem().readFile(join(dir, "t/u.txt"))).toEqual(new TextEncoder().encode("text"));
  });
});

describe("the file-system hook", () => {
  it("without Node (a browser) save and load throw NoFileSystemError naming the bytes API", () => {
    withoutNode(() => {
      expect(() => smallNet().save("n.safetensors")).toThrow(NoFileSystemError);
      expect(() => smallNet().save("n.safetensors")).toThrow(/saveNetwork: no file system here.*serializeNetwork\(network\)/);
      expect(() => Network.load("n.safetensors")).toThrow(/loadNetwork: no file system here.*deserializeNetwork\(bytes\)/);
      const mon = new NetworkMonitor({ network: smallNet() });
      expect(() => mon.save("m.safetensors")).toThrow(/NetworkMonitor.save: no file system here.*serialize/);
    });
  });

  it("an installed file system (here in memory) serves network.save / Network.load anywhere", () => {
    const files = new Map<string, Uint8Array>();
    const memory: FileSystem = {
      readFile: (p) => {
        const f = files.get(p);
        if (!f) throw new Error(`ENOENT ${p}`);
        return f;
      },
      writeFile: (p, d) => void files.set(p, typeof d === "string" ? new TextEncoder().encode(d) : d),
    };
    setFileSystem(memory);
    withoutNode(() => {
      smallNet().save("mem/net");
      expect(files.get("mem/net")!.length).toBeGreaterThan(100);
      expect(Network.load("mem/net").layerNames()).toEqual(["A", "B"]);
      expect(() => Network.load("mem/none")).toThrow(/loadNetwork: path "mem\/none" could not be read.*ENOENT/);
    });
    expect(fileSystem("x", "y")).toBe(memory);
  });

  it("setFileSystem rejects what is not a FileSystem", () => {
    expect(() => setFileSystem({ readFile: 1 } as unknown as FileSystem)).toThrow(/setFileSystem: fs is not a \{ readFile, writeFile \} object/);
  });
});

describe("bindsnet/node's file helpers use Node's fs, not the installed hook", () => {
  it("saveNetworkFile / loadNetworkFile reach the disk while an in-memory file system is installed", () => {
    const files = new Map<string, Uint8Array>();
    setFileSystem({ readFile: (p) => files.get(p)!, writeFile: (p, d) => void files.set(p, d as Uint8Array) });
    const path = join(dir, "disk.safetensors");
    saveNetworkFile(smallNet(), path);
    expect(files.size).toBe(0);
    expect(fs.existsSync(path)).toBe(true);
    expect(loadNetworkFile<Network>(path).layerNames()).toEqual(["A", "B"]);
    expect(() => loadNetworkFile(join(dir, "none"))).toThrow(/loadNetworkFile: path ".*none" could not be read/);
    expect(() => saveNetworkFile(smallNet(), "")).toThrow(/saveNetworkFile: path is "", expected a file path/);
  });
});
