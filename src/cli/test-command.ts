// `estreamer test`: the connectivity diagnosis, step by step.

import { formatFmcAddress } from '../client/fmc-hosts';
import { probeFmc } from '../client/probe';
import { CONNECTION_HELP, CONNECTION_OPTIONS, hostsOption, intOption, parse, readPassword, tlsVersion, UsageError } from './options';

export const TEST_HELP = `Usage: estreamer test --host H [--port P] --pkcs12 FILE (--password-env VAR | --password-file F)

Checks, step by step, that this machine can stream from the FMC: opens the PKCS#12,
connects (TCP and mutual TLS), sends a request and waits for the FMC's answer.
Prints each step with PASS or FAIL and what to do. Exit status 0 only when the FMC answered.
With an HA pair (--host H[:P],H2[:P2]) each FMC is tested in turn; 0 only when all answer.

${CONNECTION_HELP}`;

export async function testCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, CONNECTION_OPTIONS);
  if (values.help) {
    process.stdout.write(TEST_HELP + '\n');
    return 0;
  }
  if (!values.host) throw new UsageError('--host is required');
  if (!values.pkcs12) throw new UsageError('--pkcs12 is required');
  const hosts = hostsOption(values.host, values.port);
  // The same for every FMC of the list: read (the password file) and checked once.
  const options = {
    credentials: { pkcs12File: values.pkcs12, password: readPassword(values) },
    verifyServer: !values['no-verify-server'],
    tlsMinVersion: tlsVersion(values['tls-min-version']),
    timeoutMs: intOption(values['connect-timeout'], 'connect-timeout', 10) * 1000,
  };
  const failed: string[] = [];
  for (const address of hosts) {
    if (hosts.length > 1) process.stdout.write(`FMC ${formatFmcAddress(address)}\n`);
    const result = await probeFmc({ ...address, ...options }, (s) => process.stdout.write(`${s.ok ? 'PASS' : 'FAIL'}  ${s.step}: ${s.detail}\n`));
    if (!result.ok) failed.push(formatFmcAddress(address));
  }
  if (failed.length === 0) process.stdout.write(hosts.length > 1 ? 'Every FMC answered: eStreamer works from this machine.\n' : 'The FMC answered: eStreamer works from this machine.\n');
  else process.stdout.write(hosts.length > 1 ? `The test failed for ${failed.join(', ')}; see the FAIL lines above.\n` : 'The test failed; see the FAIL line above.\n');
  return failed.length === 0 ? 0 : 1;
}
