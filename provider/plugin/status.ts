// How a failure becomes a gRPC status: the package's typed errors map to the closest status code, and the message is
// the library's own (already free of credentials; redacted again in case the text came from elsewhere).
import * as grpc from "@grpc/grpc-js";
import { ApiError, Auth0GrantsError, ConfigurationError, NetworkError, RateLimitError, ValidationError } from "../core/errors";
import { redact } from "../core/secrets";

export interface StatusError {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;
}

/** An RPC the plugin refuses on purpose, with the status the engine understands. */
export class RpcError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

function codeOf(error: unknown): grpc.status {
  if (error instanceof RpcError) return error.code;
  if (error instanceof ValidationError) return grpc.status.INVALID_ARGUMENT;
  if (error instanceof ConfigurationError) return grpc.status.FAILED_PRECONDITION;
  if (error instanceof RateLimitError) return grpc.status.RESOURCE_EXHAUSTED;
  if (error instanceof ApiError) {
    if (error.status === 401) return grpc.status.UNAUTHENTICATED;
    if (error.status === 403) return grpc.status.PERMISSION_DENIED;
    if (error.status === 404) return grpc.status.NOT_FOUND;
    return grpc.status.UNKNOWN;
  }
  if (error instanceof NetworkError) return grpc.status.UNAVAILABLE;
  if (error instanceof Auth0GrantsError) return grpc.status.UNKNOWN;
  return grpc.status.INTERNAL;
}

export function toStatus(error: unknown): StatusError {
  const message = error instanceof Error ? error.message : String(error);
  return { code: codeOf(error), details: redact(message), metadata: new grpc.Metadata() };
}
