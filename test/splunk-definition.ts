// The XML splunkd writes to a modular input's stdin: the input definition (run mode) and the
// validation definition (--validate-arguments), built the same way by every test and the benchmark.

import { escapeXml } from '../src/splunk/stream-writer';

export type Params = Record<string, string | number>;

/** What splunkd says about itself: server_host, server_uri, session_key, checkpoint_dir. */
export interface SplunkdSide {
  checkpointDir: string;
  serverHost?: string;
  /** Default: a port where no splunkd listens, so the input uses the password it is given. */
  serverUri?: string;
  sessionKey?: string;
}

export interface InputDefinition extends SplunkdSide {
  /** The stanza name, e.g. `estreamer://fmc1`. */
  stanza: string;
  params: Params;
  app?: string;
}

export interface ValidationDefinition extends SplunkdSide {
  /** The input's name without the scheme, e.g. `fmc1`. */
  item: string;
  params: Params;
}

const element = (name: string, value: string | undefined) => (value === undefined ? '' : `  <${name}>${escapeXml(value)}</${name}>\n`);
const paramsXml = (params: Params) =>
  Object.entries(params).map(([name, value]) => `      <param name="${escapeXml(name)}">${escapeXml(String(value))}</param>\n`).join('');

function splunkdXml(d: SplunkdSide): string {
  return (
    element('server_host', d.serverHost) +
    element('server_uri', d.serverUri ?? 'https://127.0.0.1:1') +
    element('session_key', d.sessionKey ?? 'test-session-key') +
    element('checkpoint_dir', d.checkpointDir)
  );
}

/** The run-mode input definition for one stanza. */
export function inputDefinitionXml(d: InputDefinition): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<input>
${splunkdXml(d)}  <configuration>
    <stanza name="${escapeXml(d.stanza)}" app="${escapeXml(d.app ?? 'TA-cisco-estreamer')}">
${paramsXml(d.params)}    </stanza>
  </configuration>
</input>
`;
}

/** The --validate-arguments definition for one item. */
export function validationDefinitionXml(d: ValidationDefinition): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<items>
${splunkdXml(d)}  <item name="${escapeXml(d.item)}">
${paramsXml(d.params)}  </item>
</items>
`;
}
