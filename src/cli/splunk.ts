// The Splunk modular input wired to the real client: splunkMain gets an event source built on the
// eStreamer session and the connectivity probe for validation.

import { CheckpointStore } from '../client/checkpoint';
import { loadCredentials } from '../client/credentials';
import { openEventSource } from '../client/event-source';
import { probeFmcHosts } from '../client/fmc-hosts';
import type { InputConfig } from '../splunk/config';
import { splunkMain } from '../splunk/modular-input';

function credentialSource(config: InputConfig) {
  return { pkcs12File: config.pkcs12File, password: config.pkcs12Password };
}

export function splunkCommand(argv: string[]): Promise<number> {
  return splunkMain(
    argv,
    { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    {
      openSource(config, resume, log, checkpointDir) {
        return openEventSource(
          {
            host: config.fmcHost,
            port: config.fmcPort,
            credentials: loadCredentials(credentialSource(config)),
            verifyServer: config.verifyServer,
            tlsMinVersion: config.tlsMinVersion,
            connectTimeoutMs: config.connectTimeoutMs,
            responseTimeoutMs: config.responseTimeoutMs,
            failoverHosts: config.fmcHosts.slice(1),
            failbackAfterMs: config.failbackAfterMs,
            start: config.start,
            output: {
              format: config.outputFormat,
              fields: config.fields,
              categories: config.records,
              include: config.includeRecordTypes,
              exclude: config.excludeRecordTypes,
              devices: config.devices,
            },
            metadataCacheFile: new CheckpointStore(checkpointDir, log).metadataCachePath(`estreamer://${config.name}`),
          },
          resume,
          log,
        );
      },
      probe(config, timeoutMs) {
        // Each FMC of an HA pair: the input works when one of them answers.
        return probeFmcHosts(config.fmcHosts, {
          credentials: credentialSource(config),
          verifyServer: config.verifyServer,
          tlsMinVersion: config.tlsMinVersion,
          timeoutMs,
        });
      },
    },
  );
}
