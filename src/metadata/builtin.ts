// Lookup tables for values the FMC never sends as metadata: enumerations fixed by the protocol
// (Integration Guide field descriptions), IANA registries, and the defaults eNcore printed before
// any metadata arrived (encore.md §5 "Built-in defaults"). Metadata from the FMC overrides them
// (cache.ts looks here last). Table names are the project's (notes/tables-preamble.md); keys are
// strings, several key parts joined with '/', as everywhere in the cache.
//
// Where eNcore's wording is a plain typo it is corrected; where it is merely old-fashioned it is
// kept, because analysts' saved searches match these strings.

/** A table as written below: numeric ids (or uuids) to names. */
type Entries = Readonly<Record<string | number, unknown>>;

const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * IANA "Assigned Internet Protocol Numbers", by keyword. Five keywords keep the spelling of the
 * registry eNcore copied (48 MHRP, 55 MOBILE, 71 IPCV, 89 OSPF, 124 IS-IS over IPv4) since
 * that is what Splunk users have searched for years. 0 is what eStreamer sends for "no protocol
 * known" (a user record's protocol, an unset field), so it reads Unknown rather than HOPOPT.
 */
const IP_PROTOCOL: Entries = {
  0: 'Unknown', 1: 'ICMP', 2: 'IGMP', 3: 'GGP', 4: 'IPv4', 5: 'ST', 6: 'TCP', 7: 'CBT', 8: 'EGP', 9: 'IGP',
  10: 'BBN-RCC-MON', 11: 'NVP-II', 12: 'PUP', 13: 'ARGUS', 14: 'EMCON', 15: 'XNET', 16: 'CHAOS', 17: 'UDP',
  18: 'MUX', 19: 'DCN-MEAS', 20: 'HMP', 21: 'PRM', 22: 'XNS-IDP', 23: 'TRUNK-1', 24: 'TRUNK-2', 25: 'LEAF-1',
  26: 'LEAF-2', 27: 'RDP', 28: 'IRTP', 29: 'ISO-TP4', 30: 'NETBLT', 31: 'MFE-NSP', 32: 'MERIT-INP', 33: 'DCCP',
  34: '3PC', 35: 'IDPR', 36: 'XTP', 37: 'DDP', 38: 'IDPR-CMTP', 39: 'TP++', 40: 'IL', 41: 'IPv6', 42: 'SDRP',
  43: 'IPv6-Route', 44: 'IPv6-Frag', 45: 'IDRP', 46: 'RSVP', 47: 'GRE', 48: 'MHRP', 49: 'BNA', 50: 'ESP',
  51: 'AH', 52: 'I-NLSP', 53: 'SWIPE', 54: 'NARP', 55: 'MOBILE', 56: 'TLSP', 57: 'SKIP', 58: 'IPv6-ICMP',
  59: 'IPv6-NoNxt', 60: 'IPv6-Opts', 62: 'CFTP', 64: 'SAT-EXPAK', 65: 'KRYPTOLAN', 66: 'RVD', 67: 'IPPC',
  69: 'SAT-MON', 70: 'VISA', 71: 'IPCV', 72: 'CPNX', 73: 'CPHB', 74: 'WSN', 75: 'PVP', 76: 'BR-SAT-MON',
  77: 'SUN-ND', 78: 'WB-MON', 79: 'WB-EXPAK', 80: 'ISO-IP', 81: 'VMTP', 82: 'SECURE-VMTP', 83: 'VINES',
  84: 'IPTM', 85: 'NSFNET-IGP', 86: 'DGP', 87: 'TCF', 88: 'EIGRP', 89: 'OSPF', 90: 'Sprite-RPC', 91: 'LARP',
  92: 'MTP', 93: 'AX.25', 94: 'IPIP', 95: 'MICP', 96: 'SCC-SP', 97: 'ETHERIP', 98: 'ENCAP', 100: 'GMTP',
  101: 'IFMP', 102: 'PNNI', 103: 'PIM', 104: 'ARIS', 105: 'SCPS', 106: 'QNX', 107: 'A/N', 108: 'IPComp',
  109: 'SNP', 110: 'Compaq-Peer', 111: 'IPX-in-IP', 112: 'VRRP', 113: 'PGM', 115: 'L2TP', 116: 'DDX',
  117: 'IATP', 118: 'STP', 119: 'SRP', 120: 'UTI', 121: 'SMP', 122: 'SM', 123: 'PTP', 124: 'IS-IS over IPv4',
  125: 'FIRE', 126: 'CRTP', 127: 'CRUDP', 128: 'SSCOPMCE', 129: 'IPLT', 130: 'SPS', 131: 'PIPE', 132: 'SCTP',
  133: 'FC', 134: 'RSVP-E2E-IGNORE', 135: 'Mobility Header', 136: 'UDPLite', 137: 'MPLS-in-IP', 138: 'manet',
  139: 'HIP', 140: 'Shim6', 141: 'WESP', 142: 'ROHC', 143: 'Ethernet', 144: 'AGGFRAG', 145: 'NSH',
};

// ---- IANA "TLS Cipher Suites" registry (TLS parameters), by the 16-bit code point ----

/** Names for consecutive code points starting at `first`. */
const run = (first: number, names: readonly string[]): [number, string][] => names.map((name, i) => [first + i, name]);

/** `TLS_<kx>_WITH_<cipher>_<128 variant>` then `…_<256 variant>` for each key exchange, in order. */
const pairs = (first: number, kxs: readonly string[], c128: string, c256: string): [number, string][] =>
  run(first, kxs.flatMap((kx) => [`TLS_${kx}_WITH_${c128}`, `TLS_${kx}_WITH_${c256}`]));

/** `TLS_<kx>_WITH_<suffix>` for each key exchange, in order. */
const each = (first: number, kxs: readonly string[], suffix: string): [number, string][] =>
  run(first, kxs.map((kx) => `TLS_${kx}_WITH_${suffix}`));

const DH_FAMILY = ['RSA', 'DH_DSS', 'DH_RSA', 'DHE_DSS', 'DHE_RSA', 'DH_anon'];
const EC_FAMILY = ['ECDHE_ECDSA', 'ECDH_ECDSA', 'ECDHE_RSA', 'ECDH_RSA'];
const PSK_FAMILY = ['PSK', 'DHE_PSK', 'RSA_PSK'];

const SSL_CIPHER_SUITE: Entries = Object.fromEntries([
  ...run(0x0000, [
    'TLS_NULL_WITH_NULL_NULL', 'TLS_RSA_WITH_NULL_MD5', 'TLS_RSA_WITH_NULL_SHA', 'TLS_RSA_EXPORT_WITH_RC4_40_MD5',
    'TLS_RSA_WITH_RC4_128_MD5', 'TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5',
    'TLS_RSA_WITH_IDEA_CBC_SHA', 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 'TLS_RSA_WITH_DES_CBC_SHA',
    'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA', 'TLS_DH_DSS_WITH_DES_CBC_SHA',
    'TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA', 'TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA', 'TLS_DH_RSA_WITH_DES_CBC_SHA',
    'TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA', 'TLS_DHE_DSS_WITH_DES_CBC_SHA',
    'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA', 'TLS_DHE_RSA_WITH_DES_CBC_SHA',
    'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5', 'TLS_DH_anon_WITH_RC4_128_MD5',
    'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA', 'TLS_DH_anon_WITH_DES_CBC_SHA', 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA',
  ]),
  // 0x001C-0x001D: reserved to avoid conflicts with SSLv3.
  ...run(0x001e, [
    'TLS_KRB5_WITH_DES_CBC_SHA', 'TLS_KRB5_WITH_3DES_EDE_CBC_SHA', 'TLS_KRB5_WITH_RC4_128_SHA',
    'TLS_KRB5_WITH_IDEA_CBC_SHA', 'TLS_KRB5_WITH_DES_CBC_MD5', 'TLS_KRB5_WITH_3DES_EDE_CBC_MD5',
    'TLS_KRB5_WITH_RC4_128_MD5', 'TLS_KRB5_WITH_IDEA_CBC_MD5', 'TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA',
    'TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA', 'TLS_KRB5_EXPORT_WITH_RC4_40_SHA', 'TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5',
    'TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5', 'TLS_KRB5_EXPORT_WITH_RC4_40_MD5',
  ]),
  ...each(0x002c, PSK_FAMILY, 'NULL_SHA'),
  ...each(0x002f, DH_FAMILY, 'AES_128_CBC_SHA'),
  ...each(0x0035, DH_FAMILY, 'AES_256_CBC_SHA'),
  ...run(0x003b, ['TLS_RSA_WITH_NULL_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA256']),
  ...each(0x003e, ['DH_DSS', 'DH_RSA', 'DHE_DSS'], 'AES_128_CBC_SHA256'),
  ...each(0x0041, DH_FAMILY, 'CAMELLIA_128_CBC_SHA'),
  ...each(0x0067, ['DHE_RSA'], 'AES_128_CBC_SHA256'),
  ...each(0x0068, ['DH_DSS', 'DH_RSA', 'DHE_DSS', 'DHE_RSA'], 'AES_256_CBC_SHA256'),
  ...pairs(0x006c, ['DH_anon'], 'AES_128_CBC_SHA256', 'AES_256_CBC_SHA256'),
  ...each(0x0084, DH_FAMILY, 'CAMELLIA_256_CBC_SHA'),
  ...PSK_FAMILY.flatMap((kx, i) =>
    each(0x008a + 4 * i, [kx], 'RC4_128_SHA').concat(
      each(0x008b + 4 * i, [kx], '3DES_EDE_CBC_SHA'),
      pairs(0x008c + 4 * i, [kx], 'AES_128_CBC_SHA', 'AES_256_CBC_SHA'),
    ),
  ),
  ...each(0x0096, DH_FAMILY, 'SEED_CBC_SHA'),
  ...pairs(0x009c, ['RSA', 'DHE_RSA', 'DH_RSA', 'DHE_DSS', 'DH_DSS', 'DH_anon', ...PSK_FAMILY], 'AES_128_GCM_SHA256', 'AES_256_GCM_SHA384'),
  ...PSK_FAMILY.flatMap((kx, i) =>
    pairs(0x00ae + 4 * i, [kx], 'AES_128_CBC_SHA256', 'AES_256_CBC_SHA384').concat(
      pairs(0x00b0 + 4 * i, [kx], 'NULL_SHA256', 'NULL_SHA384'),
    ),
  ),
  ...each(0x00ba, DH_FAMILY, 'CAMELLIA_128_CBC_SHA256'),
  ...each(0x00c0, DH_FAMILY, 'CAMELLIA_256_CBC_SHA256'),
  ...run(0x00c6, ['TLS_SM4_GCM_SM3', 'TLS_SM4_CCM_SM3']),
  [0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'],
  // TLS 1.3
  ...run(0x1301, [
    'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256',
    'TLS_AES_128_CCM_8_SHA256', 'TLS_AEGIS_256_SHA512', 'TLS_AEGIS_128L_SHA256',
  ]),
  [0x5600, 'TLS_FALLBACK_SCSV'],
  // Elliptic curves (RFC 4492): five suites per key exchange.
  ...['ECDH_ECDSA', 'ECDHE_ECDSA', 'ECDH_RSA', 'ECDHE_RSA', 'ECDH_anon'].flatMap((kx, i) =>
    each(0xc001 + 5 * i, [kx], 'NULL_SHA').concat(
      each(0xc002 + 5 * i, [kx], 'RC4_128_SHA'),
      each(0xc003 + 5 * i, [kx], '3DES_EDE_CBC_SHA'),
      pairs(0xc004 + 5 * i, [kx], 'AES_128_CBC_SHA', 'AES_256_CBC_SHA'),
    ),
  ),
  ...each(0xc01a, ['SRP_SHA', 'SRP_SHA_RSA', 'SRP_SHA_DSS'], '3DES_EDE_CBC_SHA'),
  ...each(0xc01d, ['SRP_SHA', 'SRP_SHA_RSA', 'SRP_SHA_DSS'], 'AES_128_CBC_SHA'),
  ...each(0xc020, ['SRP_SHA', 'SRP_SHA_RSA', 'SRP_SHA_DSS'], 'AES_256_CBC_SHA'),
  ...pairs(0xc023, EC_FAMILY, 'AES_128_CBC_SHA256', 'AES_256_CBC_SHA384'),
  ...pairs(0xc02b, EC_FAMILY, 'AES_128_GCM_SHA256', 'AES_256_GCM_SHA384'),
  ...run(0xc033, [
    'TLS_ECDHE_PSK_WITH_RC4_128_SHA', 'TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA',
    'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384',
    'TLS_ECDHE_PSK_WITH_NULL_SHA', 'TLS_ECDHE_PSK_WITH_NULL_SHA256', 'TLS_ECDHE_PSK_WITH_NULL_SHA384',
  ]),
  // ARIA (RFC 6209)
  ...pairs(0xc03c, [...DH_FAMILY, ...EC_FAMILY], 'ARIA_128_CBC_SHA256', 'ARIA_256_CBC_SHA384'),
  ...pairs(0xc050, ['RSA', 'DHE_RSA', 'DH_RSA', 'DHE_DSS', 'DH_DSS', 'DH_anon', ...EC_FAMILY], 'ARIA_128_GCM_SHA256', 'ARIA_256_GCM_SHA384'),
  ...pairs(0xc064, PSK_FAMILY, 'ARIA_128_CBC_SHA256', 'ARIA_256_CBC_SHA384'),
  ...pairs(0xc06a, PSK_FAMILY, 'ARIA_128_GCM_SHA256', 'ARIA_256_GCM_SHA384'),
  ...pairs(0xc070, ['ECDHE_PSK'], 'ARIA_128_CBC_SHA256', 'ARIA_256_CBC_SHA384'),
  // Camellia (RFC 6367)
  ...pairs(0xc072, EC_FAMILY, 'CAMELLIA_128_CBC_SHA256', 'CAMELLIA_256_CBC_SHA384'),
  ...pairs(0xc07a, ['RSA', 'DHE_RSA', 'DH_RSA', 'DHE_DSS', 'DH_DSS', 'DH_anon', ...EC_FAMILY, ...PSK_FAMILY], 'CAMELLIA_128_GCM_SHA256', 'CAMELLIA_256_GCM_SHA384'),
  ...pairs(0xc094, [...PSK_FAMILY, 'ECDHE_PSK'], 'CAMELLIA_128_CBC_SHA256', 'CAMELLIA_256_CBC_SHA384'),
  // AES-CCM (RFC 6655, 7251)
  ...pairs(0xc09c, ['RSA', 'DHE_RSA'], 'AES_128_CCM', 'AES_256_CCM'),
  ...pairs(0xc0a0, ['RSA', 'DHE_RSA'], 'AES_128_CCM_8', 'AES_256_CCM_8'),
  ...pairs(0xc0a4, ['PSK', 'DHE_PSK'], 'AES_128_CCM', 'AES_256_CCM'),
  ...pairs(0xc0a8, ['PSK', 'PSK_DHE'], 'AES_128_CCM_8', 'AES_256_CCM_8'),
  ...pairs(0xc0ac, ['ECDHE_ECDSA'], 'AES_128_CCM', 'AES_256_CCM'),
  ...pairs(0xc0ae, ['ECDHE_ECDSA'], 'AES_128_CCM_8', 'AES_256_CCM_8'),
  ...run(0xc0b0, [
    'TLS_ECCPWD_WITH_AES_128_GCM_SHA256', 'TLS_ECCPWD_WITH_AES_256_GCM_SHA384', 'TLS_ECCPWD_WITH_AES_128_CCM_SHA256',
    'TLS_ECCPWD_WITH_AES_256_CCM_SHA384', 'TLS_SHA256_SHA256', 'TLS_SHA384_SHA384',
  ]),
  ...run(0xc100, [
    'TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC', 'TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC',
    'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT', 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L',
    'TLS_GOSTR341112_256_WITH_MAGMA_MGM_L', 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S',
    'TLS_GOSTR341112_256_WITH_MAGMA_MGM_S',
  ]),
  // ChaCha20-Poly1305 (RFC 7905)
  ...each(0xcca8, ['ECDHE_RSA', 'ECDHE_ECDSA', 'DHE_RSA', 'PSK', 'ECDHE_PSK', 'DHE_PSK', 'RSA_PSK'], 'CHACHA20_POLY1305_SHA256'),
  // ECDHE-PSK AEAD (RFC 8442)
  ...run(0xd001, ['TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256']),
  [0xd005, 'TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256'],
]);

// ---- Enumerations of event fields (Integration Guide field descriptions; eNcore's wording) ----

/** Intrusion event "Blocked" / inline result; 3+ came with Snort 3 rule actions (FMC 7.x). */
const BLOCKED: Entries = {
  0: 'No', 1: 'Yes', 2: 'Would', 3: 'Partially Dropped', 4: 'Block', 5: 'Would be Blocked', 6: 'Partial Block',
  7: 'Drop', 8: 'Would Drop', 9: 'Reject', 10: 'Would be Rejected', 11: 'Rejected', 12: 'Would be Rejected',
  13: 'Rewrite', 14: 'Would be Rewritten',
};

/** Why an intrusion event was not blocked (intrusion block 81+). */
const BLOCKED_REASON: Entries = {
  0: 'Undefined', 1: 'Interface in Passive or Tap mode', 2: 'Intrusion Policy in "Detection" Inspection Mode',
  3: 'Network Analysis Policy in "Detection" Inspection Mode', 4: 'Connection Timed Out',
  5: 'Connection Closed (0x01)', 6: 'Connection Closed (0x02)', 7: 'Connection Closed (0x04)',
};

/** Impact level (the FMC's coloured flag), computed from the impact flags. 0 and 5 are both "unknown". */
const IMPACT: Entries = {
  0: 'Gray (unknown impact)', 1: 'Red (vulnerable)', 2: 'Orange (potentially vulnerable)',
  3: 'Yellow (currently not vulnerable)', 4: 'Blue (unknown target)', 5: 'Gray (unknown impact)',
};

/** Access control rule reasons: bit values (6.x connection blocks). */
const FW_RULE_REASON: Entries = {
  0: 'N/A', 1: 'IP Block', 2: 'IP Monitor', 4: 'User Bypass', 8: 'File Monitor', 16: 'File Block',
  32: 'Intrusion Monitor', 64: 'Intrusion Block', 128: 'File Resume Block', 256: 'File Resume Allow',
  512: 'File Custom Detection',
};

const DIRECTION: Entries = { 0: 'Unknown', 1: 'Download', 2: 'Upload' };

const FILE_DISPOSITION: Entries = { 0: 'N/A', 1: 'Clean', 2: 'Unknown', 3: 'Malware', 4: 'Unavailable', 5: 'Custom signature' };

const FILE_ACTION: Entries = {
  0: 'N/A', 1: 'Detect', 2: 'Block', 3: 'Malware Cloud Lookup', 4: 'Malware Block', 5: 'Malware Whitelist',
  6: 'Cloud Lookup Timeout', 7: 'Custom Detection', 8: 'Custom Detection Block', 9: 'Archive Block (Depth Exceeded)',
  10: 'Archive Block (Encrypted)', 11: 'Archive Block (Failed To Inspect)',
};

const FILE_STORAGE: Entries = {
  0: 'N/A', 1: 'File Stored', 2: 'File Stored', 3: 'Unable to Store File', 4: 'Unable to Store File',
  5: 'Unable to Store File', 6: 'Unable to Store File', 7: 'Unable to Store File', 8: 'File Size is Too Large',
  9: 'File Size is Too Small', 10: 'Unable to Store File', 11: 'File Not Stored, Disposition Unavailable',
};

/** Dynamic analysis (sandbox) status of a file. */
const FILE_SANDBOX: Entries = {
  0: 'File not sent for Analysis', 1: 'Sent for Analysis', 2: 'Sent for Analysis', 4: 'Sent for Analysis',
  5: 'Failed to Send', 6: 'Failed to Send', 7: 'Failed to Send', 8: 'Failed to Send', 9: 'File Size is Too Small',
  10: 'File Size is Too Large', 11: 'Sent for Analysis', 12: 'Analysis Complete', 13: 'Failure (Network Issue)',
  14: 'Failure (Rate Limit)', 15: 'Failure (File Too Large)', 16: 'Failure (File Read Error)',
  17: 'Failure (Internal Library Error)', 19: 'File Not Sent, Disposition Unavailable', 20: 'Failure (Cannot Run File)',
  21: 'Failure (Analysis Timeout)', 22: 'Sent for Analysis', 23: 'File Transmit File Capacity Handled',
  25: 'File Transmit Server Limited Exceeded Capacity Handled', 26: 'Communication Failure',
  27: 'Not Sent - File not sent due to configuration', 28: 'Preclass No Match',
  29: 'Transmit Sent Sandbox Private Cloud', 30: 'Transmit Not Sent Sandbox Private Cloud',
};

const ARCHIVE: Entries = {
  0: 'N/A - File is not being inspected as an archive', 1: 'Pending - Archive is being inspected',
  2: 'Extracted - Successfully inspected without any problems',
  3: 'Failed - Failed to inspect, insufficient system resources',
  4: 'Depth Exceeded - Successful, but archive exceeded the nested inspection depth',
  5: 'Encrypted - Partially Successful',
  6: 'Not Inspectable - Partially Successful, File is possibly Malformed or Corrupt',
};

const MALWARE_ANALYSIS_STATUS: Entries = {
  0: 'File not analyzed', 1: 'Analysis done', 2: 'Analysis failed', 3: 'Manual analysis request',
};

/** AMP for Endpoints event types (128) the FMC has always used. */
const MALWARE_EVENT_TYPE: Entries = {
  0: 'N/A', 1: 'Threat Detected in Network File Transfer', 2: 'Threat Detected in Network File Transfer (Retrospective)',
  553648143: 'Threat Quarantined', 553648145: 'Threat Detected in Exclusion',
  553648146: 'Cloud Recall Restore from Quarantine Started', 553648147: 'Cloud Recall Quarantine Started',
  553648149: 'Quarantined Item Restored', 553648150: 'Quarantine Restore Started',
  553648154: 'Cloud Recall Restore from Quarantine', 553648155: 'Cloud Recall Quarantine',
  553648168: 'Blocked Execution', 554696714: 'Scan Started', 554696715: 'Scan Completed, No Detections',
  1090519054: 'Threat Detected', 1091567628: 'Scan Completed With Detections', 2164260880: 'Quarantine Failure',
  2164260884: 'Quarantine Restore Failed', 2164260892: 'Cloud Recall Restore from Quarantine Failed',
  2164260893: 'Cloud Recall Quarantine Attempt Failed', 2165309453: 'Scan Failed',
};

const MALWARE_EVENT_SUBTYPE: Entries = { 0: 'N/A', 1: 'Create', 2: 'Execute', 4: 'Scan', 22: 'Move' };

// ---- TLS inspection (connection blocks 5.4+) ----

const SSL_ACTION: Entries = {
  0: 'Unknown', 1: 'Do Not Decrypt', 2: 'Block', 3: 'Block With Reset', 4: 'Decrypt (Known Key)',
  5: 'Decrypt (Replace Key)', 6: 'Decrypt (Resign)',
};

const SSL_FLOW_STATUS: Entries = {
  0: 'Unknown', 1: 'No Match', 2: 'Success', 3: 'Uncached Session', 4: 'Unknown Cipher Suite',
  5: 'Unsupported Cipher Suite', 6: 'Unsupported SSL Version', 7: 'SSL Compression Used',
  8: 'Session Undecryptable in Passive Mode', 9: 'Handshake Error', 10: 'Decryption Error',
  11: 'Pending Server Name Category Lookup', 12: 'Pending Common Name Category Lookup', 13: 'Internal Error',
  14: 'Network Parameters Unavailable', 15: 'Invalid Server Certificate Handle',
  16: 'Server Certificate Fingerprint Unavailable', 17: 'Cannot Cache Subject DN', 18: 'Cannot Cache Issuer DN',
  19: 'Unknown SSL Version', 20: 'External Certificate List Unavailable',
  21: 'External Certificate Fingerprint Unavailable', 22: 'Internal Certificate List Invalid',
  23: 'Internal Certificate List Unavailable', 24: 'Internal Certificate Unavailable',
  25: 'Internal Certificate Fingerprint Unavailable', 26: 'Server Certificate Validation Unavailable',
  27: 'Server Certificate Validation Failure', 28: 'Invalid Action',
};

/** Server certificate status: bit values; the names are those the FMC sends in record 605. */
const SSL_CERT_STATUS: Entries = {
  0: 'Not Checked', 1: 'Unknown', 2: 'Valid', 4: 'Self Signed', 16: 'Invalid Issuer', 32: 'Invalid Signature',
  64: 'Expired', 128: 'Not Valid Yet', 256: 'Revoked',
};

/** Negotiated protocol version: bit values of the connection block's SSL Version field. */
const SSL_VERSION: Entries = { 0: 'Unknown', 1: 'SSLv2.0', 2: 'SSLv3.0', 4: 'TLSv1.0', 8: 'TLSv1.1', 16: 'TLSv1.2' };

// ---- Users, VPN, discovery, correlation ----

/** Users: 0 is nobody; 9999997 the FMC's own "no authentication" identity (seen in record 98). */
const USER: Entries = { 0: 'Unknown', 9999997: 'No Authentication Required' };

/** Application protocols a user identity was learnt through (user login data). */
const USER_PROTOCOL: Entries = {
  165: 'FTP', 426: 'SIP', 547: 'AOL Instant Messenger', 683: 'IMAP', 710: 'LDAP', 767: 'NTP',
  773: 'Oracle Database', 788: 'POP3', 1755: 'MDNS',
};

const USER_AUTH_TYPE: Entries = {
  0: 'No Authentication Required', 1: 'Passive Authentication, AD Agent, or ISE Session',
  2: 'Captive Portal Successful Authentication', 3: 'Captive Portal Guest Authentication',
  4: 'Captive Portal Failed Authentication', 5: 'VPN Authorized Authentication',
};

const VPN_TYPE: Entries = {
  0: 'Unknown', 1: 'Cisco IKEv1 Client', 2: 'AnyConnect IKEv1 Client', 3: 'AnyConnect SSL', 4: 'WebVPN Clientless',
  5: 'Site to Site IKEv2', 6: 'Site to Site IKEv2', 7: 'Generic IKEv2 RA Client',
};

const HOST_TYPE: Entries = { 0: 'Host', 1: 'Router', 2: 'Bridge' };
const CRITICALITY: Entries = { 0: 'None', 1: 'Low', 2: 'Medium', 3: 'High' };

const CORRELATION_EVENT_TYPE: Entries = {
  0: 'Unknown', 1: 'Intrusion Event', 2: 'Host Discovery', 3: 'User Activity', 4: 'Whitelist', 5: 'Malware Event',
};

/** Security Intelligence: which side of a connection matched a list. */
const SI_SRC_DEST: Entries = { 0: 'N/A', 1: 'Source', 2: 'Destination' };

/** `event_desc` of discovery, user and connection records: "<event type>/<subtype>" (protocol.md §6.10). */
const RNA_EVENT: Entries = Object.fromEntries(
  Object.entries({
    1000: [
      'New Host', 'New TCP Service', 'New Network Protocol', 'New Transport Protocol', 'New IP to IP traffic',
      'New UDP Service', 'New Client Application', 'New OS Fingerprint', 'New IPv6 to IPv6 traffic',
    ],
    1001: [
      'Host IP Address Changed', 'OS Information Update', 'Host IP Address Reused', 'Vulnerability Changed',
      'Hops Change', 'TCP Service Information Update', 'Host Timeout', 'TCP Port Closed', 'UDP Port Closed',
      'UDP Service Information Update', 'TCP Port Timeout', 'UDP Port Timeout', 'MAC Information Change',
      'Additional MAC Detected', 'Host Last Seen', 'Host Identified as Router or Bridge', 'Flow Statistics',
      'VLAN Tag Information Update', 'Host Deleted: Limit Reached', 'Client Application Timeout',
      'NetBIOS Name Change', 'NetBIOS Domain Change', 'Host Dropped: Host Limit Reached', 'Banner Update',
      'TCP Service Confidence Update', 'UDP Service Confidence Update', 'OS Confidence Update', 'DHCP Information',
      'Identity Conflict', 'Identity Timeout', 'Secondary Host Update', 'Client Application Update',
    ],
    1002: [
      'Valid Vulnerabilities', 'Invalid Vulnerabilities', 'Delete Address', 'Delete Service', 'Set Host Criticality',
      'Host Attribute Add', 'Host Attribute Update', 'Host Attribute Delete', 'Host Attribute Set Value',
      'Host Attribute Delete Value', 'Add Scan Result', 'Set Vulnerability Impact Qualification',
      'User Policy Control', 'Delete Protocol', 'Delete Client Application', 'Set Operating System Definition',
      'Account Seen', 'Account Update', 'Set Service Definition', 'Delete Host/Network', 'Delete Service',
      'Vulnerability Set Valid', 'Vulnerability Set Invalid', 'Set Host Criticality', 'Host Attribute Set Value',
      'Host Attribute Delete Value', 'Add Host', 'Add Service', 'Add Client Application', 'Add Protocol',
      'Reload App', 'Account Delete',
    ],
    1003: ['Flow Statistics', 'Flow Chunk'],
    1004: ['User Information', 'User Login Information', 'Delete User Identity', 'User Identity Dropped: User Limit Reached'],
    1008: ['IOC Set'],
  }).flatMap(([type, names]) => names.map((name, i) => [`${type}/${i + 1}`, name])),
);
// User-input subtypes past the numbered run.
const RNA_EVENT_IOC: Entries = { '1002/45': 'IOC Delete', '1002/46': 'IOC Invalid' };

/** Every built-in table, by the project's table name. */
export const BUILTIN_TABLES: ReadonlyMap<string, ReadonlyMap<string, unknown>> = new Map(
  Object.entries({
    // Named by the FMC's metadata too; these are the values before (or without) it.
    sensor: { 0: 'Defense Center' },
    zone: { [NULL_UUID]: 'N/A' },
    interface: { [NULL_UUID]: 'N/A' },
    amp_cloud: { [NULL_UUID]: 'N/A' },
    user: USER,
    application: { 0: 'Unknown' },
    client_app: { 0: 'Unknown' },
    web_app: { 0: 'Unknown' },
    source_app: { 0: 'Unknown' },
    source_type: { 0: 'RNA' },
    source_detector: { 0: 'Unknown' },
    amp_detector: { 0: 'RNA' },
    url_category: { 0: 'Unknown' },
    url_reputation: { 0: 'Unknown' },
    geolocation: { 0: 'unknown' },
    file_type: { 0: 'Unknown' },
    fireamp_file_type: { 0: 'Unknown' },
    os_fingerprint: { [NULL_UUID]: { os: 'Unknown', vendor: 'Unknown', version: 'Unknown' } },
    file_sha: { ['0'.repeat(64)]: { name: 'Unknown' } },
    si_src_dest: SI_SRC_DEST,
    fw_rule_reason: FW_RULE_REASON,
    malware_event_type: MALWARE_EVENT_TYPE,
    malware_event_subtype: MALWARE_EVENT_SUBTYPE,
    file_storage: FILE_STORAGE,
    file_sandbox: FILE_SANDBOX,
    archive: ARCHIVE,
    ssl_cipher_suite: SSL_CIPHER_SUITE,
    ssl_version: SSL_VERSION,
    ssl_cert_status: SSL_CERT_STATUS,
    ssl_actual_action: SSL_ACTION,
    ssl_expected_action: SSL_ACTION,
    ssl_flow_status: SSL_FLOW_STATUS,
    // Never sent by the FMC.
    ip_protocol: IP_PROTOCOL,
    blocked: BLOCKED,
    blocked_reason: BLOCKED_REASON,
    impact: IMPACT,
    direction: DIRECTION,
    file_disposition: FILE_DISPOSITION,
    file_action: FILE_ACTION,
    malware_analysis_status: MALWARE_ANALYSIS_STATUS,
    user_protocol: USER_PROTOCOL,
    user_auth_type: USER_AUTH_TYPE,
    vpn_type: VPN_TYPE,
    host_type: HOST_TYPE,
    criticality: CRITICALITY,
    correlation_event_type: CORRELATION_EVENT_TYPE,
    rna_event: { ...RNA_EVENT, ...RNA_EVENT_IOC },
  }).map(([table, entries]) => [table, new Map(Object.entries(entries as Entries))]),
);
