// A stand-in for splunkd's REST API, with only the endpoints the add-on uses:
//   GET  /servicesNS/nobody/<app>/storage/passwords               list
//   POST /servicesNS/nobody/<app>/storage/passwords               create (409 when it exists)
//   GET  /servicesNS/nobody/<app>/storage/passwords/<realm:user:>  read
//   POST /servicesNS/nobody/<app>/storage/passwords/<realm:user:>  update
//   POST /servicesNS/nobody/<app>/configs/conf-inputs/<stanza>     stanza update
// HTTPS on 127.0.0.1 with a self-signed certificate made at start, answers in splunkd's JSON
// shape, and refuses any request without `Authorization: Splunk <session key>`.

import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

export interface StoredCredential {
  app: string;
  realm: string;
  username: string;
  password: string;
}

function selfSignedCertificate(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const name = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { key, cert: forge.pki.certificateToPem(cert) };
}

function unescapeCredentialPart(part: string): string {
  return part.replace(/\\(.)/g, '$1');
}

/** Splits `realm:user:` at the colons that are not escaped. */
function parseEntityName(name: string): { realm: string; username: string } | undefined {
  const parts = name.match(/^((?:[^:\\]|\\.)*):((?:[^:\\]|\\.)*):$/);
  return parts ? { realm: unescapeCredentialPart(parts[1]), username: unescapeCredentialPart(parts[2]) } : undefined;
}

function escapeCredentialPart(part: string): string {
  return part.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}

export class MockSplunkd {
  readonly sessionKey: string;
  readonly credentials: StoredCredential[] = [];
  /** inputs.conf per app: stanza name → settings. */
  readonly inputsConf = new Map<string, Map<string, Record<string, string>>>();
  /** "METHOD path" of every request, for assertions. */
  readonly requests: string[] = [];
  private server: Server | undefined;

  constructor(sessionKey = 'mock-session-key') {
    this.sessionKey = sessionKey;
  }

  get uri(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('mock splunkd is not started');
    return `https://127.0.0.1:${address.port}`;
  }

  /** Adds a stanza as if the Data inputs form had saved it. */
  defineInput(app: string, stanza: string, settings: Record<string, string>): void {
    if (!this.inputsConf.has(app)) this.inputsConf.set(app, new Map());
    this.inputsConf.get(app)!.set(stanza, { ...settings });
  }

  stanza(app: string, stanza: string): Record<string, string> | undefined {
    return this.inputsConf.get(app)?.get(stanza);
  }

  async start(): Promise<void> {
    this.server = createServer(selfSignedCertificate(), (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    this.requests.push(`${req.method} ${url.pathname.replace(/\/$/, '')}`);
    const reply = (status: number, payload: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(payload));
    };
    const fail = (status: number, text: string) => reply(status, { messages: [{ type: 'ERROR', text }] });
    if (req.headers.authorization !== `Splunk ${this.sessionKey}`) return fail(401, 'call not properly authenticated');

    const form = new URLSearchParams(body);
    const route = url.pathname.match(/^\/servicesNS\/nobody\/([^/]+)\/(storage\/passwords|configs\/conf-inputs)(?:\/([^/]+))?\/?$/);
    if (!route) return fail(404, `no such endpoint ${url.pathname}`);
    const app = decodeURIComponent(route[1]);
    const entity = route[3] === undefined ? undefined : decodeURIComponent(route[3]);

    if (route[2] === 'configs/conf-inputs') {
      const settings = entity === undefined ? undefined : this.stanza(app, entity);
      if (req.method !== 'POST' || !settings) return fail(404, `no stanza ${entity} in inputs.conf of ${app}`);
      for (const [key, value] of form) settings[key] = value;
      return reply(200, { entry: [{ name: entity, acl: { app, owner: 'nobody', sharing: 'app' }, content: settings }] });
    }

    if (entity === undefined && req.method === 'GET') {
      const realm = url.searchParams.get('search')?.match(/^realm=(.*)$/)?.[1];
      const listed = this.credentials.filter((c) => c.app === app && (realm === undefined || c.realm === realm));
      return reply(200, { entry: listed.map((c) => this.entry(c)), paging: { total: listed.length }, messages: [] });
    }
    if (entity === undefined && req.method === 'POST') {
      const realm = form.get('realm') ?? '';
      const username = form.get('name') ?? '';
      if (this.find(app, realm, username)) return fail(409, `An object with name=${username} already exists`);
      const created = { app, realm, username, password: form.get('password') ?? '' };
      this.credentials.push(created);
      return reply(201, { entry: [this.entry(created)] });
    }
    const key = entity === undefined ? undefined : parseEntityName(entity);
    const credential = key && this.find(app, key.realm, key.username);
    if (!credential) return fail(404, `no credential ${entity} in ${app}`);
    if (req.method === 'POST') credential.password = form.get('password') ?? credential.password;
    return reply(200, { entry: [this.entry(credential)] });
  }

  private find(app: string, realm: string, username: string): StoredCredential | undefined {
    return this.credentials.find((c) => c.app === app && c.realm === realm && c.username === username);
  }

  private entry(c: StoredCredential): object {
    return {
      name: `${escapeCredentialPart(c.realm)}:${escapeCredentialPart(c.username)}:`,
      acl: { app: c.app, owner: 'nobody', sharing: 'app' },
      content: { realm: c.realm, username: c.username, clear_password: c.password, password: '********' },
    };
  }
}
