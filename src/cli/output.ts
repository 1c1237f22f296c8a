import { once } from 'node:events';

/** Writes lines to a stream, waiting for 'drain' when it pushes back. */
export async function writeLines(out: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  for (const line of lines) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
}
