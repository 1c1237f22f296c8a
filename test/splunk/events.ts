// One real-shaped kv line per record family, as the client prints it: encoded by the simulator's
// encoder from the record tables, decoded and decorated by the pipeline (with the simulator's
// metadata), plus the connection events of the real FMC capture. The Splunk-side tests read these.

import { readFileSync } from 'node:fs';
import { memoryLogger } from '../../src/log';
import { RecordPipeline } from '../../src/output/pipeline';
import type { Fields } from '../../src/records/decoder';
import { captureRecords } from '../../src/simulator/capture';
import { TrafficGenerator } from '../../src/simulator/generator';
import { CAPTURE_FILE } from '../paths';

const ARCHIVE_TIME = 1_700_000_000;

/** The events, by a name that says what each one is. */
export type FamilyName =
  | 'connection'
  | 'connection_nat_icmp'
  | 'connection_security_intelligence'
  | 'intrusion'
  | 'file_clean'
  | 'file_malware_disposition'
  | 'file_malware'
  | 'malware'
  | 'user_login'
  | 'vpn_login'
  | 'vpn_logoff';

const COMMON = { device_id: 1, sensor_id: 1, event_sec: ARCHIVE_TIME, connection_sec: ARCHIVE_TIME };

/** A VPN login or logoff by bob through AnyConnect: one VPN session with these counters. */
function vpnEvent(counters: Fields): Fields {
  const session = { block_type: 166, index: 1, vpn_type_id: 3, vpn_policy: 'DfltGrpPolicy', vpn_profile: 'RA', client_ip: '203.0.113.50' };
  return {
    ...COMMON, timestamp: ARCHIVE_TIME, username: 'bob', user_id: 1002, user_auth_type_id: 5,
    vpn_sessions: [{ ...session, country_code: 840, client_os: 'Windows', client_app: 'AnyConnect', ...counters }],
  };
}

/** Per event: record type, values by field name (others are zero), main block type. */
const EVENTS: Record<FamilyName, [number, Fields, number]> = {
  connection: [
    71,
    {
      ...COMMON, event_sec: 0, has_ipv6: 1, event_type: 1003, event_subtype: 1, src_ip: '10.1.2.3', dest_ip: '93.184.216.34',
      src_port: 51515, dest_port: 443, ip_proto_id: 6, fw_policy_id: '00000000-0000-0000-0000-00005fc6fa72', fw_rule_id: 268434433,
      fw_rule_action_id: 2, first_pkt_sec: ARCHIVE_TIME - 42, last_pkt_sec: ARCHIVE_TIME, src_pkts: 10, dest_pkts: 12,
      src_bytes: 1687, dest_bytes: 4492, app_proto_id: 1122, client_app_id: 1296, user_id: 9999997, instance_id: 3, connection_id: 98,
      mac_address: '00:50:56:aa:bb:cc', url: 'https://example.com/a b"c', sec_zone_ingress_id: '00000000-0000-0000-0000-000000115001',
      sec_zone_egress_id: '00000000-0000-0000-0000-000000115002', iface_ingress_id: '00000000-0000-0000-0000-000000116001',
      iface_egress_id: '00000000-0000-0000-0000-000000116002', vlan_id: 12,
    },
    174,
  ],
  connection_nat_icmp: [
    71,
    {
      ...COMMON, event_sec: 0, has_ipv6: 1, event_type: 1003, event_subtype: 1, src_ip: '203.0.113.9', dest_ip: '10.9.8.7',
      src_port: 8, dest_port: 0, ip_proto_id: 1, fw_rule_action_id: 1, first_pkt_sec: ARCHIVE_TIME - 1, last_pkt_sec: ARCHIVE_TIME,
      src_pkts: 1, src_bytes: 98, user_id: 0, connection_id: 7, nat_src_ip: '198.51.100.1', nat_dest_ip: '192.0.2.10',
      nat_src_port: 0, nat_dest_port: 0,
    },
    174,
  ],
  connection_security_intelligence: [
    71,
    {
      ...COMMON, event_sec: 0, has_ipv6: 1, event_type: 1003, event_subtype: 1, src_ip: '10.1.2.3', dest_ip: '198.51.100.66',
      src_port: 40000, dest_port: 80, ip_proto_id: 6, fw_rule_action_id: 1, fw_rule_reason_id: 1, first_pkt_sec: ARCHIVE_TIME,
      last_pkt_sec: ARCHIVE_TIME, src_pkts: 1, src_bytes: 60, sec_intel_ip_id: 2, sec_intel_list1_id: 12, connection_id: 9,
      nat_src_ip: '198.51.100.1', nat_src_port: 61000, nat_dest_ip: '198.51.100.66', nat_dest_port: 80,
    },
    174,
  ],
  intrusion: [
    400,
    {
      ...COMMON, event_id: 1, event_usec: 5, sid: 58722, gid: 1, rev: 3, class_id: 29, priority_id: 1, src_ip: '198.51.100.7',
      dest_ip: '10.0.0.5', src_port: 40001, dest_port: 8080, ip_proto_id: 6, impact_bits: 1, blocked_id: 7, user_id: 0,
      ids_policy_id: '00000000-0000-0000-0000-000000118001', fw_policy_id: '00000000-0000-0000-0000-00005fc6fa72', fw_rule_id: 268434434,
    },
    85,
  ],
  file_clean: [
    500,
    {
      ...COMMON, file_event_timestamp: ARCHIVE_TIME, src_ip: '10.1.2.3', dest_ip: '93.184.216.34', src_port: 50000, dest_port: 80,
      ip_proto_id: 6, disposition_id: 1, file_action_id: 0, direction_id: 1, sha256: 'ab'.repeat(32), file_name: 'report.pdf',
      file_size: 1000, file_type_id: 22, user_id: 1001, uri: 'http://example.com/report.pdf',
    },
    79,
  ],
  file_malware_disposition: [
    500,
    {
      ...COMMON, file_event_timestamp: ARCHIVE_TIME, src_ip: '10.1.2.3', dest_ip: '93.184.216.34', src_port: 50001, dest_port: 80,
      ip_proto_id: 6, disposition_id: 3, file_action_id: 4, direction_id: 1, sha256: 'cd'.repeat(32), file_name: 'invoice.exe',
      file_size: 2000, file_type_id: 21, user_id: 1002, signature: 'W32.Trojan.Example', uri: 'http://example.com/invoice.exe',
    },
    79,
  ],
  file_malware: [
    502,
    {
      ...COMMON, file_event_timestamp: ARCHIVE_TIME, src_ip: '10.1.2.4', dest_ip: '93.184.216.35', src_port: 50002, dest_port: 443,
      ip_proto_id: 6, disposition_id: 3, file_action_id: 3, direction_id: 2, sha256: 'ef'.repeat(32), file_name: 'dropper.bin',
      file_size: 3000, file_type_id: 21, user_id: 0, signature: 'W32.Dropper.Example', threat_score: 90, uri: '',
    },
    79,
  ],
  malware: [
    125,
    {
      ...COMMON, type: 553648143, detector_id: 1, detection: 'W32.Generic:Gen.22fz.1201', user: 'CORP\\alice',
      file_name: 'setup.exe', file_path: 'C:\\Users\\alice\\Downloads\\', sha256: '12'.repeat(32), file_size: 4000,
      src_ip: '10.7.7.7', dest_ip: '10.7.7.7', disposition_id: 3, file_action_id: 0,
    },
    80,
  ],
  user_login: [
    95,
    {
      ...COMMON, timestamp: ARCHIVE_TIME, ipv4: '10.4.4.4', username: 'alice', domain: 'CORP',
      user_id: 1001, protocol_id: 710, user_auth_type_id: 1, reported_by: 'dc01.corp.example', email: 'alice@corp.example',
    },
    167,
  ],
  vpn_login: [170, vpnEvent({ duration: 0, bytes_transmitted: 0, bytes_received: 0 }), 167],
  vpn_logoff: [171, vpnEvent({ duration: 3600, bytes_transmitted: 123456, bytes_received: 654321 }), 167],
};

const frame = (recordType: number, body: Buffer) => ({
  recordType,
  netmapId: 0,
  extendedFlag: false,
  recordLength: body.length,
  archiveTimestamp: ARCHIVE_TIME,
  headerSize: 16 as const,
  body,
});

/** The kv line of each family, with every field or (`compact`) only those that carry information. */
export function familyLines(fields: 'all' | 'compact' = 'all'): Record<FamilyName, string> {
  const generator = new TrafficGenerator({ seed: 11 });
  const pipeline = new RecordPipeline({ format: 'kv', fields, logger: memoryLogger() });
  for (const m of generator.metadata()) pipeline.process(frame(m.recordType, m.body));
  const lines = {} as Record<FamilyName, string>;
  for (const [name, [type, values, block]] of Object.entries(EVENTS) as [FamilyName, [number, Fields, number]][]) {
    const body = generator.record(type, values, block);
    if (!body) throw new Error(`the tables cannot encode record ${type} block ${block}`);
    const event = pipeline.process(frame(type, body));
    if (!event) throw new Error(`record ${type} gave no event`);
    lines[name] = event.line;
  }
  const stats = pipeline.stats();
  if (stats.malformed || stats.unknown || stats.unknownBlocks) throw new Error(`pipeline trouble: ${JSON.stringify(stats)}`);
  return lines;
}

/** The kv lines of the real FMC capture's connection events (Dec 2020, block 160). */
export function captureConnectionLines(fields: 'all' | 'compact' = 'all'): string[] {
  const pipeline = new RecordPipeline({ format: 'kv', fields, logger: memoryLogger() });
  const lines: string[] = [];
  for (const record of captureRecords(readFileSync(CAPTURE_FILE))) {
    const event = pipeline.process(record);
    if (event && record.recordType === 71) lines.push(event.line);
  }
  return lines;
}

