import type { BlockDef, RecordDef } from '../schema';

export const records: RecordDef[] = [];
export const blocks: BlockDef[] = [];
