// Decorations of every record family, gathered.
import type { RecordDecorations } from '../schema';
import * as connection from './connection';
import * as correlation from './correlation';
import * as discovery from './discovery';
import * as fileMalware from './file-malware';
import * as intrusion from './intrusion';
import * as metadata from './metadata';
import * as user from './user';

export const DECORATIONS: readonly RecordDecorations[] = [connection, intrusion, fileMalware, correlation, user, discovery, metadata].flatMap(
  (f) => f.decorations,
);
