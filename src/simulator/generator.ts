// Deterministic, realistic traffic for the simulator: the metadata an FMC knows (devices, zones,
// interfaces, policies, rules, applications, countries, users, intrusion rules, file types) and
// a seeded mix of connection, intrusion, file and malware events that refer to it.
//
// Values are given by field name; any field of a layout not named here is filled with a zero of
// its type, so the generator follows the tables (the single source of truth) as they evolve.

import type { Fields, Value } from '../records/decoder';
import { RecordEncoder } from '../records/encoder';
import { layouts } from '../records/registry';
import { fixedSize, inlineFields, type Field } from '../records/schema';
import { impactFromFlags } from '../metadata/decorations/intrusion';
import { History } from './history';

/** Small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuidOf = (n: number) => `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;

// The simulated deployment.
const SENSORS = [
  { id: 1, name: 'ftd-edge-01' },
  { id: 2, name: 'ftd-dc-02' },
];
const ZONES = [
  { uuid: uuidOf(0x115001), name: 'inside' },
  { uuid: uuidOf(0x115002), name: 'outside' },
  { uuid: uuidOf(0x115003), name: 'dmz' },
];
const INTERFACES = [
  { uuid: uuidOf(0x116001), name: 'GigabitEthernet0/0' },
  { uuid: uuidOf(0x116002), name: 'GigabitEthernet0/1' },
  { uuid: uuidOf(0x116003), name: 'GigabitEthernet0/2' },
];
const AC_POLICY = { uuid: uuidOf(0x5fc6fa72), name: 'corporate-access' };
const AC_RULES = [
  { id: 268434433, name: 'allow-web', action: 2 },
  { id: 268434434, name: 'block-risky', action: 1 },
  { id: 268434435, name: 'trust-dns', action: 2 },
];
const RULE_ACTIONS = [
  { id: 1, name: 'Block' },
  { id: 2, name: 'Allow' },
];
const APPLICATIONS = [
  { id: 676, name: 'HTTP', port: 80 },
  { id: 1122, name: 'HTTPS', port: 443 },
  { id: 617, name: 'DNS', port: 53 },
  { id: 710, name: 'SSH', port: 22 },
];
const CLIENT_APPS = [
  { id: 638, name: 'Firefox' },
  { id: 1296, name: 'SSL client' },
  { id: 2000000001, name: 'curl' },
];
const WEB_APPS = [
  { id: 1423, name: 'Microsoft' },
  { id: 929, name: 'Google' },
];
const COUNTRIES = [
  { id: 840, name: 'united states' },
  { id: 276, name: 'germany' },
  { id: 392, name: 'japan' },
];
const USERS = [
  { id: 1001, name: 'alice', protocol: 710 },
  { id: 1002, name: 'bob', protocol: 710 },
];
const IDS_POLICY = { uuid: uuidOf(0x118001), name: 'Balanced Security and Connectivity' };
const CLASSIFICATIONS = [
  { id: 3, name: 'trojan-activity', description: 'A Network Trojan was Detected' },
  { id: 29, name: 'attempted-admin', description: 'Attempted Administrator Privilege Gain' },
];
const PRIORITIES = [
  { id: 1, name: 'high' },
  { id: 2, name: 'medium' },
  { id: 3, name: 'low' },
];
const RULES = [
  { gid: 1, sid: 2023754, msg: 'ET TROJAN Possible Metasploit Payload', classification: 3, priority: 1 },
  { gid: 1, sid: 58722, msg: 'SERVER-WEBAPP Apache Log4j logging remote code execution attempt', classification: 29, priority: 1 },
];
const FILE_TYPES = [
  { id: 22, name: 'PDF' },
  { id: 21, name: 'MSEXE' },
];
const FILE_POLICY = { uuid: uuidOf(0x530001), name: 'malware-inspection' };
/** Security Intelligence lists (categories of Cisco's feed) of the access control policy: metadata 280. */
const SI_LISTS = [
  { id: 7, name: 'Malware' },
  { id: 12, name: 'CnC' },
  { id: 16, name: 'Tor_exit_node' },
  { id: 18, name: 'Phishing' },
];
/** Which side matched an SI list: metadata 281. */
const SI_SIDES = [
  { id: 1, name: 'Source' },
  { id: 2, name: 'Destination' },
];
/** Share of connection events that are Security Intelligence events (a few percent on a typical FMC). */
const SI_SHARE = 0.05;
/** Share of those the policy only monitors (the rest it blocks). */
const SI_MONITOR_SHARE = 0.3;
/** Access control rule reasons (bit values) of SI verdicts. */
const SI_REASON = { block: 1, monitor: 2 };

export interface GeneratorOptions {
  seed?: number;
  /** Archive second of the first event. */
  baseTime?: number;
  /** Events sharing one archive second (several per second exercise bookmark de-duplication). */
  eventsPerSecond?: number;
}

/** Values for every field of `fields`: the named ones from `values`, zeros of the right type for the rest. */
function complete(fields: readonly Field[], values: Fields, blockType: number | undefined): Fields {
  const out: Fields = { ...values };
  for (const [name, type] of fields) {
    if (typeof type === 'object' && 'inline' in type) {
      const def = blockType === undefined ? undefined : layouts.block(type.inline, blockType);
      if (def) Object.assign(out, complete(inlineFields(type, def), values, undefined));
      continue;
    }
    if (!name || name in out) continue;
    if (typeof type === 'object') {
      if ('list' in type) out[name] = [];
      continue;
    }
    out[name] = fixedSize(type) === undefined ? '' : (0 as Value);
  }
  return out;
}

export class TrafficGenerator {
  private readonly random: () => number;
  private readonly encoder = new RecordEncoder(layouts);
  private produced = 0;
  private readonly baseTime: number;
  private readonly perSecond: number;
  private eventId = 1;

  constructor(opts: GeneratorOptions = {}) {
    this.random = prng(opts.seed ?? 1);
    this.baseTime = opts.baseTime ?? 1_700_000_000;
    this.perSecond = Math.max(1, opts.eventsPerSecond ?? 50);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  private ip(internal: boolean): string {
    return internal ? `10.${this.int(0, 3)}.${this.int(0, 255)}.${this.int(1, 254)}` : `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** Encodes one record body, or undefined if the tables do not define it (yet). */
  record(type: number, values: Fields, blockType?: number): Buffer | undefined {
    const def = layouts.record(type);
    if (!def) return undefined;
    if (blockType !== undefined && def.fields.some(([, t]) => typeof t === 'object' && 'inline' in t)) {
      const series = (def.fields.find(([, t]) => typeof t === 'object' && 'inline' in t)![1] as { inline: 1 | 2 }).inline;
      if (!layouts.block(series, blockType)) return undefined;
    }
    return this.encoder.encodeRecord(def, complete(def.fields, values, blockType), blockType);
  }

  /** The metadata records of the simulated deployment. */
  metadata(): { recordType: number; body: Buffer }[] {
    const out: { recordType: number; body: Buffer }[] = [];
    const add = (type: number, values: Fields, blockType?: number) => {
      const body = this.record(type, values, blockType);
      if (body) out.push({ recordType: type, body });
    };
    for (const s of SENSORS) add(123, { id: s.id, name: s.name });
    for (const p of PRIORITIES) add(4, { priority_id: p.id, name: p.name });
    for (const z of ZONES) add(115, { uuid: z.uuid, name: z.name }, 14);
    for (const i of INTERFACES) add(116, { uuid: i.uuid, name: i.name }, 14);
    for (const s of SENSORS) add(145, { uuid: AC_POLICY.uuid, sensor_id: s.id, name: AC_POLICY.name }, 64);
    for (const r of AC_RULES) add(119, { uuid: AC_POLICY.uuid, id: r.id, name: r.name }, 15);
    for (const a of RULE_ACTIONS) add(120, { id: a.id, name: a.name });
    for (const a of APPLICATIONS) add(63, { id: a.id, name: a.name });
    for (const a of CLIENT_APPS) add(55, { id: a.id, name: a.name });
    for (const a of WEB_APPS) add(109, { id: a.id, name: a.name });
    for (const c of COUNTRIES) add(520, { id: c.id, name: c.name }, 28);
    for (const u of USERS) add(98, { id: u.id, ip_proto_id: u.protocol, name: u.name }, 57);
    add(118, { uuid: IDS_POLICY.uuid, name: IDS_POLICY.name }, 14);
    for (const c of CLASSIFICATIONS) add(67, { id: c.id, name: c.name, description: c.description });
    for (const r of RULES) add(66, { gid: r.gid, id: r.sid, rev: 3, sid: r.sid, msg: r.msg });
    for (const f of FILE_TYPES) add(510, { id: f.id, name: f.name });
    add(530, { uuid: FILE_POLICY.uuid, name: FILE_POLICY.name }, 0);
    for (const l of SI_LISTS) add(280, { fw_rule: l.id, policy_uuid: AC_POLICY.uuid, name: l.name }, 22);
    for (const side of SI_SIDES) add(281, { id: side.id, name: side.name });
    return out;
  }

  /** The next event (deterministic for the seed), with its archive timestamp: a realistic mix. */
  next(): { recordType: number; archiveTimestamp: number; body: Buffer } {
    const archiveTimestamp = this.baseTime + Math.floor(this.produced / this.perSecond);
    this.produced++;
    const roll = this.random();
    const event = roll < 0.2 ? this.intrusion(archiveTimestamp) : roll < 0.35 ? this.file(archiveTimestamp, roll < 0.25) : this.connection(archiveTimestamp, this.random() < 0.9 ? 174 : 160);
    return { ...event, archiveTimestamp, body: event.body ?? Buffer.alloc(0) };
  }

  private endpoints() {
    const sensor = this.pick(SENSORS);
    const app = this.pick(APPLICATIONS);
    return {
      app,
      common: { sensor_id: sensor.id, device_id: sensor.id, src_ip: this.ip(true), dest_ip: this.ip(false), src_port: this.int(1024, 65535), dest_port: app.port },
    };
  }

  /**
   * A connection event (record 71) with main block `blockType` (174 newest, 160 as in the real
   * capture); SI_SHARE of them are Security Intelligence events: the responder is on an SI list,
   * and the connection blocked (reason IP Block, no access control rule) or only monitored.
   */
  connection(archiveTimestamp: number, blockType = 174): { recordType: number; body: Buffer | undefined } {
    const eventSec = archiveTimestamp - this.int(0, 2);
    const { app, common } = this.endpoints();
    const siList = this.random() < SI_SHARE ? this.pick(SI_LISTS) : undefined;
    const siBlock = siList !== undefined && this.random() >= SI_MONITOR_SHARE;
    // Drawn for every event, so that what follows does not depend on the SI roll.
    const picked = this.pick(AC_RULES);
    const rule = siBlock ? { id: 0, action: 1 } : picked;
    const blocked = rule.action === 1;
    const securityIntelligence = siList && {
      sec_intel_ip_id: 2, sec_intel_list1_id: siList.id, fw_rule_reason_id: siBlock ? SI_REASON.block : SI_REASON.monitor,
    };
    return {
      recordType: 71,
      body: this.record(71, {
        ...common,
        has_ipv6: 1, src_host: common.src_ip, event_sec: 0, event_usec: 0, event_type: 1003, event_subtype: 1,
        sec_zone_ingress_id: ZONES[0].uuid, sec_zone_egress_id: ZONES[1].uuid,
        iface_ingress_id: INTERFACES[0].uuid, iface_egress_id: INTERFACES[1].uuid,
        fw_policy_id: AC_POLICY.uuid, fw_rule_id: rule.id, fw_rule_action_id: rule.action, fw_rule_reason_id: 0,
        ip_proto_id: app.port === 53 ? 17 : 6, first_pkt_sec: eventSec - this.int(0, 60), last_pkt_sec: eventSec,
        src_pkts: this.int(1, 200), dest_pkts: blocked ? 0 : this.int(1, 400),
        src_bytes: this.int(60, 50_000), dest_bytes: blocked ? 0 : this.int(60, 2_000_000),
        app_proto_id: app.id, client_app_id: this.pick(CLIENT_APPS).id, web_app_id: this.pick(WEB_APPS).id,
        user_id: this.pick(USERS).id, src_ip_country_id: 0, dest_ip_country_id: this.pick(COUNTRIES).id,
        instance_id: this.int(1, 8), connection_id: this.int(1, 65535),
        url: app.port === 443 || app.port === 80 ? `https://${common.dest_ip}/index.html` : '',
        ...securityIntelligence,
      }, blockType),
    };
  }

  /** An intrusion event (record 400, block 85). */
  intrusion(archiveTimestamp: number): { recordType: number; body: Buffer | undefined } {
    const eventSec = archiveTimestamp - this.int(0, 2);
    const { app, common } = this.endpoints();
    const r = this.pick(RULES);
    return {
      recordType: 400,
      body: this.record(400, {
        ...common,
        event_id: this.eventId++, event_sec: eventSec, event_usec: this.int(0, 999_999),
        sid: r.sid, gid: r.gid, rev: 3, class_id: r.classification, priority_id: r.priority,
        ip_proto_id: app.port === 53 ? 17 : 6, ...this.impact(), blocked_id: this.int(0, 2),
        ids_policy_id: IDS_POLICY.uuid, fw_policy_id: AC_POLICY.uuid, fw_rule_id: this.pick(AC_RULES).id, app_proto_id: app.id,
        sec_zone_ingress_id: ZONES[1].uuid, sec_zone_egress_id: ZONES[0].uuid,
        iface_ingress_id: INTERFACES[1].uuid, iface_egress_id: INTERFACES[0].uuid,
        src_ip_country_id: this.pick(COUNTRIES).id, dest_ip_country_id: 840, user_id: 0, connection_sec: eventSec,
      }, 85),
    };
  }

  /** Impact flags and the impact level the FMC derives from them (5 when unknown). */
  private impact(): Fields {
    const impact_bits = this.pick([1, 3, 7, 0x20]);
    return { impact_bits, impact_level: impactFromFlags(impact_bits) || 5 };
  }

  /** A file event (500) or file malware event (502), block 79. */
  file(archiveTimestamp: number, malware: boolean): { recordType: number; body: Buffer | undefined } {
    const eventSec = archiveTimestamp - this.int(0, 2);
    const { app, common } = this.endpoints();
    const type = malware ? 502 : 500;
    return {
      recordType: type,
      body: this.record(type, {
        ...common,
        event_sec: eventSec, connection_sec: eventSec, file_name: malware ? 'invoice-2024.pdf.exe' : 'quarterly-report.pdf',
        file_size: this.int(10_000, 5_000_000), sha256: this.int(1, 1e9).toString(16).padStart(8, '0').repeat(8),
        file_type_id: malware ? 21 : 22, disposition_id: malware ? 3 : 1, file_action_id: malware ? 4 : 1, direction_id: 1,
        app_proto_id: app.id, user_id: this.pick(USERS).id, fw_policy_id: AC_POLICY.uuid, file_policy_id: FILE_POLICY.uuid,
        src_ip_country_id: this.pick(COUNTRIES).id, dest_ip_country_id: 840, ip_proto_id: 6, threat_score: malware ? 90 : 0,
        uri: `https://${common.dest_ip}/files/download`,
      }, 79),
    };
  }

  /** A history with the metadata and `count` events. */
  fill(history: History, count: number): History {
    for (const m of this.metadata()) history.addMetadata({ ...m, archiveTimestamp: 0 });
    this.append(history, count);
    return history;
  }

  append(history: History, count: number): void {
    for (let i = 0; i < count; i++) {
      const e = this.next();
      if (e.body.length) history.append(e);
    }
  }
}
