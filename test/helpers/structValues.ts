// Arbitrary values a `google.protobuf.Struct` can hold (JSON: null, booleans, numbers, strings, lists, objects), for
// the property tests of the plugin's protobuf encoder and decoder.
import fc from "fast-check";

export const structText = fc.string({ unit: "grapheme", maxLength: 40 });

const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer(),
    structText,
    fc.array(tie("value"), { maxLength: 6 }),
    fc.dictionary(structText, tie("value"), { maxKeys: 6 }),
  ),
}));

/** A Struct's properties: up to eight keys, values nested a few levels. */
export const structValue = fc.dictionary(structText, json.value, { maxKeys: 8 }) as fc.Arbitrary<Record<string, unknown>>;
