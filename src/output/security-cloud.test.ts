// The security_cloud output held against Cisco Security Cloud's three real example events
// (test/fixtures/splunk/security_content_data_sources): the same event, sent by an FMC as
// eStreamer records with the metadata naming its ids, must come out with the example's keys and
// values, except the keys eStreamer cannot give (KEYS_NOT_PRODUCED) and the few values written
// differently (DIFFERENT_VALUES, also in docs/security-cloud.md).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SPLUNK_REFERENCE } from '../../test/paths';
import { memoryLogger } from '../log';
import { recordFrame } from '../protocol/messages';
import { DECORATIONS } from '../metadata/decorations';
import type { Fields } from '../records/decoder';
import { layouts } from '../records/registry';
import { inlineFields } from '../records/schema';
import { TrafficGenerator } from '../simulator/generator';
import { RecordPipeline } from './pipeline';
import { KEYS_NOT_PRODUCED, SECURITY_CLOUD_EVENTS } from './security-cloud';

const DATA_SOURCES = join(SPLUNK_REFERENCE, 'security_content_data_sources');

/** A data source file's example event and its documented field names (the YAML read as far as these two need). */
function dataSource(kind: 'connection' | 'intrusion' | 'file'): { example: Record<string, unknown>; fields: string[] } {
  const text = readFileSync(join(DATA_SOURCES, `cisco_secure_firewall_threat_defense_${kind}_event.yml`), 'utf8');
  const fields = text.split('\nfields:\n')[1].split(/\n(?=\S)/)[0].split('\n').map((l) => l.replace(/^\s*- /, '').trim());
  // A single-quoted scalar, folded across lines (a line break and the next line's indent read as one space).
  const quoted = /\nexample_log: '((?:[^']|'')*)'/.exec(text)![1].replace(/\n\s*/g, ' ').replace(/''/g, "'");
  // The intrusion example lacks its opening brace (test/fixtures/SOURCES.md).
  const body = quoted.trim().replace(/^\{/, '').replace(/\}$/, '');
  const json = `{${body}}`;
  return { example: JSON.parse(json) as Record<string, unknown>, fields };
}

/** Values Security Cloud writes differently from the FMC's own names that we print. */
const DIFFERENT_VALUES: Record<string, string> = {
  SSL_CipherSuite: 'cipher suite 0: the IANA name TLS_NULL_WITH_NULL_NULL, where Security Cloud writes Unknown',
  FileStorageStatus: 'eNcore\'s wording "File Size is Too Small"; Security Cloud capitalises "Is"',
  FileSandboxStatus: 'as FileStorageStatus',
};

/** Keys we add that no example documents: Security Intelligence and AMP for Endpoints details. */
const OUR_KEYS = ['SecIntMatchingIP', 'IPReputationSICategory', 'AgentUUID', 'FilePath'];

// The deployment of the three examples: ids and uuids as in them, where they give them.
const DEVICE = { id: 2, name: '172.16.0.10' };
const ZONE = { inside: 'efbcd7ac-f60a-11ef-a955-43d7eeccc024', outside: 'ef9c7c64-f60a-11ef-a955-43d7eeccc024' };
const IFACE = { inside: 'efbb6160-f60a-11ef-a955-43d7eeccc024', outside: 'ef9a2180-f60a-11ef-a955-43d7eeccc024' };
const AC_POLICY = '00000000-0000-0000-0000-000067fece37';
const IDS_POLICY = '0210b9f5-95a7-0ed3-0000-004294971142';
const NAP_POLICY = 'a6738542-f604-11ef-8765-a4eeeeccc024';
const RULE = { permitOutbound: 268434433, nasBlock: 268434434 };
const APP = { http: 676, https: 1122 };
const CLIENT = { firefox: 638, parallels: 2802, wget: 2000000410 };
const WEB = { google: 929, microsoftUpdate: 731, webBrowsing: 1005 };
const EICAR_TYPE = 312;
const EICAR_SHA = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const SPERO_NOT_PERFORMED = 6;

/** The metadata records an FMC sends for that deployment: [record type, values, block type]. */
const METADATA: [number, Fields, number?][] = [
  [123, DEVICE],
  [4, { id: 1, name: 'high' }],
  [115, { uuid: ZONE.inside, name: 'inside' }, 14],
  [115, { uuid: ZONE.outside, name: 'outside' }, 14],
  [116, { uuid: IFACE.inside, name: 'inside' }, 14],
  [116, { uuid: IFACE.outside, name: 'outside' }, 14],
  [145, { uuid: AC_POLICY, sensor_id: DEVICE.id, name: 'default' }, 64],
  [119, { uuid: AC_POLICY, id: RULE.permitOutbound, name: 'Permit Outbound' }, 15],
  [119, { uuid: AC_POLICY, id: RULE.nasBlock, name: 'NasBlock' }, 15],
  [120, { id: 1, name: 'Block' }],
  [63, { id: APP.http, name: 'HTTP' }],
  [63, { id: APP.https, name: 'HTTPS' }],
  [55, { id: CLIENT.firefox, name: 'Firefox' }],
  [55, { id: CLIENT.parallels, name: 'Parallels' }],
  [55, { id: CLIENT.wget, name: 'Wget' }],
  [109, { id: WEB.google, name: 'Google' }],
  [109, { id: WEB.microsoftUpdate, name: 'Microsoft Update' }],
  [109, { id: WEB.webBrowsing, name: 'Web Browsing' }],
  [118, { uuid: IDS_POLICY, name: 'default' }, 14],
  [700, { uuid: NAP_POLICY, name: 'Balanced Security and Connectivity' }, 14],
  [67, { id: 27, name: 'policy-violation', description: 'Potential Corporate Policy Violation' }],
  [66, { gid: 1, id: 11192, rev: 20, sid: 11192, msg: 'FILE-EXECUTABLE download of executable content' }],
  [510, { id: EICAR_TYPE, name: 'EICAR' }],
  [517, { id: SPERO_NOT_PERFORMED, name: 'Spero detection not performed on file' }],
  [511, { sha256: EICAR_SHA, name: 'EICAR', disposition: 3 }, 40],
];

/** The example events as eStreamer records: [record type, main block, values]. */
const RECORDS: Record<'connection' | 'intrusion' | 'file', [number, number, Fields]> = {
  connection: [71, 174, {
    event_type: 1003, event_subtype: 1, first_pkt_sec: 1743500734, last_pkt_sec: 1743500734, sensor_id: DEVICE.id, instance_id: 1, connection_id: 259,
    fw_rule_action_id: 1, src_ip: '172.16.3.110', dest_ip: '142.250.191.196', src_port: 62296, dest_port: 443, ip_proto_id: 6,
    iface_ingress_id: IFACE.inside, iface_egress_id: IFACE.outside, sec_zone_ingress_id: ZONE.inside, sec_zone_egress_id: ZONE.outside,
    ingress_vrf_name: 'Global', egress_vrf_name: 'Global', fw_policy_id: AC_POLICY, fw_rule_id: RULE.nasBlock,
    client_app_id: CLIENT.firefox, app_proto_id: APP.https, web_app_id: WEB.google, src_pkts: 3, dest_pkts: 1, src_bytes: 840, dest_bytes: 66,
    ssl_flow_status_id: 2, ssl_cert_fingerprint: '2fcc05c514c4cda4260531f967407cd33974340c', ssl_actual_action_id: 1, ssl_expected_action_id: 1,
    url: 'https://www.google.com', nat_src_port: 62296, nat_dest_port: 443, nat_src_ip: '172.16.2.10', nat_dest_ip: '142.250.191.196',
    eve_process: 'firefox browser', eve_process_confidence: 100, eve_threat_confidence: 0, eve_threat_confidence_index: 1,
  }],
  intrusion: [400, 85, {
    device_id: DEVICE.id, event_id: 195, event_sec: 1744752707, event_usec: 709756, sid: 11192, gid: 1, rev: 20, class_id: 27, priority_id: 1,
    src_ip: '146.75.78.172', dest_ip: '172.16.3.110', src_port: 80, dest_port: 2604, ip_proto_id: 6, impact_level: 5, blocked_id: 5,
    ids_policy_id: IDS_POLICY, user_id: 9999997, web_app_id: WEB.microsoftUpdate, client_app_id: CLIENT.parallels, app_proto_id: APP.http,
    fw_rule_id: RULE.permitOutbound, fw_policy_id: AC_POLICY, iface_ingress_id: IFACE.outside, iface_egress_id: IFACE.inside,
    sec_zone_ingress_id: ZONE.outside, sec_zone_egress_id: ZONE.inside, connection_sec: 1744752707, instance_id: 1, connection_id: 27798,
    src_ip_country_id: 840, net_analysis_policy_id: NAP_POLICY, blocked_reason_id: 2, ingress_vrf_name: 'Global', egress_vrf_name: 'Global',
    snort_version: 3, http_hostname: 'au.download.windowsupdate.com',
    http_uri: '/d/msdownload/update/software/defu/2025/04/am_delta_patch_1.427.242.0_5ac0bd95663c4357097204f23072019d82f2e8ce.exe',
  }],
  file: [500, 79, {
    device_id: DEVICE.id, instance_id: 1, connection_id: 10092, connection_sec: 1741199881, event_sec: 1741199882,
    src_ip: '172.16.3.158', dest_ip: '85.215.35.144', disposition_id: 3, spero_disposition_id: SPERO_NOT_PERFORMED, file_storage_status_id: 9,
    file_sandbox_status: 9, threat_score: 76, file_action_id: 3, sha256: EICAR_SHA, file_type_id: EICAR_TYPE, file_name: 'csm-eicar.gif',
    file_size: 68, direction_id: 1, app_proto_id: APP.http, uri: '/csm-eicar.gif', src_port: 55988, dest_port: 80, ip_proto_id: 6,
    web_app_id: WEB.webBrowsing, client_app_id: CLIENT.wget, ingress_vrf_name: 'Global', egress_vrf_name: 'Global',
  }],
};

/** Our security_cloud event for the example of `kind`, through the pipeline from the records' bytes. */
function ours(kind: keyof typeof RECORDS): Record<string, unknown> {
  const gen = new TrafficGenerator();
  const pipeline = new RecordPipeline({ format: 'security_cloud', logger: memoryLogger() });
  for (const [type, values, block] of METADATA) {
    const body = gen.record(type, values, block);
    assert.ok(body, `metadata record ${type}`);
    pipeline.process(recordFrame(type, body, 0));
  }
  const [type, block, values] = RECORDS[kind];
  const event = pipeline.process(recordFrame(type, gen.record(type, values, block)!, 1_750_000_000));
  assert.ok(event, kind);
  assert.equal(pipeline.stats().malformed, 0);
  return JSON.parse(event.line) as Record<string, unknown>;
}

const documented = new Set(['connection', 'intrusion', 'file'].flatMap((k) => dataSource(k as 'file').fields.concat(Object.keys(dataSource(k as 'file').example))));

for (const kind of ['connection', 'intrusion', 'file'] as const) {
  test(`security_cloud ${kind} event: the example's keys and values`, () => {
    const { example } = dataSource(kind);
    const event = ours(kind);
    const missing = Object.keys(example).filter((key) => !(key in event) && !(key in KEYS_NOT_PRODUCED));
    assert.deepEqual(missing, [], 'keys of the example we leave out without saying why');
    for (const [key, value] of Object.entries(example)) {
      if (!(key in event)) continue;
      assert.equal(typeof event[key], typeof value, `${key}: a ${typeof value} in Security Cloud's event`);
      if (!(key in DIFFERENT_VALUES)) assert.deepEqual(event[key], value, key);
    }
    for (const key of Object.keys(DIFFERENT_VALUES)) if (key in example) assert.notDeepEqual(event[key], example[key], `${key} is listed as different but is not`);
    const unknown = Object.keys(event).filter((key) => !documented.has(key) && !OUR_KEYS.includes(key));
    assert.deepEqual(unknown, [], "keys no Security Cloud data source documents (a misspelt key, or one to add to OUR_KEYS)");
  });
}

test('each key said not to be produced is in an example whose kind of event lacks it (no stale entries)', () => {
  for (const key of Object.keys(KEYS_NOT_PRODUCED)) {
    const kinds = (['connection', 'intrusion', 'file'] as const).filter((kind) => key in dataSource(kind).example);
    const lacking = kinds.filter((kind) => !SECURITY_CLOUD_EVENTS[RECORDS[kind][0]].fields.some(([k]) => k === key));
    assert.ok(lacking.length > 0, `${key}: in no example, or produced for every kind of event that has it`);
  }
});

test('docs/security-cloud.md names every key not produced and every value written differently', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'security-cloud.md'), 'utf8');
  for (const key of [...Object.keys(KEYS_NOT_PRODUCED), ...Object.keys(DIFFERENT_VALUES), ...OUR_KEYS]) assert.ok(doc.includes(`\`${key}\``), key);
});

test('security_cloud: event time, and the records Security Cloud has no event for go out as json', () => {
  const gen = new TrafficGenerator({ seed: 4 });
  const pipeline = new RecordPipeline({ format: 'security_cloud', logger: memoryLogger() });
  const [type, block, values] = RECORDS.intrusion;
  const event = pipeline.process(recordFrame(type, gen.record(type, values, block)!, 1_750_000_000))!;
  assert.equal(event.time, 1744752707.709756, "the event's own time, as in the other formats");
  assert.equal(event.xmlSafe, false, 'JSON text is checked for characters XML cannot carry');
  const device = pipeline.process(recordFrame(123, gen.record(123, DEVICE)!, 0))!;
  assert.deepEqual(JSON.parse(device.line), { rec_type: 123, rec_type_simple: 'SENSOR', rec_type_desc: 'Managed Device Metadata', id: 2, name: '172.16.0.10' });
});

test('every field the table maps from is a field or a decoration of that record type (in some block version)', () => {
  for (const [type, event] of Object.entries(SECURITY_CLOUD_EVENTS)) {
    const def = layouts.record(Number(type))!;
    const names = new Set(DECORATIONS.filter((d) => d.recordType === def.type).flatMap((d) => d.decorations.map((x) => x.name)));
    for (const [name, fieldType] of def.fields) {
      names.add(name);
      if (typeof fieldType !== 'object' || !('inline' in fieldType)) continue;
      for (const block of def.blocks ?? []) for (const [n] of inlineFields(fieldType, layouts.block(fieldType.inline, block)!)) names.add(n);
    }
    // Every record gets these (decorator.ts).
    for (const common of ['sensor', 'event_desc']) names.add(common);
    const unknown = event.fields.map(([, from]) => from).filter((from) => !names.has(from));
    assert.deepEqual(unknown, [], `record ${type}`);
  }
});

test('security_cloud malware event (125): the file and threat keys, the endpoint agent and file path', () => {
  const gen = new TrafficGenerator();
  const pipeline = new RecordPipeline({ format: 'security_cloud', logger: memoryLogger() });
  for (const [type, values, block] of METADATA) pipeline.process(recordFrame(type, gen.record(type, values, block)!, 0));
  const agent = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  const body = gen.record(125, {
    agent_uuid: agent, event_sec: 1741199990, detection: 'W32.EICAR.Test', file_name: 'eicar.com', file_path: 'C:\\Users\\alice\\Downloads\\',
    sha256: EICAR_SHA, file_size: 68, device_id: DEVICE.id, src_ip: '172.16.3.158', dest_ip: '85.215.35.144', src_port: 55988, dest_port: 80,
    ip_proto_id: 6, policy_uuid: AC_POLICY, disposition_id: 3, direction_id: 1, threat_score: 76,
  }, 80)!;
  const event = JSON.parse(pipeline.process(recordFrame(125, body, 1_750_000_000))!.line) as Record<string, unknown>;
  assert.deepEqual(
    [event.EventType, event.EventSecond, event.ThreatName, event.FileSHA256, event.SHA_Disposition, event.FileDirection, event.AgentUUID, event.FilePath],
    ['MalwareEvent', 1741199990, 'W32.EICAR.Test', EICAR_SHA, 'Malware', 'Download', agent, 'C:\\Users\\alice\\Downloads\\'],
  );
  assert.equal(event.FirewallPolicy, 'default');
  assert.equal(event.Device, '172.16.0.10');
});
