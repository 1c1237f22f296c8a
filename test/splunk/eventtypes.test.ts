// Event types and tags of each record family, for both source types: the add-on's own names, the
// names Cisco's TA-eStreamer and eStreamer-Dashboard used (kept so their searches keep working),
// and the Security Intelligence event type.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLogger } from '../../src/log';
import { RecordPipeline } from '../../src/output/pipeline';
import type { RecordCategory } from '../../src/records/schema';
import { TrafficGenerator } from '../../src/simulator/generator';
import { familyLines, type FamilyName } from './events';
import { eventtypesOf, parseSearch, readApp, searchTimeFields, tagsOf } from './search-time';

const app = readApp();
const lines = familyLines();

const CONNECTION = ['estreamer_connection', 'firepower_network', 'estreamer_flow'];
const EXPECTED: Record<FamilyName, { eventtypes: string[]; tags: string[] }> = {
  connection: { eventtypes: CONNECTION, tags: ['network', 'communicate'] },
  connection_nat_icmp: { eventtypes: CONNECTION, tags: ['network', 'communicate'] },
  connection_security_intelligence: {
    eventtypes: [...CONNECTION, 'estreamer_security_intelligence', 'estreamer_si_event'],
    tags: ['network', 'communicate', 'security_intelligence'],
  },
  intrusion: { eventtypes: ['estreamer_intrusion', 'firepower_attack', 'estreamer_ids_ips_event'], tags: ['ids', 'attack'] },
  file_clean: { eventtypes: ['estreamer_file', 'estreamer_file_malware_event'], tags: [] },
  file_malware_disposition: { eventtypes: ['estreamer_malware', 'estreamer_file', 'estreamer_file_malware_event'], tags: ['malware', 'attack'] },
  file_malware: { eventtypes: ['estreamer_malware', 'estreamer_file', 'estreamer_file_malware_event'], tags: ['malware', 'attack'] },
  malware: { eventtypes: ['estreamer_malware', 'firepower_malware', 'estreamer_file_malware_event'], tags: ['malware', 'attack'] },
  user_login: { eventtypes: ['estreamer_user_login', 'firepower_authentication'], tags: ['authentication', 'network', 'session', 'start'] },
  vpn_login: { eventtypes: ['estreamer_vpn_login'], tags: ['authentication', 'network', 'session', 'start', 'vpn'] },
  vpn_logoff: { eventtypes: ['estreamer_vpn_logoff'], tags: ['network', 'session', 'end', 'vpn'] },
};

for (const sourcetype of ['cisco:estreamer', 'cisco:estreamer:data']) {
  describe(`event types and tags (${sourcetype})`, () => {
    for (const [family, expected] of Object.entries(EXPECTED) as [FamilyName, (typeof EXPECTED)[FamilyName]][]) {
      it(family, () => {
        const fields = searchTimeFields(app, sourcetype, lines[family]);
        assert.deepEqual(eventtypesOf(app, fields).sort(), [...expected.eventtypes].sort());
        assert.deepEqual([...tagsOf(app, fields)].sort(), [...expected.tags].sort());
      });
    }
  });
}

describe("Cisco's event type names", () => {
  it('are all kept', () => {
    for (const name of [
      'firepower_network', 'firepower_attack', 'firepower_malware', 'firepower_authentication', 'firepower_endpoint', 'firepower_dns',
      'firepower_ssl', 'estreamer_flow', 'estreamer_si_event', 'estreamer_ids_ips_event', 'estreamer_file_malware_event', 'estreamer_scan_event',
    ]) {
      assert.ok(app.eventtypes.has(name), name);
    }
  });

  it('select what Cisco selected: DNS by port 53, endpoint detector metadata, TLS metadata 600-614, scans without a hash', () => {
    const matches = (name: string, fields: Record<string, string>) =>
      parseSearch(app.eventtypes.get(name)!.get('search')!)(new Map(Object.entries({ sourcetype: 'cisco:estreamer', ...fields })));
    assert.ok(matches('firepower_dns', { rec_type: '71', dest_port: '53' }));
    assert.ok(matches('firepower_dns', { rec_type: '71', src_port: '53' }));
    assert.ok(!matches('firepower_dns', { rec_type: '71', dest_port: '443' }));
    assert.ok(matches('firepower_endpoint', { rec_type: '130' }));
    for (const type of ['600', '607', '614']) assert.ok(matches('firepower_ssl', { rec_type: type }), type);
    for (const type of ['599', '615', '71']) assert.ok(!matches('firepower_ssl', { rec_type: type }), type);
    assert.ok(matches('estreamer_scan_event', { rec_type: '125', sha256: '' }));
    assert.ok(!matches('estreamer_scan_event', { rec_type: '125', sha256: 'ab' }));
    assert.ok(!matches('estreamer_connection', { sourcetype: 'cisco:estreamer:log', rec_type: '71' }), 'only the event source types');
  });
});

describe('the Security Intelligence event type', () => {
  /** The simulator's mix through a pipeline that outputs `categories` (all when undefined). */
  function mix(categories?: RecordCategory[]): string[] {
    const generator = new TrafficGenerator({ seed: 5 });
    const pipeline = new RecordPipeline({ format: 'kv', logger: memoryLogger(), ...(categories ? { categories } : {}) });
    const frame = (recordType: number, archiveTimestamp: number, body: Buffer) =>
      ({ recordType, netmapId: 0, extendedFlag: false, recordLength: body.length, archiveTimestamp, headerSize: 16 as const, body });
    for (const m of generator.metadata()) pipeline.process(frame(m.recordType, 0, m.body));
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const e = generator.next();
      const event = pipeline.process(frame(e.recordType, e.archiveTimestamp, e.body));
      if (event && e.recordType === 71) lines.push(event.line);
    }
    return lines;
  }

  it("matches exactly the connection events of the client's security_intelligence category", () => {
    const si = new Set(mix(['security_intelligence']));
    const all = mix();
    assert.ok(si.size >= 20 && si.size < all.length / 5, `${si.size} of ${all.length}`);
    for (const line of all) {
      const fields = searchTimeFields(app, 'cisco:estreamer', line);
      assert.equal(eventtypesOf(app, fields).includes('estreamer_security_intelligence'), si.has(line), line.slice(0, 200));
      assert.equal(tagsOf(app, fields).has('security_intelligence'), si.has(line));
    }
  });
});
