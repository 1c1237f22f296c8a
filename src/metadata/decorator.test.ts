import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedRecord, Fields } from '../records/decoder';
import { layouts } from '../records/registry';
import { MetadataCache } from './cache';
import { Decorator, eventTime } from './decorator';

const POLICY = '00000000-0000-0000-0000-00005fc6fa72';
const INSIDE = 'ed81dc4e-3444-11eb-a581-703a42c735fb';
const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** A connection record (71) as the decoder gives it: discovery header, then block fields in wire order. */
function connection(fields: Fields, extra: Partial<DecodedRecord> = {}): DecodedRecord {
  return {
    recordType: 71,
    netmapId: 0,
    archiveTimestamp: 1606923302,
    blockType: 160,
    def: layouts.record(71),
    unknownBlock: false,
    fields: {
      device_id: 1,
      event_sec: 0,
      event_usec: 0,
      event_type: 1003,
      event_subtype: 1,
      sensor_id: 1,
      sec_zone_ingress_id: INSIDE,
      sec_zone_egress_id: NULL_UUID,
      fw_policy_id: POLICY,
      fw_rule_id: 268434433,
      fw_rule_action_id: 2,
      ip_proto_id: 6,
      user_id: 4242,
      app_proto_id: 1122,
      monitor_rule_1_id: 0,
      ssl_cipher_suite_id: 0xc02f,
      src_ip_country_id: 0,
      ...fields,
    },
    ...extra,
  };
}

test('without metadata: built-in names, and unknown ids stay ids', () => {
  const out = new Decorator(new MetadataCache()).decorate(connection({}));
  assert.equal(out.rec_type_simple, 'RNA'); // eNcore 3.x's name, not 5.x's rec_type_category
  assert.equal(out.rec_type_desc, 'Connection Statistics');
  assert.equal(out.rec_type_category, undefined);
  assert.equal(out.event_desc, 'Flow Statistics');
  assert.equal(out.ip_proto, 'TCP');
  assert.equal(out.sec_zone_egress, 'N/A'); // the null uuid
  assert.equal(out.src_ip_country, 'unknown');
  assert.equal(out.ssl_cipher_suite, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  assert.equal(out.monitor_rule_1, 'N/A');
  assert.equal(out.sensor, 1);
  assert.equal(out.sec_zone_ingress, INSIDE);
  assert.equal(out.fw_rule, 268434433);
  assert.equal(out.user, 4242);
  assert.equal(out.app_proto, 1122);
  assert.equal(out.domain, undefined, 'single-domain FMCs: no domain field');
});

test('with metadata: the FMC names everything it sent', () => {
  const cache = new MetadataCache();
  cache.set('sensor', '1', '10.101.101.161');
  cache.set('zone', INSIDE, 'inside');
  cache.set('ac_rule', `${POLICY}/268434433`, 'allow-all');
  cache.set('fw_rule_action', '2', 'Allow');
  cache.set('user', '4242', 'alice');
  cache.set('application', '1122', 'HTTPS');
  cache.set('ip_protocol', '6', 'tcp-from-fmc'); // metadata wins over a built-in
  const out = new Decorator(cache).decorate(connection({}));
  assert.equal(out.sensor, '10.101.101.161');
  assert.equal(out.sec_zone_ingress, 'inside');
  assert.equal(out.fw_rule, 'allow-all');
  assert.equal(out.fw_rule_action, 'Allow');
  assert.equal(out.user, 'alice');
  assert.equal(out.app_proto, 'HTTPS');
  assert.equal(out.ip_proto, 'tcp-from-fmc');
});

test('names sit right after the ids they name; record-wide fields lead', () => {
  const keys = Object.keys(new Decorator(new MetadataCache()).decorate(connection({})));
  assert.deepEqual(keys.slice(0, 3), ['rec_type_simple', 'rec_type_desc', 'event_desc']);
  const next = (k: string) => keys[keys.indexOf(k) + 1];
  assert.equal(next('sensor_id'), 'sensor');
  assert.equal(next('fw_rule_id'), 'fw_rule');
  assert.equal(next('ip_proto_id'), 'ip_proto');
  assert.equal(next('monitor_rule_1_id'), 'monitor_rule_1');
});

test('a record without its own event second is dated by its archive second', () => {
  const record = connection({});
  assert.equal(eventTime(record), 1606923302);
  assert.equal(new Decorator(new MetadataCache()).decorate(record).event_sec, 1606923302);
  const own = connection({ event_sec: 1700000000, event_usec: 250000 });
  assert.equal(eventTime(own), 1700000000.25);
  assert.equal(new Decorator(new MetadataCache()).decorate(own).event_sec, 1700000000);
  const triggered = connection({ event_sec: undefined, orig_event_sec: 1600000000, orig_event_usec: 5 });
  assert.equal(eventTime(triggered), 1600000000.000005);
  const metadata: DecodedRecord = { ...connection({}), fields: { id: 1, name: 'x' }, archiveTimestamp: 0 };
  assert.equal(eventTime(metadata), 0);
  assert.equal(new Decorator(new MetadataCache()).decorate(metadata).event_sec, undefined);
});

test('every record with a device id gets the device name; the domain comes from the netmap id', () => {
  const cache = new MetadataCache();
  cache.set('sensor', '3', 'ftd-dc');
  cache.set('netmap_domain', '5', 'Global/Europe');
  const decorator = new Decorator(cache, []);
  const policy: DecodedRecord = {
    recordType: 145,
    netmapId: 5,
    archiveTimestamp: 0,
    blockType: 64,
    def: layouts.record(145),
    unknownBlock: false,
    fields: { uuid: POLICY, sensor_id: 3, name: 'basic-ac' },
  };
  const out = decorator.decorate(policy);
  assert.equal(out.sensor, 'ftd-dc');
  assert.equal(out.domain, 'Global/Europe');
  assert.equal(decorator.decorate({ ...policy, netmapId: 9 }).domain, 9, 'an unknown domain stays an id');
  const login = { ...policy, recordType: 95, def: layouts.record(95), fields: { domain: 'CORP', timestamp: 1600000000 } };
  assert.equal(decorator.decorate(login).domain, 'CORP', "a user login's own domain wins");
  assert.equal(eventTime(login), 1600000000, 'dated by its login time');
});

test('a record type without layout keeps its raw data and gets no category', () => {
  const out = new Decorator(new MetadataCache()).decorate({
    recordType: 4321,
    netmapId: 0,
    archiveTimestamp: 0,
    blockType: 0,
    def: undefined,
    unknownBlock: false,
    fields: { data: 'cafe' },
  });
  assert.deepEqual(out, { data: 'cafe' });
});
