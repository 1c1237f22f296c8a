// The Splunk modular input wired to the real client: splunkMain gets an event source built on the
// eStreamer session and the connectivity probe for validation.

import { CheckpointStore } from '../client/checkpoint';
import { loadCredentials } from '../client/credentials';
import { openEventSource } from '../client/event-source';
import { formatFmcAddress } from '../client/fmc-hosts';
import { probeFmc } from '../client/probe';
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
      async probe(config, timeoutMs) {
        // Each FMC of an HA pair at once: the input works when one of them answers.
        const failures = await Promise.all(
          config.fmcHosts.map(async (address) => {
            const result = await probeFmc({
              ...address,
              credentials: credentialSource(config),
              verifyServer: config.verifyServer,
              tlsMinVersion: config.tlsMinVersion,
              timeoutMs,
            });
            const failed = result.steps.find((s) => !s.ok);
            return failed && `${failed.step}: ${failed.detail}`;
          }),
        );
        if (config.fmcHosts.length === 1) {
          if (failures[0]) throw new Error(failures[0]);
          return;
        }
        const failed = config.fmcHosts.flatMap((address, i) => (failures[i] ? [`FMC ${formatFmcAddress(address)}: ${failures[i]}`] : []));
        if (failed.length === config.fmcHosts.length) throw new Error(`no FMC answers. ${failed.join('. ')}`);
        if (failed.length) return `${failed.join('. ')} (the input streams from the others)`;
      },
    },
  );
}
