import { resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '..');
/** The team's shared reference folder, checked out beside the repository (CI copies it there too). */
export const SHARED = process.env.ESTREAMER_SHARED ?? resolve(REPO, '..', 'shared');
export const ESTREAMER_VECTORS = resolve(SHARED, 'reference', 'estreamer');
export const ENCORE_REFERENCE = resolve(SHARED, 'reference', 'encore');
export const SPLUNK_REFERENCE = resolve(SHARED, 'reference', 'splunk');
export const CAPTURE_FILE = resolve(ENCORE_REFERENCE, 'fmc_wire_capture_hackathon_2020.json');
export const ENCORE_OUTPUT_FILE = resolve(ENCORE_REFERENCE, 'splunk_output_encore.1606955501.log');
