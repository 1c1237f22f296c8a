// `estreamer test`: the connectivity diagnosis, step by step.

import { probeFmc } from '../client/probe';
import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, parse, portOption, readPassword, tlsVersion, UsageError } from './options';

export const TEST_HELP = `Usage: estreamer test --host H [--port P] --pkcs12 FILE (--password-env VAR | --password-file F)

Checks, step by step, that this machine can stream from the FMC: opens the PKCS#12,
connects (TCP and mutual TLS), sends a request and waits for the FMC's answer.
Prints each step with PASS or FAIL and what to do. Exit status 0 only when the FMC answered.

${CONNECTION_HELP}`;

export async function testCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, CONNECTION_OPTIONS);
  if (values.help) {
    process.stdout.write(TEST_HELP + '\n');
    return 0;
  }
  if (!values.host) throw new UsageError('--host is required');
  if (!values.pkcs12) throw new UsageError('--pkcs12 is required');
  const result = await probeFmc(
    {
      host: values.host,
      port: portOption(values.port, 8302),
      credentials: { pkcs12File: values.pkcs12, password: readPassword(values) },
      verifyServer: !values['no-verify-server'],
      tlsMinVersion: tlsVersion(values['tls-min-version']),
      timeoutMs: intOption(values['connect-timeout'], 'connect-timeout', 10) * 1000,
    },
    (s) => process.stdout.write(`${s.ok ? 'PASS' : 'FAIL'}  ${s.step}: ${s.detail}\n`),
  );
  process.stdout.write(result.ok ? 'The FMC answered: eStreamer works from this machine.\n' : 'The test failed; see the FAIL line above.\n');
  return result.ok ? 0 : 1;
}
