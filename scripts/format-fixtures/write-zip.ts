import { crc32, deflateRawSync } from 'node:zlib';

/** An entry to store: its name, bytes and method (8 deflate, 93 zstd: compressed by the caller's `zstd`). */
export interface ZipInput {
  readonly name: string;
  readonly data: Buffer;
}

/**
 * A minimal zip writer for the fixture generator only (APPNOTE 6.3.10: local headers, central directory,
 * end record; no zip64, no data descriptors). Hand-written because no zip library on npm writes method 93
 * (zstd) entries, which inspect_ai writes since 0.3.206. Entries get a fixed date, so the bytes are
 * reproducible.
 */
export function writeZip(entries: readonly ZipInput[], method: 8 | 93, zstd: (data: Buffer) => Buffer): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const time = (12 << 11) | (0 << 5); // 12:00:00
  const date = ((2026 - 1980) << 9) | (5 << 5) | 14; // 2026-05-14
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = method === 8 ? deflateRawSync(data) : zstd(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method === 93 ? 63 : 20, 4); // version needed (6.3 for zstd)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(data.byteLength, 22);
    local.writeUInt16LE(nameBytes.byteLength, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, nameBytes, compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x033f, 4); // made by: unix, 6.3
    header.writeUInt16LE(method === 93 ? 63 : 20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.byteLength, 20);
    header.writeUInt32LE(data.byteLength, 24);
    header.writeUInt16LE(nameBytes.byteLength, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    offset += local.byteLength + nameBytes.byteLength + compressed.byteLength;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
