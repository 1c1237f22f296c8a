/** The peer sent bytes that do not follow the eStreamer protocol. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** A record could not be decoded within its own length; the stream goes on without it. */
export class MalformedRecordError extends Error {
  override name = 'MalformedRecordError';
}
