// A protobuf encoder for `google.protobuf.Struct` and `pulumirpc.InvokeResponse`, writing straight into one Buffer.
//
// Why not google-protobuf: `Struct.fromJavaScript` builds a message object per value and `serializeBinary` then walks
// them again; for an Invoke answer of 10,000 grants that costs about half a second, as long as the listing's own CPU.
// The engine decodes the bytes in Go, so encoding is the plugin's own cost. This encoder makes two passes over the
// plain value: one computes every nested message's length (protobuf prefixes each message with it), one writes.
//
// Wire format (google/protobuf/struct.proto): Struct { map<string, Value> fields = 1 } where each map entry is a
// message { string key = 1; Value value = 2 }; Value is a oneof of null_value = 1 (varint 0), number_value = 2
// (double), string_value = 3, bool_value = 4, struct_value = 5, list_value = 6; ListValue { repeated Value values = 1 }.
// InvokeResponse { Struct return = 1; repeated CheckFailure failures = 2 }, CheckFailure { property = 1; reason = 2 }.
//
// Like the engine, it refuses what a Struct cannot hold (functions, symbols, bigints, class instances); an `undefined`
// property or array element is left out, as `toOutputs` leaves it out of the dynamic resource's outputs.

const TAG_FIELD_1_LEN = 0x0a; // field 1, wire type 2 (length-delimited)
const TAG_FIELD_2_LEN = 0x12;
const TAG_NULL = 0x08; // Value.null_value, varint
const TAG_NUMBER = 0x11; // Value.number_value, 64-bit
const TAG_STRING = 0x1a;
const TAG_BOOL = 0x20;
const TAG_STRUCT = 0x2a;
const TAG_LIST = 0x32;

export interface Failure {
  readonly property: string;
  readonly reason: string;
}

/** Lengths computed by the first pass, consumed in the same order by the second. */
class Sizes {
  readonly values: number[] = [];
  index = 0;
}

function varintSize(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function unsupported(value: unknown): Error {
  const what = value === null ? "null" : typeof value === "object" ? (value as object).constructor?.name ?? "object" : typeof value;
  return new TypeError(`Unexpected struct type: a ${what} cannot be sent in a google.protobuf.Struct`);
}

/** The size of a Value's content (without its own tag and length), recording nested lengths. */
function valueSize(value: unknown, sizes: Sizes): number {
  switch (typeof value) {
    case "string": {
      const n = Buffer.byteLength(value, "utf8");
      sizes.values.push(n);
      return 1 + varintSize(n) + n;
    }
    case "number":
      return 9;
    case "boolean":
      return 2;
    case "object": {
      if (value === null) return 2;
      const slot = sizes.values.length;
      sizes.values.push(0);
      const n = Array.isArray(value) ? listSize(value, sizes) : structSize(value, sizes);
      sizes.values[slot] = n;
      return 1 + varintSize(n) + n;
    }
    default:
      throw unsupported(value);
  }
}

function listSize(values: readonly unknown[], sizes: Sizes): number {
  let total = 0;
  for (const item of values) {
    if (item === undefined) continue;
    const slot = sizes.values.length;
    sizes.values.push(0);
    const n = valueSize(item, sizes);
    sizes.values[slot] = n;
    total += 1 + varintSize(n) + n;
  }
  return total;
}

function structSize(value: object, sizes: Sizes): number {
  if (!isPlainObject(value)) throw unsupported(value);
  let total = 0;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const entrySlot = sizes.values.length;
    sizes.values.push(0, 0, 0); // entry length, key length, value length
    const keyBytes = Buffer.byteLength(key, "utf8");
    const valueBytes = valueSize(item, sizes);
    const entry = 1 + varintSize(keyBytes) + keyBytes + 1 + varintSize(valueBytes) + valueBytes;
    sizes.values[entrySlot] = entry;
    sizes.values[entrySlot + 1] = keyBytes;
    sizes.values[entrySlot + 2] = valueBytes;
    total += 1 + varintSize(entry) + entry;
  }
  return total;
}

class Writer {
  offset = 0;
  constructor(
    readonly buffer: Buffer,
    readonly sizes: Sizes,
  ) {}

  byte(b: number): void {
    this.buffer[this.offset++] = b;
  }

  varint(n: number): void {
    while (n >= 0x80) {
      this.buffer[this.offset++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buffer[this.offset++] = n;
  }

  next(): number {
    return this.sizes.values[this.sizes.index++]!;
  }

  string(value: string, bytes: number): void {
    this.varint(bytes);
    this.offset += this.buffer.write(value, this.offset, bytes, "utf8");
  }

  value(value: unknown): void {
    switch (typeof value) {
      case "string":
        this.byte(TAG_STRING);
        this.string(value, this.next());
        return;
      case "number":
        this.byte(TAG_NUMBER);
        this.buffer.writeDoubleLE(value, this.offset);
        this.offset += 8;
        return;
      case "boolean":
        this.byte(TAG_BOOL);
        this.byte(value ? 1 : 0);
        return;
      default: {
        if (value === null) {
          this.byte(TAG_NULL);
          this.byte(0);
          return;
        }
        const n = this.next();
        if (Array.isArray(value)) {
          this.byte(TAG_LIST);
          this.varint(n);
          this.list(value);
        } else {
          this.byte(TAG_STRUCT);
          this.varint(n);
          this.struct(value as Record<string, unknown>);
        }
      }
    }
  }

  list(values: readonly unknown[]): void {
    for (const item of values) {
      if (item === undefined) continue;
      this.byte(TAG_FIELD_1_LEN);
      this.varint(this.next());
      this.value(item);
    }
  }

  struct(value: Record<string, unknown>): void {
    for (const key in value) {
      const item = value[key];
      if (item === undefined) continue;
      const entry = this.next();
      const keyBytes = this.next();
      const valueBytes = this.next();
      this.byte(TAG_FIELD_1_LEN);
      this.varint(entry);
      this.byte(TAG_FIELD_1_LEN);
      this.string(key, keyBytes);
      this.byte(TAG_FIELD_2_LEN);
      this.varint(valueBytes);
      this.value(item);
    }
  }
}

/** The bytes of a `google.protobuf.Struct` holding `value`'s properties. */
export function encodeStruct(value: Record<string, unknown>): Buffer {
  const sizes = new Sizes();
  const n = structSize(value, sizes);
  const writer = new Writer(Buffer.allocUnsafe(n), sizes);
  writer.struct(value);
  return writer.buffer;
}

/**
 * `message`'s bytes followed by one message-typed field holding a `google.protobuf.Struct` of `value`: protobuf fields
 * may come in any order, so they set that field, as `CreateResponse.properties` (field 2). Written into one buffer
 * sized once: for 10,000 grants the Struct is about 2 MB, not worth copying twice.
 */
export function appendStructField(message: Uint8Array, field: number, value: Record<string, unknown>): Buffer {
  const sizes = new Sizes();
  const structBytes = structSize(value, sizes);
  const tag = (field << 3) | 2;
  const total = message.length + varintSize(tag) + varintSize(structBytes) + structBytes;
  const writer = new Writer(Buffer.allocUnsafe(total), sizes);
  writer.buffer.set(message, 0);
  writer.offset = message.length;
  writer.varint(tag);
  writer.varint(structBytes);
  writer.struct(value);
  if (writer.offset !== total) throw new Error(`Struct field encoding wrote ${writer.offset} bytes instead of ${total}`);
  return writer.buffer;
}

/** The bytes of a `pulumirpc.InvokeResponse`: `return` set to `outputs` (when given), then the failures. */
export function encodeInvokeResponse(outputs: Record<string, unknown> | undefined, failures: readonly Failure[] = []): Buffer {
  const sizes = new Sizes();
  const structBytes = outputs === undefined ? -1 : structSize(outputs, sizes);
  let total = structBytes < 0 ? 0 : 1 + varintSize(structBytes) + structBytes;
  const failureSizes = failures.map((f) => {
    const property = Buffer.byteLength(f.property, "utf8");
    const reason = Buffer.byteLength(f.reason, "utf8");
    const message = 1 + varintSize(property) + property + 1 + varintSize(reason) + reason;
    total += 1 + varintSize(message) + message;
    return { property, reason, message };
  });
  const writer = new Writer(Buffer.allocUnsafe(total), sizes);
  if (outputs !== undefined) {
    writer.byte(TAG_FIELD_1_LEN);
    writer.varint(structBytes);
    writer.struct(outputs);
  }
  failures.forEach((f, i) => {
    const s = failureSizes[i]!;
    writer.byte(TAG_FIELD_2_LEN);
    writer.varint(s.message);
    writer.byte(TAG_FIELD_1_LEN);
    writer.string(f.property, s.property);
    writer.byte(TAG_FIELD_2_LEN);
    writer.string(f.reason, s.reason);
  });
  if (writer.offset !== total) throw new Error(`InvokeResponse encoding wrote ${writer.offset} bytes instead of ${total}`);
  return writer.buffer;
}
