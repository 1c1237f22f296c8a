// The contract between the eStreamer session (producer) and the outputs that consume it
// (the stand-alone `stream` command and the Splunk modular input).

/** One record, decoded, decorated and formatted, ready to be written. */
export interface OutputEvent {
  /** The formatted event (kv or json), without a trailing newline. */
  line: string;
  /** Event time in seconds, with microseconds as the fraction; falls back to the archive timestamp. */
  time: number;
  /** The FMC archive (server) timestamp of the record; 0 when the record has none (metadata). */
  archiveTimestamp: number;
  /**
   * Identity of the record among the records of the same archive second: a stable string built
   * from its type and a hash of its bytes. Used to skip what was already handed downstream
   * when the FMC replays a second after a reconnect or restart.
   */
  identity: string;
  /** Record type number (rec_type). */
  recordType: number;
  /**
   * The line holds nothing XML 1.0 forbids (kv lines never do, see kv.ts), so a writer of XML
   * need not scan it for such characters.
   */
  xmlSafe?: boolean;
}

/**
 * Where to resume: the archive second of the last record handed downstream and the identities
 * of the records of that second already handed downstream.
 */
export interface ResumePoint {
  archiveTimestamp: number;
  seen: string[];
}
