import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_TABLES } from './builtin';

const name = (table: string, key: string | number) => BUILTIN_TABLES.get(table)?.get(String(key));

test("what eNcore printed for the FMC capture before the FMC's metadata named it", () => {
  assert.equal(name('geolocation', 0), 'unknown');
  assert.equal(name('fw_rule_reason', 0), 'N/A');
  assert.equal(name('si_src_dest', 0), 'N/A');
  assert.equal(name('url_category', 0), 'Unknown');
  assert.equal(name('user', 9999997), 'No Authentication Required');
  assert.equal(name('ssl_cert_status', 0), 'Not Checked');
  assert.equal(name('ssl_expected_action', 0), 'Unknown');
  assert.equal(name('ip_protocol', 0), 'Unknown');
  assert.equal(name('rna_event', '1003/1'), 'Flow Statistics');
});

test('IANA registries', () => {
  assert.deepEqual([1, 6, 17, 47, 50, 58, 132].map((p) => name('ip_protocol', p)), ['ICMP', 'TCP', 'UDP', 'GRE', 'ESP', 'IPv6-ICMP', 'SCTP']);
  const suites = BUILTIN_TABLES.get('ssl_cipher_suite')!;
  assert.ok(suites.size > 340);
  assert.equal(suites.get(String(0x0000)), 'TLS_NULL_WITH_NULL_NULL');
  assert.equal(suites.get(String(0x002f)), 'TLS_RSA_WITH_AES_128_CBC_SHA');
  assert.equal(suites.get(String(0x009f)), 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384');
  assert.equal(suites.get(String(0x00ad)), 'TLS_RSA_PSK_WITH_AES_256_GCM_SHA384');
  assert.equal(suites.get(String(0x1301)), 'TLS_AES_128_GCM_SHA256');
  assert.equal(suites.get(String(0xc014)), 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
  assert.equal(suites.get(String(0xc030)), 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
  assert.equal(suites.get(String(0xc071)), 'TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384');
  assert.equal(suites.get(String(0xc0aa)), 'TLS_PSK_DHE_WITH_AES_128_CCM_8');
  assert.equal(suites.get(String(0xcca9)), 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
  assert.equal(suites.get(String(0x001c)), undefined, 'reserved code points have no name');
  assert.equal(new Set(suites.values()).size, suites.size, 'no name twice');
});

test('enumerations of the Integration Guide', () => {
  assert.equal(name('blocked', 0), 'No');
  assert.equal(name('blocked', 2), 'Would');
  assert.equal(name('blocked', 14), 'Would be Rewritten');
  assert.equal(name('blocked_reason', 3), 'Network Analysis Policy in "Detection" Inspection Mode');
  assert.equal(name('impact', 1), 'Red (vulnerable)');
  assert.equal(name('direction', 2), 'Upload');
  assert.equal(name('file_action', 4), 'Malware Block');
  assert.equal(name('ssl_flow_status', 28), 'Invalid Action');
  assert.equal(name('ssl_actual_action', 6), 'Decrypt (Resign)');
  assert.equal(name('rna_event', '1000/1'), 'New Host');
  assert.equal(name('rna_event', '1001/32'), 'Client Application Update');
  assert.equal(name('rna_event', '1002/46'), 'IOC Invalid');
  assert.equal(name('rna_event', '1004/2'), 'User Login Information');
});
