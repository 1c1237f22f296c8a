import { resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '..');
/** Data the tests read, vendored with its provenance (`test/fixtures/SOURCES.md`). */
export const FIXTURES = resolve(REPO, 'test', 'fixtures');
export const ESTREAMER_VECTORS = resolve(FIXTURES, 'estreamer');
export const ENCORE_REFERENCE = resolve(FIXTURES, 'encore');
export const SPLUNK_REFERENCE = resolve(FIXTURES, 'splunk');
export const CAPTURE_FILE = resolve(ENCORE_REFERENCE, 'fmc_wire_capture_hackathon_2020.json');
export const ENCORE_OUTPUT_FILE = resolve(ENCORE_REFERENCE, 'splunk_output_encore.1606955501.log');
