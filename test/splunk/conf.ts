// Reading the app's .conf files and lookup tables as the Splunk-side tests need them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../paths';

export type Stanza = Map<string, string>;
export type Conf = Map<string, Stanza>;

/** A .conf file (path relative to the repository) as stanza → settings; comments and blank lines dropped. */
export function readConf(path: string): Conf {
  const conf: Conf = new Map();
  let stanza: Stanza | undefined;
  for (const line of readFileSync(join(REPO, path), 'utf8').split('\n')) {
    const header = line.match(/^\[(.*)\]\s*$/);
    if (header) conf.set(header[1], (stanza = new Map()));
    const setting = line.match(/^([^#\s[][^=]*?)\s*=\s*(.*?)\s*$/);
    if (setting && stanza) stanza.set(setting[1], setting[2]);
  }
  return conf;
}

/** A CSV lookup of lookups/ (no quoted cells: ours have none) as its header and rows. */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(join(REPO, 'lookups', file), 'utf8').trim().split('\n').map((line) => line.split(','));
  return { header, rows };
}
