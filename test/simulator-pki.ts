// A temporary folder with the simulator's PKI in it, made before a test file's tests and removed
// after them: the FMC-side certificates and the client's PKCS#12 file, as the FMC issues it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { loadCredentials, type Credentials } from '../src/client/credentials';
import { ensurePki, type PkiOptions, type SimulatorPki } from '../src/simulator/pki';

export interface SimulatorPkiFolder {
  /** The temporary folder (the PKI is in `pki/` under it). */
  readonly dir: string;
  readonly pki: SimulatorPki;
  /** The client's credentials from its PKCS#12 file, read at first use. */
  readonly credentials: Credentials;
}

/** Registers the before/after hooks; the getters are valid from the first test on. */
export function useSimulatorPki(prefix: string, options: PkiOptions = {}): SimulatorPkiFolder {
  let dir: string | undefined;
  let pki: SimulatorPki | undefined;
  let credentials: Credentials | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSimulatorPki: used before its before() hook ran');
    return value;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    pki = ensurePki(join(dir, 'pki'), options);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return ready(dir);
    },
    get pki() {
      return ready(pki);
    },
    get credentials() {
      credentials ??= loadCredentials({ pkcs12File: ready(pki).files.clientPkcs12, password: ready(pki).clientPassword });
      return credentials;
    },
  };
}
