// Keeps the PKCS#12 password out of inputs.conf. The scheme cannot declare a password field,
// so the form saves it in clear text; the validation of the form already puts it into splunkd's
// credential store (storage/passwords, realm TA-cisco-estreamer, user = input name, in the
// stanza's app), but the stanza is written by splunkd only after that, so on its first run the
// input stores it again and rewrites the stanza's value to ********. From then on a `********`
// value means "read the store". splunkd is reached with the server_uri and session_key of the input
// definition, through splunk-sdk.

import type { Logger } from '../log';
import { APP_ID, SCHEME } from './scheme';

export const MASKED_PASSWORD = '********';
export const CREDENTIAL_REALM = APP_ID;

// splunk-sdk ships no type declarations: these are the parts used here. The lib/ modules are
// required directly because the package index also loads a `.env` file from the working directory.
interface SdkEntity {
  name: string;
  properties(): Record<string, unknown>;
  update(props: Record<string, string>, responseTimeoutMs?: number): Promise<SdkEntity>;
}
interface SdkStoragePasswords {
  fetch(options: Record<string, string | number>, responseTimeoutMs?: number): Promise<SdkStoragePasswords>;
  list(): SdkEntity[];
  create(params: { name: string; realm: string; password: string }, responseTimeoutMs?: number): Promise<SdkEntity>;
}
interface SdkService {
  storagePasswords(namespace: SdkNamespace): SdkStoragePasswords;
}
interface SdkNamespace {
  owner: string;
  app: string;
}
interface SdkServiceClass {
  new (http: unknown, params: { scheme: string; host: string; port: number; sessionKey: string; owner: string; app: string; timeout: number }): SdkService;
  ConfigurationStanza: new (service: SdkService, file: string, name: string, namespace: SdkNamespace) => SdkEntity;
}
/** What splunk-sdk rejects with: a response record (or, from Entity.update, [record, entity]). */
interface SdkFailure {
  status?: number | string;
  data?: { messages?: { text?: string }[] };
  error?: { code?: string; message?: string } | string | null;
}

const Service = require('splunk-sdk/lib/service') as SdkServiceClass;
const { NodeHttp } = require('splunk-sdk/lib/platform/node/node_http') as { NodeHttp: new () => unknown };
const { Logger: sdkLogger } = require('splunk-sdk/lib/log') as { Logger: { setLevel(level: string): void } };
// The SDK prints splunkd's messages with console.log/info, i.e. to stdout, which carries the
// event stream; failures reach our own log instead. (setLevel stores the level in LOG_LEVEL.)
sdkLogger.setLevel('NONE');

/** Why splunkd did not do what was asked, in words an admin can act on. */
export function describeSplunkdFailure(failure: unknown, serverUri: string): string {
  const f = (Array.isArray(failure) ? failure[0] : failure) as SdkFailure | Error | undefined;
  if (f instanceof Error) return f.message;
  const status = f?.status;
  const splunkdText = f?.data?.messages?.map((m) => m.text).filter(Boolean).join('; ');
  if (status === 401) return `splunkd at ${serverUri} rejected the session key (401)`;
  if (status === 403) {
    return `splunkd at ${serverUri} refused (403${splunkdText ? `: ${splunkdText}` : ''}); the input's user needs the list_storage_passwords and edit_storage_passwords capabilities`;
  }
  if (typeof status === 'number' && status >= 400 && status < 600) {
    return `splunkd at ${serverUri} answered ${status}${splunkdText ? `: ${splunkdText}` : ''}`;
  }
  const error = f?.error;
  const reason = typeof error === 'string' ? error : (error?.code ?? error?.message ?? 'no answer');
  return `cannot reach splunkd at ${serverUri} (${reason})`;
}

/** `realm:user:` with `:` and `\` escaped, splunkd's name for a stored credential. */
export function credentialEntityName(realm: string, user: string): string {
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return `${escape(realm)}:${escape(user)}:`;
}

export interface SplunkdSession {
  serverUri: string;
  sessionKey: string;
}

/** The credential store and inputs.conf of one app, as seen by one input. */
export class SplunkCredentialStore {
  private readonly service: SdkService;
  private readonly namespace: SdkNamespace;

  constructor(
    private readonly session: SplunkdSession,
    app: string,
    private readonly timeoutMs = 10_000,
  ) {
    const uri = new URL(session.serverUri);
    this.namespace = { owner: 'nobody', app };
    this.service = new Service(new NodeHttp(), {
      scheme: uri.protocol.replace(':', ''),
      host: uri.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(uri.port || (uri.protocol === 'http:' ? 80 : 443)),
      sessionKey: session.sessionKey,
      ...this.namespace,
      timeout: timeoutMs,
    });
  }

  private async findEntry(inputName: string): Promise<SdkEntity | undefined> {
    const passwords = await this.service
      .storagePasswords(this.namespace)
      .fetch({ search: `realm=${CREDENTIAL_REALM}` }, this.timeoutMs);
    const name = credentialEntityName(CREDENTIAL_REALM, inputName);
    return passwords.list().find((entry) => entry.name === name);
  }

  /** The stored secret of the input, or undefined when none is stored. */
  async read(inputName: string): Promise<string | undefined> {
    const entry = await this.findEntry(inputName);
    const secret = entry?.properties().clear_password;
    return typeof secret === 'string' ? secret : undefined;
  }

  /** Creates or replaces the stored secret of the input. */
  async store(inputName: string, secret: string): Promise<void> {
    const existing = await this.findEntry(inputName);
    if (existing) await existing.update({ password: secret }, this.timeoutMs);
    else await this.service.storagePasswords(this.namespace).create({ name: inputName, realm: CREDENTIAL_REALM, password: secret }, this.timeoutMs);
  }

  /** Rewrites `pkcs12_password` in the input's stanza of inputs.conf to the mask. */
  async maskInConf(inputName: string): Promise<void> {
    const stanza = new Service.ConfigurationStanza(this.service, 'inputs', `${SCHEME}://${inputName}`, this.namespace);
    await stanza.update({ pkcs12_password: MASKED_PASSWORD }, this.timeoutMs);
  }
}

export interface ResolvePasswordOptions {
  /** The value in the stanza: clear text, the mask, or empty. */
  given: string;
  inputName: string;
  /** The app whose inputs.conf holds the stanza. */
  app: string;
  session: SplunkdSession;
  log: Logger;
  /** Run mode moves a clear password into the store and masks the stanza; validation only reads (see storePkcs12Password). */
  persist: boolean;
}

/**
 * Puts a clear password into the store; the store, or undefined (with a WARN saying why) when
 * splunkd cannot take it. `after` says what then becomes of the clear value in inputs.conf.
 */
export async function storePkcs12Password(
  options: Omit<ResolvePasswordOptions, 'persist'>,
  after: string,
): Promise<SplunkCredentialStore | undefined> {
  const { given, inputName, session, log } = options;
  try {
    const store = new SplunkCredentialStore(session, options.app);
    await store.store(inputName, given);
    return store;
  } catch (err) {
    log.warn(`pkcs12_password of input "${inputName}" stays in clear text in inputs.conf: ${describeSplunkdFailure(err, session.serverUri)}. ${after}`);
    return undefined;
  }
}

/**
 * The PKCS#12 password to use. A clear value is used as given (and, with `persist`, moved into
 * the store, with a WARN when splunkd cannot take it). The mask is replaced by the stored
 * secret; without one that is an error, since the mask is no password.
 */
export async function resolvePkcs12Password(options: ResolvePasswordOptions): Promise<string> {
  const { given, inputName, session, log } = options;
  if (given === '' || (given !== MASKED_PASSWORD && !options.persist)) return given;
  const why = (err: unknown) => describeSplunkdFailure(err, session.serverUri);
  if (given === MASKED_PASSWORD) {
    let secret: string | undefined;
    try {
      secret = await new SplunkCredentialStore(session, options.app).read(inputName);
    } catch (err) {
      throw new Error(`pkcs12_password is kept in Splunk's credential store but cannot be read: ${why(err)}`);
    }
    if (secret === undefined) {
      throw new Error(
        `pkcs12_password is ${MASKED_PASSWORD} but Splunk's credential store holds no password for input "${inputName}" ` +
          `(realm ${CREDENTIAL_REALM}, app ${options.app}); enter the password again in Settings > Data inputs > ${SCHEME}`,
      );
    }
    return secret;
  }
  const store = await storePkcs12Password(options, 'The input goes on with the password as given and tries again at its next start');
  if (!store) return given;
  try {
    await store.maskInConf(inputName);
    log.info(`pkcs12_password of input "${inputName}" moved into Splunk's credential store (realm ${CREDENTIAL_REALM})`);
  } catch (err) {
    log.warn(
      `pkcs12_password of input "${inputName}" is now in Splunk's credential store but is still in clear text in inputs.conf: ` +
        `${why(err)}. Replace its value with ${MASKED_PASSWORD} in Settings > Data inputs > ${SCHEME}`,
    );
  }
  return given;
}
