// Which lookup table each metadata record fills (keys as the FMC keys them).
import type { CacheFill } from './schema';

export const FILLS: ReadonlyMap<number, readonly CacheFill[]> = new Map<number, readonly CacheFill[]>([]);
