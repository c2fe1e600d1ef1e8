// Compiles Perimeter's Solidity contracts into JSON artifacts.
//
// Re-run (from the repository root):
//
//     cd tools/evm && npm ci && node compile.mjs
//
// Two source folders, each compiled on its own:
//   src/test/solidity/  -> src/test/resources/evm/                  (test contracts)
//   src/main/solidity/  -> src/main/resources/dev/perimeter/chain/  (shipped: code the app sends in
//                          eth_call's state override, e.g. AllowanceSweep)
// Reads every *.sol under a source folder (sorted, source unit names are the
// repository-relative paths), compiles them with the solc version pinned in
// package.json (standard JSON, optimizer on with 200 runs, evmVersion "cancun"),
// resolves "@openzeppelin/..." imports from tools/evm/node_modules, and writes one
// file per deployable contract to <output folder>/<Contract>.json:
//
//     { contractName, abi, bytecode, deployedBytecode, methodIdentifiers, compiler, source }
//
// bytecode is the creation code and deployedBytecode the runtime code, both 0x-hex.
// Tests put deployedBytecode at an address with anvil_setCode, so contracts must not rely
// on constructors or immutables. Output is deterministic: same sources + same solc give
// byte-identical files. Artifacts in an output folder that no longer match a
// contract are deleted (only files this script would write). Exits non-zero on any compiler error.

import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');

const TOOLS_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(TOOLS_DIR, '..', '..');
const TARGETS = [
  { sourceDir: join(REPO_ROOT, 'src', 'test', 'solidity'), outDir: join(REPO_ROOT, 'src', 'test', 'resources', 'evm') },
  { sourceDir: join(REPO_ROOT, 'src', 'main', 'solidity'), outDir: join(REPO_ROOT, 'src', 'main', 'resources', 'dev', 'perimeter', 'chain') },
];
const NODE_MODULES = join(TOOLS_DIR, 'node_modules');

const toPosix = (p) => p.split(sep).join(posix.sep);

function listSolidity(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSolidity(full));
    else if (entry.isFile() && entry.name.endsWith('.sol')) found.push(full);
  }
  return found;
}

// Import resolution: package imports come from tools/evm/node_modules, anything else is
// relative to the repository root (solc already turns "./x.sol" into a root-relative name).
function findImports(path) {
  const candidates = path.startsWith('@')
    ? [join(NODE_MODULES, path)]
    : [join(REPO_ROOT, path)];
  for (const file of candidates) {
    const full = resolve(file);
    if (!full.startsWith(REPO_ROOT + sep)) break;
    if (existsSync(full)) return { contents: readFileSync(full, 'utf8') };
  }
  return { error: `File not found: ${path}` };
}

function compileTarget(SOURCE_DIR, OUT_DIR) {
  const files = listSolidity(SOURCE_DIR).map((f) => toPosix(relative(REPO_ROOT, f))).sort();
  if (files.length === 0) {
    console.error(`No .sol files found under ${SOURCE_DIR}`);
    process.exit(1);
  }

  const sources = {};
  for (const f of files) sources[f] = { content: readFileSync(join(REPO_ROOT, f), 'utf8') };

  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: {
        '*': {
          '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'],
        },
      },
    },
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const compilerVersion = solc.version();

  let failed = false;
  for (const d of output.errors ?? []) {
    const text = (d.formattedMessage ?? d.message).trimEnd();
    if (d.severity === 'error') {
      failed = true;
      console.error(text);
    } else {
      console.warn(text);
    }
  }
  if (failed) {
    console.error('Compilation failed.');
    process.exit(1);
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const written = new Map();
  for (const source of files) {
    const contracts = output.contracts?.[source] ?? {};
    for (const contractName of Object.keys(contracts).sort()) {
      const c = contracts[contractName];
      const creation = c.evm?.bytecode?.object ?? '';
      const runtime = c.evm?.deployedBytecode?.object ?? '';
      if (creation.length === 0 || runtime.length === 0) continue; // interfaces / abstract
      if (written.has(contractName)) {
        console.error(`Duplicate contract name ${contractName} in ${source} and ${written.get(contractName)}`);
        process.exit(1);
      }
      const sortedIds = Object.fromEntries(Object.entries(c.evm.methodIdentifiers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const artifact = {
        contractName,
        abi: c.abi,
        bytecode: '0x' + creation,
        deployedBytecode: '0x' + runtime,
        methodIdentifiers: sortedIds,
        compiler: compilerVersion,
        source,
      };
      const outFile = join(OUT_DIR, `${contractName}.json`);
      writeFileSync(outFile, JSON.stringify(artifact, null, 2) + '\n');
      written.set(contractName, source);
      console.log(`${contractName.padEnd(16)} ${String((runtime.length / 2) | 0).padStart(6)} runtime bytes  -> ${toPosix(relative(REPO_ROOT, outFile))}`);
    }
  }

  // Remove artifacts of contracts that no longer exist (only files this script would write).
  for (const name of readdirSync(OUT_DIR).sort()) {
    if (!name.endsWith('.json')) continue;
    const contractName = name.slice(0, -'.json'.length);
    if (written.has(contractName)) continue;
    try {
      const old = JSON.parse(readFileSync(join(OUT_DIR, name), 'utf8'));
      if (old && typeof old === 'object' && 'deployedBytecode' in old && 'compiler' in old && 'source' in old) {
        unlinkSync(join(OUT_DIR, name));
        console.log(`removed stale ${name}`);
      }
    } catch {
      // not ours; leave it
    }
  }

  console.log(`solc ${compilerVersion}: ${written.size} artifacts written.`);
}

for (const t of TARGETS) compileTarget(t.sourceDir, t.outDir);
