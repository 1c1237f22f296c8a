// XML streaming: the document splunkd reads, escaping, backpressure and flush reports.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseStringPromise } from 'xml2js';
import type { OutputEvent } from '../../src/client/events';
import { escapeXml, escapeXmlText, eventXml, StreamWriter } from '../../src/splunk/stream-writer';
import { SPLUNK_REFERENCE } from '../paths';

function event(n: number, extra: Partial<OutputEvent> = {}): OutputEvent {
  return { line: `rec_type=71 n=${n}`, time: 1606923302.123456 + n, archiveTimestamp: 1606923302 + n, identity: `71:${n}`, recordType: 71, ...extra };
}

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('stream writer', () => {
  it('writes a stream with the shape of the SDK fixture', async () => {
    const { out, text } = collect();
    const writer = new StreamWriter(out, { stanza: 'estreamer://fmc1', sourcetype: 'cisco:estreamer' });
    await writer.write(event(0));
    await writer.write(event(1));
    await writer.close();

    const ours = (await parseStringPromise(text())) as { stream: { event: Record<string, unknown>[] } };
    const fixture = (await parseStringPromise(readFileSync(join(SPLUNK_REFERENCE, 'js-sdk-1.11.0/stream_with_two_events.xml'), 'utf8'))) as {
      stream: { event: Record<string, unknown>[] };
    };
    assert.equal(ours.stream.event.length, 2);
    const fixtureKeys = Object.keys(fixture.stream.event[0]);
    for (const e of ours.stream.event) {
      assert.ok(Object.keys(e).every((k) => fixtureKeys.includes(k)), Object.keys(e).join());
      assert.deepEqual(e.$, { stanza: 'estreamer://fmc1', unbroken: '1' });
      assert.deepEqual(e.sourcetype, ['cisco:estreamer']);
    }
    assert.deepEqual(ours.stream.event.map((e) => (e.time as string[])[0]), ['1606923302.123456', '1606923303.123456']);
    assert.deepEqual(ours.stream.event.map((e) => (e.data as string[])[0]), ['rec_type=71 n=0', 'rec_type=71 n=1']);
    assert.equal(
      text(),
      '<stream>\n' +
        '<event stanza="estreamer://fmc1" unbroken="1"><time>1606923302.123456</time><sourcetype>cisco:estreamer</sourcetype><data>rec_type=71 n=0</data><done/></event>\n' +
        '<event stanza="estreamer://fmc1" unbroken="1"><time>1606923303.123456</time><sourcetype>cisco:estreamer</sourcetype><data>rec_type=71 n=1</data><done/></event>\n' +
        '</stream>\n',
    );
  });

  it('closes an empty stream', async () => {
    const { out, text } = collect();
    await new StreamWriter(out, { stanza: 'estreamer://x', sourcetype: 's' }).close();
    assert.equal(text(), '<stream>\n</stream>\n');
  });

  it('escapes markup and drops characters XML cannot carry', async () => {
    assert.equal(escapeXml('a&b <c> "d" \u0001e\u0000\tf\ud800g\u{1F600}'), 'a&amp;b &lt;c&gt; &quot;d&quot; e\tfg\u{1F600}');
    const xml = eventXml('estreamer://a"b', 'cisco:estreamer', event(0, { line: 'uri="/x?a=1&b=<script>" \u0007' }));
    const parsed = (await parseStringPromise(xml)) as { event: { $: Record<string, string>; data: string[] } };
    assert.equal(parsed.event.data[0], 'uri="/x?a=1&b=<script>" ');
    assert.equal(parsed.event.$.stanza, 'estreamer://a"b');
    // Inside <data> double quotes need no escaping; kv lines are full of them.
    assert.ok(xml.includes('<data>uri="/x?a=1&amp;b=&lt;script&gt;" </data>'), xml);
    assert.equal(escapeXmlText('msg="a b" \u0001x\ud800'), 'msg="a b" x');
    const line = 'rec_type=71 rec_type_desc="Connection Statistics" url=http://example.com/';
    assert.equal(escapeXmlText(line), line, 'nothing to do: the same text');
  });

  it('leaves out <time> when the event has none', () => {
    assert.ok(!eventXml('estreamer://a', 's', event(0, { time: 0 })).includes('<time>'));
  });

  it('waits for drain when the pipe is full, and reports flushes in order', async () => {
    const written: string[] = [];
    let release: (() => void) | undefined;
    // A slow reader: each chunk is handed on only when the test releases it.
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _enc, callback) {
        written.push(chunk.toString());
        release = callback;
      },
    });
    const flushed: string[] = [];
    const writer = new StreamWriter(slow, { stanza: 'estreamer://a', sourcetype: 's', onFlushed: (e) => flushed.push(e.identity) });

    const first = writer.write(event(0));
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(firstDone, false, 'write must wait: the chunk exceeds the high water mark');
    assert.deepEqual(flushed, []);

    release!();
    await first;
    assert.deepEqual(flushed, ['71:0']);
    const second = writer.write(event(1));
    await new Promise((r) => setImmediate(r));
    release!();
    await second;
    const closed = writer.close();
    await new Promise((r) => setImmediate(r));
    release!();
    await closed;
    assert.deepEqual(flushed, ['71:0', '71:1']);
    assert.equal(written.join('').split('</event>').length, 3);
  });

  it('turns a broken pipe into an error instead of a crash', async () => {
    const broken = new Writable({
      write(_chunk, _enc, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const flushed: string[] = [];
    const writer = new StreamWriter(broken, { stanza: 'estreamer://a', sourcetype: 's', onFlushed: (e) => flushed.push(e.identity) });
    await writer.write(event(0)).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    assert.match(writer.error?.message ?? '', /EPIPE/);
    await assert.rejects(writer.write(event(1)), /cannot write to splunkd: write EPIPE/);
    await assert.rejects(writer.close(), /EPIPE/);
    assert.deepEqual(flushed, []);
  });
});
