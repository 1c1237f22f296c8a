#!/usr/bin/env node
// The `estreamer` executable: the Splunk modular input (`--scheme`, `--validate-arguments`, and
// run mode with the input definition on stdin) and the stand-alone commands.

import { decodeCommand } from './cli/decode';
import { restartWithOneMallocArena } from './cli/malloc-arenas';
import { demoCommand } from './cli/demo';
import { UsageError } from './cli/options';
import { simulateCommand } from './cli/simulate';
import { splunkCommand } from './cli/splunk';
import { streamCommand } from './cli/stream';
import { testCommand } from './cli/test-command';
import { VERSION } from './version';

const HELP = `estreamer ${VERSION}: Cisco Secure Firewall (FMC) eStreamer client and Splunk modular input

Usage:
  estreamer test      --host H --pkcs12 FILE (--password-env VAR | --password-file F)   connectivity diagnosis
  estreamer stream    --host H --pkcs12 FILE (--password-env VAR | --password-file F)   events to stdout
  estreamer decode    [--format kv|json] FILE|-                                         decode captured bytes
  estreamer simulate  --pki DIR [--events N] [--rate R] ...                             built-in FMC simulator
  estreamer demo                                                                         simulator + client
  estreamer --scheme | --validate-arguments | (input definition on stdin)                 Splunk modular input

Run "estreamer <command> --help" for the options of a command.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  test: testCommand,
  stream: streamCommand,
  decode: decodeCommand,
  simulate: simulateCommand,
  demo: demoCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (first === '--version') {
    process.stdout.write(`estreamer ${VERSION} (node ${process.version})\n`);
    return 0;
  }
  // splunkd runs the executable with --scheme, --validate-arguments, or nothing (definition on stdin).
  if (first === undefined || first === '--scheme' || first === '--validate-arguments') {
    if (first === undefined && process.stdin.isTTY) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    return splunkCommand(argv);
  }
  const command = COMMANDS[first];
  if (!command) throw new UsageError(`unknown command "${first}"`);
  return command(rest);
}

if (require.main === module) {
  restartWithOneMallocArena();
  const splunkRunMode = process.argv.length === 2 && !process.stdin.isTTY;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Run mode has flushed its stream and checkpoint: do not linger on a socket left behind.
      if (splunkRunMode) process.exit(code);
    },
    (err: Error) => {
      if (err instanceof UsageError) process.stderr.write(`ERROR ${err.message}\n(see estreamer --help)\n`);
      else process.stderr.write(`ERROR ${err.message}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}

