// Several FMCs behind one input: an HA pair (or any list), the primary first. `fmc_host` and
// `stream --host` take them as `host[:port], host[:port]`; the session streams from one at a
// time and, when it fails, resumes from its bookmark on the next (the bookmark is an archive
// second plus the identities handed at it, so the union of events is exactly once across a
// failover as across a restart). While it streams from another than the primary, the primary is
// checked every `failbackAfterMs`; once it answers, the session switches back to it.

import { isIPv6 } from 'node:net';
import type { Logger } from '../log';
import { MessageType } from '../protocol/messages';
import { probeFmc, requestFirstAnswer, type ProbeOptions } from './probe';
import { connectTls, type ConnectOptions } from './tls';

export interface FmcAddress {
  host: string;
  port: number;
}

/** One item of a host list; without a port, the list's default port applies. */
export interface FmcHostEntry {
  host: string;
  port?: number;
}

const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A host name or IP address (IPv6 with or without brackets); throws saying what is wrong. */
export function hostName(text: string): string {
  const value = text.trim();
  const bare = value.replace(/^\[(.*)\]$/, '$1');
  const isName = bare.length <= 253 && bare.replace(/\.$/, '').split('.').every((label) => HOST_LABEL.test(label));
  if (!isIPv6(bare) && !isName) throw new Error(`"${value}" is not a host name or IP address`);
  return bare;
}

function hostEntry(item: string): FmcHostEntry {
  if (URL_SCHEME.test(item)) throw new Error(`"${item}" is a URL; give only the FMC's host name or IP address`);
  // [IPv6]:port, or host:port with a single colon; several colons without brackets is a bare IPv6.
  const withPort = /^\[([^\]]*)\]:([^:]*)$/.exec(item) ?? (item.split(':').length === 2 ? /^([^:]*):(.*)$/.exec(item) : null);
  if (!withPort) return { host: hostName(item) };
  const port = withPort[2].trim();
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`"${item}": the port "${port}" is not a whole number from 1 to 65535`);
  }
  return { host: hostName(withPort[1]), port: Number(port) };
}

/** `host[:port], host[:port], …` (IPv6 as `[addr]:port`), the primary first. */
export function parseFmcHosts(text: string): FmcHostEntry[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new Error('must name at least one FMC');
  return items.map(hostEntry);
}

/** The entries with `defaultPort` where they name none; an address given twice counts once. */
export function withDefaultPort(entries: readonly FmcHostEntry[], defaultPort: number): FmcAddress[] {
  const addresses: FmcAddress[] = [];
  for (const entry of entries) {
    const address = { host: entry.host, port: entry.port ?? defaultPort };
    if (!addresses.some((a) => a.host === address.host && a.port === address.port)) addresses.push(address);
  }
  return addresses;
}

/** `host:port`, `[addr]:port` for IPv6. */
export function formatFmcAddress(address: FmcAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** Whether an eStreamer server answers at `address`: TLS, then an Event Stream Request answered in time. */
export async function fmcAnswers(address: FmcAddress, connect: Omit<ConnectOptions, 'host' | 'port'>, timeoutMs: number): Promise<boolean> {
  let socket;
  try {
    socket = await connectTls({ ...connect, ...address, connectTimeoutMs: timeoutMs });
  } catch {
    return false;
  }
  const answer = await requestFirstAnswer(socket, timeoutMs);
  socket.destroy();
  return typeof answer === 'object' && answer.type === MessageType.StreamingInformation;
}

/**
 * The validation of a host list: each FMC probed at once (probe.ts). Throws naming each FMC and
 * what failed when none answers; when some do, returns what failed for the others.
 */
export async function probeFmcHosts(addresses: readonly FmcAddress[], opts: Omit<ProbeOptions, 'host' | 'port'>): Promise<string | undefined> {
  const failures = await Promise.all(
    addresses.map(async (address) => {
      const failed = (await probeFmc({ ...opts, ...address })).steps.find((s) => !s.ok);
      return failed && `${failed.step}: ${failed.detail}`;
    }),
  );
  if (addresses.length === 1) {
    if (failures[0]) throw new Error(failures[0]);
    return undefined;
  }
  const failed = addresses.flatMap((address, i) => (failures[i] ? [`FMC ${formatFmcAddress(address)} does not answer (${failures[i]})`] : []));
  if (failed.length === addresses.length) throw new Error(`no FMC answers. ${failed.join('. ')}`);
  return failed.length ? `${failed.join('. ')}; the input streams from the others` : undefined;
}

export interface FmcHostListOptions {
  /** How long to stream from another FMC before checking the primary again; 0: never. */
  failbackAfterMs: number;
  /** Whether the FMC at `address` answers (a short connection of its own). */
  answers(address: FmcAddress): Promise<boolean>;
  log: Logger;
}

/** Which FMC of the list the session connects to, and when it moves to another. */
export class FmcHostList {
  private index = 0;
  private failbackTimer: NodeJS.Timeout | undefined;
  /** Set when the session was asked to leave its FMC for the primary: that end is no failure. */
  private switching = false;
  /** Changes on every connection and loss, so a late answer of the primary is not acted on. */
  private epoch = 0;

  constructor(
    readonly addresses: readonly FmcAddress[],
    private readonly options: FmcHostListOptions,
  ) {
    if (addresses.length === 0) throw new Error('an FMC host list needs at least one address');
  }

  get current(): FmcAddress {
    return this.addresses[this.index];
  }

  /**
   * The session streams from `current`. When that is not the primary, the primary is checked
   * every failbackAfterMs; once it answers, `switchBack` is called (once) and `current` is it.
   */
  streaming(switchBack: () => void): void {
    this.clearTimer();
    const epoch = ++this.epoch;
    const { failbackAfterMs, answers, log } = this.options;
    if (this.index === 0 || failbackAfterMs <= 0) return;
    const check = () => {
      const primary = this.addresses[0];
      void answers(primary).then((ok) => {
        if (epoch !== this.epoch) return;
        if (!ok) {
          log.debug(`the primary FMC ${formatFmcAddress(primary)} does not answer yet`);
          this.failbackTimer = setTimeout(check, failbackAfterMs).unref();
          return;
        }
        log.info(`the primary FMC ${formatFmcAddress(primary)} answers again; leaving ${formatFmcAddress(this.current)} for it`);
        this.index = 0;
        this.switching = true;
        switchBack();
      });
    };
    this.failbackTimer = setTimeout(check, failbackAfterMs).unref();
  }

  /**
   * The connection to `current` failed or ended: the next FMC of the list becomes current.
   * Returns true when the end was a switch back to the primary, to be connected at once.
   */
  lost(): boolean {
    this.clearTimer();
    this.epoch++;
    if (this.switching) {
      this.switching = false;
      return true;
    }
    if (this.addresses.length > 1) {
      const from = this.current;
      this.index = (this.index + 1) % this.addresses.length;
      this.options.log.warn(`FMC ${formatFmcAddress(from)} failed; the next attempt goes to FMC ${formatFmcAddress(this.current)}`);
    }
    return false;
  }

  stop(): void {
    this.clearTimer();
    this.epoch++;
  }

  private clearTimer(): void {
    clearTimeout(this.failbackTimer);
    this.failbackTimer = undefined;
  }
}
