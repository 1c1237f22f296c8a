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

  it('does not scan a line its producer says is free of forbidden characters, and still escapes its markup', () => {
    const line = 'rec_type=71 uri="/x?a=1&b=<script>"';
    const escaped = 'rec_type=71 uri="/x?a=1&amp;b=&lt;script&gt;"';
    assert.equal(escapeXmlText(line, true), escaped);
    assert.equal(eventXml('estreamer://a', 's', event(0, { line, xmlSafe: true })), eventXml('estreamer://a', 's', event(0, { line })));
    // The promise is taken at its word (kv lines keep it by construction, see kv.ts).
    assert.equal(escapeXmlText('ab', true), 'ab');
    assert.equal(escapeXmlText('ab'), 'ab');
  });

  it("writes the events' host, an element of the SDK's event_maximal.xml, escaped", async () => {
    const xml = eventXml('estreamer://fmc1', 'cisco:estreamer:data', event(0), 'fmc<1>&east');
    assert.match(xml, /<host>fmc&lt;1&gt;&amp;east<\/host><sourcetype>cisco:estreamer:data<\/sourcetype><data>/);
    const parsed = (await parseStringPromise(xml)) as { event: { host: string[]; sourcetype: string[] } };
    assert.deepEqual([parsed.event.host[0], parsed.event.sourcetype[0]], ['fmc<1>&east', 'cisco:estreamer:data']);
    const maximal = readFileSync(join(SPLUNK_REFERENCE, 'js-sdk-1.11.0/event_maximal.xml'), 'utf8');
    assert.match(maximal, /<host>/);
    assert.doesNotMatch(eventXml('estreamer://fmc1', 'cisco:estreamer', event(0)), /<host>/, 'no host given: splunkd decides');
  });

  it('leaves out <time> when the event has none', () => {
    assert.ok(!eventXml('estreamer://a', 's', event(0, { time: 0 })).includes('<time>'));
  });

  it('writes events in batches, waits for drain when the pipe is full, and reports flushes in order', async () => {
    const written: string[] = [];
    let release: (() => void) | undefined;
    // A slow reader: each chunk is handed on only when the test releases it. Like a pipe, it
    // takes what was written while corked in one writev.
    const slow = new Writable({
      highWaterMark: 64,
      writev(chunks, callback) {
        written.push(chunks.map((c) => c.chunk.toString()).join(''));
        release = callback;
      },
    });
    const flushed: string[] = [];
    const writer = new StreamWriter(slow, { stanza: 'estreamer://a', sourcetype: 's', onFlushed: (e) => flushed.push(e.identity) });
    const tick = () => new Promise((r) => setImmediate(r));

    // Events written in one turn of the event loop go out as one write on the next.
    await writer.write(event(0));
    await writer.write(event(1));
    assert.equal(written.length, 0, 'queued, not written yet');
    await tick();
    assert.equal(written.length, 1, 'one write for both events');
    assert.equal(written[0].split('</event>').length, 3);
    assert.ok(written[0].startsWith('<stream>\n<event '));
    assert.deepEqual(flushed, [], 'not flushed before the reader has the bytes');

    // The pipe is full: the next batch waits for drain.
    const third = writer.write(event(2));
    let thirdDone = false;
    void third.then(() => (thirdDone = true));
    await tick();
    assert.equal(thirdDone, false, 'write must wait: the last batch exceeds the high water mark');
    release!(); // the first two events
    await third;
    assert.deepEqual(flushed, ['71:0', '71:1']);
    await tick();
    assert.equal(written.length, 2, 'the third event went out on its own');
    release!();
    await tick();

    const closed = writer.close();
    await tick();
    release!(); // </stream>
    await closed;
    assert.deepEqual(flushed, ['71:0', '71:1', '71:2']);
    assert.equal(written.join('').split('</event>').length, 4);
    assert.ok(written.join('').endsWith('</stream>\n'));
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
