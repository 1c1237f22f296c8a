// Every record and block layout, gathered from one file per family.
import type { BlockDef, RecordDef } from '../schema';
import * as connection from './connection';
import * as correlation from './correlation';
import * as discovery from './discovery';
import * as fileMalware from './file-malware';
import * as intrusion from './intrusion';
import * as metadata from './metadata';
import * as user from './user';

const families = [connection, intrusion, fileMalware, correlation, user, discovery, metadata];

export const RECORDS: readonly RecordDef[] = families.flatMap((f) => f.records);
export const BLOCKS: readonly BlockDef[] = families.flatMap((f) => f.blocks);
