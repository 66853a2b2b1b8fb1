// The other half of structEncoder: the requests that carry a resource's state (Check, Diff, Update and Read send the
// old outputs, 2 MB for 10,000 grants) read without google-protobuf's message objects. Its `deserializeBinary`
// builds one object per value and `toJavaScript` walks them again: for 10,000 grants about a second of the plugin's
// CPU per request in the engine runs of the benchmark, for a Check that never looks at the old state. So the large
// fields are cut out of the request's bytes first (`takeFields`), the rest goes to google-protobuf as before, and a
// Struct that is needed is decoded straight into plain values (`decodeStruct`), as `Struct.toJavaScript` would give.
//
// Wire format: see structEncoder.ts. Every top-level field of a request is (tag varint)(payload); a payload of wire
// type 2 is (length varint)(bytes), so a field can be cut out without reading its contents.

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
    readonly end: number,
  ) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.end) throw new Error("protobuf: truncated varint");
      const b = this.bytes[this.offset++]!;
      // Multiplication rather than shifts: lengths and tags fit in 53 bits, not always in 32.
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }

  /** A length prefix, then where the payload it announces ends. (Read first: `offset + varint()` would add the old offset.) */
  payloadEnd(): number {
    const length = this.varint();
    return this.offset + length;
  }

  /** Skips the payload of a field of `wireType`. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) {
      const length = this.varint();
      this.offset += length;
    }
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`protobuf: wire type ${wireType} is not supported here`);
    if (this.offset > this.end) throw new Error("protobuf: truncated field");
  }
}

const utf8 = new TextDecoder("utf-8");

/**
 * The message's bytes without the length-delimited top-level fields numbered `fields`, and those fields' payloads
 * (the last one of each number, as protobuf reads a repeated singular field). Nothing is copied but the rest.
 */
export function takeFields(bytes: Uint8Array, fields: readonly number[]): { rest: Uint8Array; taken: Map<number, Uint8Array> } {
  const reader = new Reader(bytes, 0, bytes.length);
  const kept: Uint8Array[] = [];
  const taken = new Map<number, Uint8Array>();
  let keptFrom = 0;
  while (reader.offset < reader.end) {
    const fieldStart = reader.offset;
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === 2 && fields.includes(field)) {
      const length = reader.varint();
      taken.set(field, bytes.subarray(reader.offset, reader.offset + length));
      reader.offset += length;
      if (reader.offset > reader.end) throw new Error("protobuf: truncated field");
      kept.push(bytes.subarray(keptFrom, fieldStart));
      keptFrom = reader.offset;
    } else {
      reader.skip(wireType);
    }
  }
  if (keptFrom === 0) return { rest: bytes, taken };
  kept.push(bytes.subarray(keptFrom));
  return { rest: Buffer.concat(kept), taken };
}

/** A `google.protobuf.Struct`'s bytes as plain values, as `Struct.deserializeBinary(bytes).toJavaScript()` gives. */
export function decodeStruct(bytes: Uint8Array): Record<string, unknown> {
  return struct(new Reader(bytes, 0, bytes.length));
}

/** Calls `read` with a reader over each length-delimited field 1 of the message (skipping any other field). */
function eachField1(reader: Reader, read: (inner: Reader) => void): void {
  while (reader.offset < reader.end) {
    const tag = reader.varint();
    if (tag !== 0x0a) {
      reader.skip(tag & 7);
      continue;
    }
    const end = reader.payloadEnd();
    read(new Reader(reader.bytes, reader.offset, end));
    reader.offset = end;
  }
}

/** Struct { map<string, Value> fields = 1 }: each map entry is { string key = 1; Value value = 2 }. */
function struct(reader: Reader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  eachField1(reader, (entry) => {
    let key = "";
    let value: unknown = null;
    while (entry.offset < entry.end) {
      const tag = entry.varint();
      if (tag === 0x0a) {
        const end = entry.payloadEnd();
        key = utf8.decode(entry.bytes.subarray(entry.offset, end));
        entry.offset = end;
      } else if (tag === 0x12) {
        const end = entry.payloadEnd();
        value = valueOf(new Reader(entry.bytes, entry.offset, end));
        entry.offset = end;
      } else {
        entry.skip(tag & 7);
      }
    }
    out[key] = value;
  });
  return out;
}

/** A `google.protobuf.Value`: the last member of its oneof that is present; an empty Value is null, as in JSON. */
function valueOf(reader: Reader): unknown {
  let value: unknown = null;
  while (reader.offset < reader.end) {
    const tag = reader.varint();
    switch (tag) {
      case 0x08: // null_value
        reader.varint();
        value = null;
        break;
      case 0x11: {
        // number_value: a little-endian double.
        const view = new DataView(reader.bytes.buffer, reader.bytes.byteOffset + reader.offset, 8);
        value = view.getFloat64(0, true);
        reader.offset += 8;
        break;
      }
      case 0x1a: {
        const length = reader.varint();
        value = utf8.decode(reader.bytes.subarray(reader.offset, reader.offset + length));
        reader.offset += length;
        break;
      }
      case 0x20:
        value = reader.varint() !== 0;
        break;
      case 0x2a: {
        const end = reader.payloadEnd();
        value = struct(new Reader(reader.bytes, reader.offset, end));
        reader.offset = end;
        break;
      }
      case 0x32: {
        const end = reader.payloadEnd();
        value = list(new Reader(reader.bytes, reader.offset, end));
        reader.offset = end;
        break;
      }
      default:
        reader.skip(tag & 7);
    }
  }
  return value;
}

/** ListValue { repeated Value values = 1 }. */
function list(reader: Reader): unknown[] {
  const out: unknown[] = [];
  eachField1(reader, (item) => out.push(valueOf(item)));
  return out;
}
