// The plugin's own protobuf encoder for Invoke answers, checked against the official decoder: whatever it writes,
// `InvokeResponse.deserializeBinary` must read back as the value google-protobuf's own `Struct.fromJavaScript` holds.
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CreateResponse, InvokeResponse, ReadResponse, UpdateResponse } from "@pulumi/pulumi/proto/provider_pb";
import { generateGrants } from "../../emulator";
import { appendStructField, encodeInvokeResponse, encodeStruct } from "../../provider/plugin/structEncoder";
import { toClientGrant } from "../../provider/core/schemas";
import { structText, structValue } from "../helpers/structValues";

type Props = Record<string, unknown>;

const official = (value: Props): unknown => Struct.fromJavaScript(value as never).toJavaScript();
const decoded = (bytes: Buffer) => {
  const response = InvokeResponse.deserializeBinary(bytes);
  return { outputs: response.getReturn()?.toJavaScript(), failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
};

const text = structText;
const struct = structValue;

test("writes what the official decoder reads back as the official encoding of the same value", () => {
  fc.assert(
    fc.property(struct, (value) => {
      expect(decoded(encodeInvokeResponse(value))).toEqual({ outputs: official(value), failures: [] });
      expect(Struct.deserializeBinary(encodeStruct(value)).toJavaScript()).toEqual(official(value));
    }),
    { numRuns: 500 },
  );
});

test("writes failures with or without a return value", () => {
  fc.assert(
    fc.property(fc.array(fc.record({ property: text, reason: text }), { maxLength: 5 }), fc.option(struct, { nil: undefined }), (failures, outputs) => {
      const answer = decoded(encodeInvokeResponse(outputs, failures));
      expect(answer).toEqual({ outputs: outputs === undefined ? undefined : official(outputs), failures });
    }),
  );
});

test("encodes a listing of 10,000 grants exactly as the official encoder's value", () => {
  const organizationId = "org_encoderTest0001";
  const result = { organizationId, total: 10_000, clientGrants: generateGrants(10_000, { organizationId, seed: 3 }).map(toClientGrant) };

  expect(decoded(encodeInvokeResponse(result)).outputs).toEqual(official(result));
});

test("leaves out undefined properties and array items, as the resource's outputs do", () => {
  expect(decoded(encodeInvokeResponse({ a: undefined, b: [1, undefined, 2], c: { d: undefined } })).outputs).toEqual({ b: [1, 2], c: {} });
});

test.each([
  ["a function", { f: () => 1 }],
  ["a bigint", { n: 1n }],
  ["a class instance", { d: new Date(0) }],
  ["a symbol", { s: Symbol("x") }],
])("refuses %s, which a Struct cannot hold", (_what, value) => {
  expect(() => encodeInvokeResponse(value as Props)).toThrow(/Unexpected struct type/);
});

test("a Struct field appended to a resource answer's other fields reads back as that answer's properties", () => {
  const organizationId = "org_encoderTest0002";
  const outputs = { organizationId, total: 500, clientGrants: generateGrants(500, { organizationId, seed: 4 }).map(toClientGrant) };
  const appended = (message: { serializeBinary(): Uint8Array }, field: number) => appendStructField(message.serializeBinary(), field, outputs);

  const created = CreateResponse.deserializeBinary(appended(new CreateResponse().setId("id-1"), 2));
  const read = ReadResponse.deserializeBinary(appended(new ReadResponse().setId("id-1").setInputs(Struct.fromJavaScript({ organizationId })), 2));
  const updated = UpdateResponse.deserializeBinary(appended(new UpdateResponse(), 1));

  expect([created.getId(), created.getProperties()?.toJavaScript()]).toEqual(["id-1", official(outputs)]);
  expect([read.getId(), read.getProperties()?.toJavaScript(), read.getInputs()?.toJavaScript()]).toEqual(["id-1", official(outputs), { organizationId }]);
  expect(updated.getProperties()?.toJavaScript()).toEqual(official(outputs));
});
