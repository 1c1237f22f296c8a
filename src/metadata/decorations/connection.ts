import type { RecordDecorations } from '../schema';

export const decorations: RecordDecorations[] = [];
