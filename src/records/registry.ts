// Looks layouts up by number. Duplicate definitions are a table bug and fail at load.
import type { LayoutSource } from './decoder';
import type { BlockDef, RecordDef, Series } from './schema';
import { BLOCKS, RECORDS } from './tables';

export class LayoutRegistry implements LayoutSource {
  private readonly records = new Map<number, RecordDef>();
  private readonly blocks = new Map<string, BlockDef>();

  constructor(records: readonly RecordDef[] = RECORDS, blocks: readonly BlockDef[] = BLOCKS) {
    for (const r of records) {
      if (this.records.has(r.type)) throw new Error(`record ${r.type} is defined twice`);
      this.records.set(r.type, r);
    }
    for (const b of blocks) {
      const key = `${b.series}/${b.type}`;
      if (this.blocks.has(key)) throw new Error(`series ${b.series} block ${b.type} is defined twice`);
      this.blocks.set(key, b);
    }
  }

  record(type: number): RecordDef | undefined {
    return this.records.get(type);
  }
  block(series: Series, type: number): BlockDef | undefined {
    return this.blocks.get(`${series}/${type}`);
  }
  allRecords(): RecordDef[] {
    return [...this.records.values()].sort((a, b) => a.type - b.type);
  }
  allBlocks(): BlockDef[] {
    return [...this.blocks.values()].sort((a, b) => a.series - b.series || a.type - b.type);
  }
}

/** The registry over every table of the project. */
export const layouts = new LayoutRegistry();
