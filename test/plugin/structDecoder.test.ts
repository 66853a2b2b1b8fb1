// The plugin's own decoder for the state that Check, Diff, Update and Read requests carry, checked against the
// official one: whatever google-protobuf encodes, `decodeStruct` must read as `Struct.toJavaScript` does, and a
// request without its cut-out fields must read as the same request with those fields unset.
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CheckRequest, DiffRequest } from "@pulumi/pulumi/proto/provider_pb";
import { generateGrants } from "../../emulator";
import { toClientGrant } from "../../provider/core/schemas";
import { decodeStruct, takeFields } from "../../provider/plugin/structDecoder";
import { structValue } from "../helpers/structValues";

type Props = Record<string, unknown>;

const bytesOf = (value: Props) => Struct.fromJavaScript(value as never).serializeBinary();
const official = (value: Props) => Struct.deserializeBinary(bytesOf(value)).toJavaScript();

test("reads any Struct as the official decoder does", () => {
  fc.assert(fc.property(structValue, (value) => expect(decodeStruct(bytesOf(value))).toEqual(official(value))));
});

test("reads the state of 10,000 grants as the official decoder does", () => {
  const organizationId = "org_decoderTest0001";
  const state = { organizationId, total: 10_000, clientGrants: generateGrants(10_000, { organizationId, seed: 6 }).map(toClientGrant) };

  expect(decodeStruct(bytesOf(state))).toEqual(official(state));
});

test("cuts the named fields out of a request: the rest reads as the request without them, the fields as they were", () => {
  const olds = { organizationId: "org_a", clientGrants: [{ id: "cgr_1" }] };
  const request = new DiffRequest().setId("id-1").setUrn("urn:x").setOlds(Struct.fromJavaScript(olds)).setNews(Struct.fromJavaScript({ organizationId: "org_a" }));

  const { rest, taken } = takeFields(request.serializeBinary(), [3]);

  const without = DiffRequest.deserializeBinary(rest);
  expect([without.getId(), without.getUrn(), without.getOlds(), without.getNews()?.toJavaScript()]).toEqual(["id-1", "urn:x", undefined, { organizationId: "org_a" }]);
  expect(decodeStruct(taken.get(3)!)).toEqual(olds);
});

test("leaves a request without those fields as it was", () => {
  const bytes = new CheckRequest().setUrn("urn:x").setNews(Struct.fromJavaScript({ a: 1 })).serializeBinary();

  const { rest, taken } = takeFields(bytes, [2, 9]);

  expect([Buffer.from(rest).equals(Buffer.from(bytes)), taken.size]).toEqual([true, 0]);
});
