// CIM mapping a CIM-based search can trust: one real-shaped event of each record family (printed
// by the client from records the simulator's encoder made, plus the real capture's connections),
// its fields computed from props.conf, transforms.conf and lookups/ (search-time.ts), its tags
// from eventtypes.conf and tags.conf. Per data model: which events belong to it (its tag
// constraint) and the CIM fields each member gets. A field listed as undefined must be absent.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_TABLES } from '../../src/metadata/builtin';
import { kvValue } from '../../src/output/kv';
import { captureConnectionLines, familyLines, type FamilyName } from './events';
import { readApp, searchTimeFields, tagsOf } from './search-time';

const app = readApp();
const lines = familyLines();
const compactLines = familyLines('compact');
const SOURCETYPES = ['cisco:estreamer', 'cisco:estreamer:data'];

type Expected = Record<string, string | undefined>;

interface DataModel {
  /** The tags its root dataset requires (tags.conf.cim.spec, CIM data model constraints). */
  tags: string[];
  /** Every family event in the data model, with the CIM fields it must have. */
  members: Partial<Record<FamilyName, Expected>>;
}

const VENDOR = { vendor_product: 'Cisco Secure Firewall', dvc: 'ftd-edge-01' };

const DATA_MODELS: Record<string, DataModel> = {
  Network_Traffic: {
    tags: ['network', 'communicate'],
    members: {
      connection: {
        ...VENDOR, action: 'allowed', app: 'HTTPS', transport: 'tcp', protocol: 'ip', protocol_version: '4',
        src: '10.1.2.3', src_ip: '10.1.2.3', src_port: '51515', dest: '93.184.216.34', dest_ip: '93.184.216.34', dest_port: '443',
        // CIM: bytes_out leave the source, bytes_in come back to it.
        bytes_out: '1687', bytes_in: '4492', bytes: '6179', packets_out: '10', packets_in: '12', packets: '22',
        duration: '42', flow_id: '98', session_id: '98', rule: 'allow-web', src_zone: 'inside', dest_zone: 'outside',
        src_interface: 'GigabitEthernet0/0', dest_interface: 'GigabitEthernet0/1', src_mac: '00:50:56:aa:bb:cc', vlan: '12',
        direction: 'outbound', url: 'https://example.com/a b"c',
        user: undefined, // "No Authentication Required"
        icmp_type: undefined, icmp_code: undefined,
        src_translated_ip: undefined, src_translated_port: undefined, dest_translated_ip: undefined, dest_translated_port: undefined,
      },
      connection_nat_icmp: {
        ...VENDOR, action: 'blocked', transport: 'icmp', protocol: 'ip', protocol_version: '4', icmp_type: '8', icmp_code: '0',
        src: '203.0.113.9', dest: '10.9.8.7', direction: 'inbound', duration: '1', bytes_out: '98', bytes_in: '0',
        src_translated_ip: '198.51.100.1', dest_translated_ip: '192.0.2.10', src_translated_port: undefined, dest_translated_port: undefined,
        user: undefined, // "Unknown"
        app: undefined, src_zone: undefined, src_mac: undefined, url: undefined,
      },
      connection_security_intelligence: {
        ...VENDOR, action: 'blocked', src: '10.1.2.3', dest: '198.51.100.66', transport: 'tcp',
        src_translated_ip: '198.51.100.1', src_translated_port: '61000', dest_translated_ip: '198.51.100.66', dest_translated_port: '80',
      },
    },
  },
  Intrusion_Detection: {
    tags: ['ids', 'attack'],
    members: {
      intrusion: {
        ...VENDOR, action: 'blocked', ids_type: 'network', signature: 'SERVER-WEBAPP Apache Log4j logging remote code execution attempt',
        signature_id: '58722', category: 'Attempted Administrator Privilege Gain', severity: 'high', severity_id: '1',
        src: '198.51.100.7', src_port: '40001', dest: '10.0.0.5', dest_port: '8080', transport: 'tcp', rule: 'block-risky',
        user: undefined,
      },
    },
  },
  Malware: {
    tags: ['malware', 'attack'],
    members: {
      file_malware_disposition: {
        ...VENDOR, action: 'blocked', signature: 'W32.Trojan.Example', file_name: 'invoice.exe', file_hash: 'cd'.repeat(32),
        src: '10.1.2.3', dest: '93.184.216.34', user: 'bob', url: 'http://example.com/invoice.exe', date: '1700000000',
      },
      file_malware: {
        ...VENDOR, action: 'allowed', signature: 'W32.Dropper.Example', file_name: 'dropper.bin', file_hash: 'ef'.repeat(32),
        src: '10.1.2.4', dest: '93.184.216.35', user: undefined, url: undefined, date: '1700000000',
      },
      malware: {
        ...VENDOR, action: 'blocked', signature: 'W32.Generic:Gen.22fz.1201', category: 'Threat Quarantined', file_name: 'setup.exe',
        file_path: 'C:\\Users\\alice\\Downloads\\', file_hash: '12'.repeat(32), user: 'CORP\\alice', dest: '10.7.7.7', date: '1700000000',
      },
    },
  },
  Authentication: {
    tags: ['authentication'],
    members: {
      user_login: { ...VENDOR, action: 'success', app: 'user_login', user: 'alice', src: '10.4.4.4', dest: 'dc01.corp.example' },
      vpn_login: { ...VENDOR, action: 'success', app: 'vpn', user: 'bob', src: '203.0.113.50', dest: 'ftd-edge-01' },
    },
  },
  Network_Sessions: {
    tags: ['network', 'session'],
    members: {
      user_login: { ...VENDOR, action: 'success', user: 'alice', src_ip: '10.4.4.4', dest: 'dc01.corp.example' },
      vpn_login: { ...VENDOR, action: 'success', user: 'bob', src_ip: '203.0.113.50', dest: 'ftd-edge-01' },
      vpn_logoff: { ...VENDOR, user: 'bob', src_ip: '203.0.113.50', dest: 'ftd-edge-01', duration: '3600' },
    },
  },
};

const fieldsOf = (family: FamilyName, sourcetype = SOURCETYPES[0]) => searchTimeFields(app, sourcetype, lines[family]);

for (const [model, { tags, members }] of Object.entries(DATA_MODELS)) {
  describe(`CIM ${model} (tags ${tags.join(' + ')})`, () => {
    it('holds exactly the events it should', () => {
      const inModel = (Object.keys(lines) as FamilyName[]).filter((family) => {
        const eventTags = tagsOf(app, fieldsOf(family));
        return tags.every((tag) => eventTags.has(tag));
      });
      assert.deepEqual(inModel.sort(), Object.keys(members).sort());
    });

    for (const [family, expected] of Object.entries(members) as [FamilyName, Expected][]) {
      for (const sourcetype of SOURCETYPES) {
        it(`${family} (${sourcetype}) gets its CIM fields`, () => {
          const fields = fieldsOf(family, sourcetype);
          const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, fields.get(name)]));
          assert.deepEqual(actual, expected);
        });
      }
      it(`${family} gets the same CIM fields and tags with fields = compact`, () => {
        const full = fieldsOf(family);
        const compact = searchTimeFields(app, SOURCETYPES[0], compactLines[family]);
        assert.ok(compactLines[family].length < lines[family].length);
        const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, compact.get(name)]));
        assert.deepEqual(actual, expected);
        assert.deepEqual([...tagsOf(app, compact)].sort(), [...tagsOf(app, full)].sort());
      });
    }
  });
}

describe('CIM on the real capture', () => {
  const captured = [...captureConnectionLines(), ...captureConnectionLines('compact')];

  it('maps every connection event of the FMC capture to Network Traffic, with all fields or compact', () => {
    assert.equal(captured.length, 2 * 38);
    for (const line of captured) {
      const fields = searchTimeFields(app, 'cisco:estreamer', line);
      const tags = tagsOf(app, fields);
      assert.ok(tags.has('network') && tags.has('communicate'), line);
      for (const name of ['action', 'src', 'dest', 'dest_port', 'transport', 'bytes_in', 'bytes_out', 'duration', 'protocol_version', 'flow_id']) {
        assert.ok(fields.has(name), `${name} missing: ${line}`);
      }
      assert.equal(fields.get('bytes_out'), fields.get('src_bytes') ?? '0');
      assert.equal(fields.get('bytes_in'), fields.get('dest_bytes') ?? '0');
      assert.ok(!['No Authentication Required', 'Unknown'].includes(fields.get('user') ?? ''), `placeholder user: ${line}`);
    }
  });
});

describe('what never reaches CIM', () => {
  it('a placeholder user, address, zone or hash', () => {
    for (const family of Object.keys(lines) as FamilyName[]) {
      const fields = fieldsOf(family);
      assert.doesNotMatch(fields.get('user') ?? 'absent', /^(Unknown|No Authentication Required|\d+)?$/, `${family} user`);
      for (const name of ['src', 'dest', 'src_ip', 'dest_ip']) assert.doesNotMatch(fields.get(name) ?? 'absent', /^(::|0\.0\.0\.0)?$/, `${family} ${name}`);
      for (const name of ['src_zone', 'dest_zone', 'src_interface', 'dest_interface']) assert.notEqual(fields.get(name), 'N/A', `${family} ${name}`);
      assert.doesNotMatch(fields.get('file_hash') ?? 'x', /^0*$/, `${family} file_hash`);
      assert.notEqual(fields.get('url'), '', `${family} url`);
    }
  });

  it('a file event whose file is not malware (it stays a file event)', () => {
    const fields = fieldsOf('file_clean');
    assert.equal(tagsOf(app, fields).has('malware'), false);
    assert.equal(fields.get('action'), 'allowed', 'file action N/A: the file passed');
  });
});

describe('CIM action from every value the client prints', () => {
  const actionOf = (fields: Record<string, string>) =>
    searchTimeFields(app, SOURCETYPES[0], Object.entries(fields).map(([k, v]) => `${k}=${kvValue(v)}`).join(' ')).get('action');

  it("intrusion events: blocked only when the FMC blocked (not 'would')", () => {
    const blocked = ['Yes', 'Partially Dropped', 'Block', 'Partial Block', 'Drop', 'Reject', 'Rejected'];
    for (const value of new Set(BUILTIN_TABLES.get('blocked')!.values() as Iterable<string>)) {
      assert.equal(actionOf({ rec_type: '400', blocked: value }), blocked.includes(value) ? 'blocked' : 'allowed', value);
    }
  });

  it('file events: every file action gives an action', () => {
    for (const value of new Set(BUILTIN_TABLES.get('file_action')!.values() as Iterable<string>)) {
      assert.match(actionOf({ rec_type: '500', file_action: value }) ?? 'none', /^(allowed|blocked)$/, value);
    }
    assert.equal(actionOf({ rec_type: '500' }), 'allowed', 'no file action printed (compact)');
  });

  it('logins: failure only for a failed captive portal authentication', () => {
    for (const value of new Set(BUILTIN_TABLES.get('user_auth_type')!.values() as Iterable<string>)) {
      assert.equal(actionOf({ rec_type: '95', user_auth_type: value }), /Failed/.test(value) ? 'failure' : 'success', value);
    }
  });
});
