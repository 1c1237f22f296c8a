// Decorations of every event family, gathered.
import type { RecordDecorations } from '../schema';
import * as connection from './connection';
import * as correlation from './correlation';
import * as discovery from './discovery';
import * as fileMalware from './file-malware';
import * as intrusion from './intrusion';
import * as user from './user';

export const DECORATIONS: readonly RecordDecorations[] = [connection, intrusion, fileMalware, correlation, user, discovery].flatMap(
  (f) => f.decorations,
);
