// `pulumirpc.ResourceProvider` on the official stubs. Written here rather than with `@pulumi/pulumi/provider`'s
// `main`, whose server answers CheckConfig with UNIMPLEMENTED and ignores Configure (pulumi/pulumi #10915): this
// provider needs its settings. Every method it does not serve answers UNIMPLEMENTED, which the engine understands.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { listClientGrants, type ListOptions } from "../core/listClientGrants";
import { SECRET_FIELDS } from "../core/credentials/fields";
import { registerSecret } from "../core/secrets";
import { version } from "../core/version";
import { checkConfig, explicitProviderName, listOptions, settingsFrom, type Settings } from "./pluginConfig";
import { invoke } from "./invoke";
import { secretStrings } from "./rpcValues";
import * as resource from "./resourceHooks";
import { packageSchema } from "./packageSchema";
import { appendStructField } from "./structEncoder";
import { decodeStruct, takeFields } from "./structDecoder";
import { RpcError, toStatus } from "./status";

type Props = Record<string, unknown>;
type Handler<Req, Res> = (request: Req) => Promise<Res> | Res;
type UnaryImpl = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

/**
 * A request's properties as plain values. The strings the engine sends as secrets (secret arguments, secret inputs,
 * secret settings) are registered first, so that no error answered later can quote them: a secret organization id
 * would otherwise appear in "Listing the client grants of organization ..." in plain text.
 */
const registered = (props: Props): Props => {
  for (const value of secretStrings(props)) registerSecret(value);
  return props;
};
const toJs = (struct: Struct | undefined): Props => registered((struct?.toJavaScript() ?? {}) as Props);
const toStruct = (value: object): Struct => Struct.fromJavaScript(value as never);

function unary<Req, Res>(handler: Handler<Req, Res>): UnaryImpl {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request as Req))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toStatus(error)),
      );
  };
}

const unimplemented =
  (method: string): UnaryImpl =>
  (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the auth0-org-grants provider` });

/**
 * The service definition with the answer serializers of the methods that carry the grants swapped: their handlers
 * hand over bytes they encoded themselves (structEncoder), which are sent as they are. For 10,000 grants
 * google-protobuf's `Struct.fromJavaScript` + `serializeBinary` took about half a second of the plugin's CPU per
 * answer, the encoder about 30 ms (see docs/benchmark.md).
 */
const definition = providerGrpc.ResourceProviderService as unknown as grpc.ServiceDefinition;
const sentAsEncoded = (method: "invoke" | "create" | "read" | "update") => ({
  ...(definition[method] as grpc.MethodDefinition<unknown, unknown>),
  responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : Buffer.from((value as { serializeBinary(): Uint8Array }).serializeBinary())),
});
/** A request whose state-sized Struct fields were cut out before google-protobuf read the rest (structDecoder.ts). */
interface StateRequest<T> {
  readonly message: T;
  /** The Struct fields that are needed, decoded by field number; a field not sent is absent. */
  readonly structs: ReadonlyMap<number, Props>;
}

/**
 * The requests that carry a resource's old state, with the fields that hold it (`drop`: not needed; `decode`: read
 * with the plugin's own decoder): Check's olds (2) and oldOutputs (9), Diff's olds (3), Update's olds (3), Read's
 * properties (3). For 10,000 grants each is about 2 MB, which google-protobuf took about a second to read.
 */
const receivedAsState = (method: "check" | "diff" | "update" | "read", fields: { drop: number[]; decode: number[] }) => {
  const original = definition[method] as grpc.MethodDefinition<unknown, unknown>;
  const Message = { check: providerPb.CheckRequest, diff: providerPb.DiffRequest, update: providerPb.UpdateRequest, read: providerPb.ReadRequest }[method];
  return {
    ...original,
    requestDeserialize: (bytes: Buffer): StateRequest<unknown> => {
      const { rest, taken } = takeFields(bytes, [...fields.drop, ...fields.decode]);
      const structs = new Map(fields.decode.filter((field) => taken.has(field)).map((field) => [field, decodeStruct(taken.get(field)!)]));
      return { message: Message.deserializeBinary(rest), structs };
    },
  };
};

export const serviceDefinition: grpc.ServiceDefinition = {
  ...definition,
  invoke: sentAsEncoded("invoke"),
  create: sentAsEncoded("create"),
  read: { ...sentAsEncoded("read"), requestDeserialize: receivedAsState("read", { drop: [], decode: [3] }).requestDeserialize },
  update: { ...sentAsEncoded("update"), requestDeserialize: receivedAsState("update", { drop: [3], decode: [] }).requestDeserialize },
  check: receivedAsState("check", { drop: [2, 9], decode: [] }),
  diff: receivedAsState("diff", { drop: [], decode: [3] }),
};

/** A response's bytes with a Struct field (`properties`) appended, encoded by structEncoder. */
const withStruct = (message: { serializeBinary(): Uint8Array }, field: number, value: Props): Buffer => appendStructField(message.serializeBinary(), field, value);

/** One provider instance: one plugin process, configured once by the engine, with its own tenant. */
export class ProviderService {
  private settings: Settings = {};
  /** The explicit provider resource this process serves, for messages; undefined for the default provider. */
  private explicitProvider: string | undefined;
  private schemaJson: string | undefined;

  private readonly resourceHooks: resource.PluginResource;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.resourceHooks = resource.organizationClientGrants((filters) => listClientGrants(filters, this.options), env);
  }

  private get options(): ListOptions {
    return listOptions(this.settings, this.env, this.explicitProvider);
  }

  implementation(): grpc.UntypedServiceImplementation {
    const served: Record<string, UnaryImpl> = {
      getPluginInfo: unary<Empty, pluginPb.PluginInfo>(() => new pluginPb.PluginInfo().setVersion(version)),
      getSchema: unary<providerPb.GetSchemaRequest, providerPb.GetSchemaResponse>(() => {
        this.schemaJson ??= JSON.stringify(packageSchema());
        return new providerPb.GetSchemaResponse().setSchema(this.schemaJson);
      }),
      checkConfig: unary<providerPb.CheckRequest, providerPb.CheckResponse>((request) => {
        const { inputs, failures } = checkConfig(toJs(request.getNews()));
        return checkResponse(inputs, failures);
      }),
      configure: unary<providerPb.ConfigureRequest, providerPb.ConfigureResponse>((request) => {
        this.settings = settingsFrom(request.getArgs()?.toJavaScript() as Props | undefined, request.getVariablesMap().entries() as unknown as Iterable<[string, string]>);
        for (const field of SECRET_FIELDS) registerSecret(this.settings[field]);
        this.explicitProvider = explicitProviderName(request.getName(), request.getUrn());
        // No preview support: as with the dynamic resource, the engine does not call Create or Update in a preview.
        return new providerPb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false).setAcceptresources(false);
      }),
      invoke: unary<providerPb.InvokeRequest, Buffer>((request) => invoke(request.getTok(), toJs(request.getArgs()), this.options)),
      check: unary<StateRequest<providerPb.CheckRequest>, providerPb.CheckResponse>(({ message: request }) => {
        this.expectResource(request.getType() || typeOfUrn(request.getUrn()));
        const { inputs, failures } = this.resourceHooks.check(toJs(request.getNews()));
        return checkResponse(inputs, failures);
      }),
      diff: unary<StateRequest<providerPb.DiffRequest>, providerPb.DiffResponse>(async ({ message: request, structs }) => {
        this.expectResource(request.getType() || typeOfUrn(request.getUrn()));
        const result = await this.resourceHooks.diff(request.getId(), registered(structs.get(3) ?? {}), toJs(request.getNews()));
        const Changes = providerPb.DiffResponse.DiffChanges;
        return new providerPb.DiffResponse()
          .setChanges(result.changes ? Changes.DIFF_SOME : Changes.DIFF_NONE)
          .setReplacesList(result.replaces)
          .setDiffsList(result.diffs)
          .setDeletebeforereplace(false);
      }),
      // CreateResponse.properties is field 2, ReadResponse.properties field 2, UpdateResponse.properties field 1.
      create: unary<providerPb.CreateRequest, Buffer>(async (request) => {
        this.expectResource(request.getType() || typeOfUrn(request.getUrn()));
        const { id, outputs } = await this.resourceHooks.create(toJs(request.getProperties()));
        return withStruct(new providerPb.CreateResponse().setId(id), 2, outputs);
      }),
      read: unary<StateRequest<providerPb.ReadRequest>, Buffer | providerPb.ReadResponse>(async ({ message: request, structs }) => {
        this.expectResource(typeOfUrn(request.getUrn()));
        const result = await this.resourceHooks.read(request.getId(), registered(structs.get(3) ?? {}), toJs(request.getInputs()));
        const response = new providerPb.ReadResponse().setId(result.id);
        if (result.inputs) response.setInputs(toStruct(result.inputs));
        return result.outputs ? withStruct(response, 2, result.outputs) : response;
      }),
      update: unary<StateRequest<providerPb.UpdateRequest>, Buffer>(async ({ message: request }) => {
        this.expectResource(request.getType() || typeOfUrn(request.getUrn()));
        return withStruct(new providerPb.UpdateResponse(), 1, await this.resourceHooks.update(toJs(request.getNews())));
      }),
      // The resource only reads: deleting it forgets the grants from state and sends nothing to Auth0.
      delete: unary<providerPb.DeleteRequest, Empty>((request) => {
        this.expectResource(request.getType() || typeOfUrn(request.getUrn()));
        return new Empty();
      }),
      cancel: unary<Empty, Empty>(() => new Empty()),
      // How the engine takes over a plugin started by hand (`PULUMI_DEBUG_PROVIDERS=auth0-org-grants:<port>`): it
      // sends its own address, which this plugin never calls back, so there is nothing to do but accept.
      attach: unary<pluginPb.PluginAttach, Empty>(() => new Empty()),
    };
    return Object.fromEntries(Object.keys(serviceDefinition).map((method) => [method, served[method] ?? unimplemented(method)]));
  }

  private expectResource(type: string): void {
    if (type !== resource.ORGANIZATION_CLIENT_GRANTS) {
      throw new RpcError(grpc.status.INVALID_ARGUMENT, `Unknown resource type ${JSON.stringify(type)}: the auth0-org-grants provider serves only ${resource.ORGANIZATION_CLIENT_GRANTS}.`);
    }
  }
}

/** `urn:pulumi:stack::project::[parent$]type::name` -> type. */
function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

function checkResponse(inputs: Props, failures: readonly { property: string; reason: string }[]): providerPb.CheckResponse {
  const response = new providerPb.CheckResponse().setInputs(toStruct(inputs));
  response.setFailuresList(failures.map((f) => new providerPb.CheckFailure().setProperty(f.property).setReason(f.reason)));
  return response;
}
