// An error status answered by something other than the Management API: a proxy's, firewall's or gateway's page.
// Auth0 answers every error in JSON ({ statusCode, error, message, errorCode }); read as Auth0's, a proxy's 403
// would send the user to grant a scope, and its 404 to check the organization id.
import { ResponseFormatError } from "../errors";
import { parseErrorBody, sentences } from "./retry";
import { viaWhat, type HttpResponse } from "./transport";

/** Whether `body` is an error as Auth0 writes them: a JSON object with its status code, error or message. */
function isAuth0ErrorBody(body: string): boolean {
  const parsed = parseErrorBody(body);
  return parsed !== undefined && (parsed.statusCode !== undefined || parsed.error !== undefined || parsed.message !== undefined);
}

/** The error for a 4xx that is not Auth0's, or undefined when it is (or the status is not 4xx). */
export function foreignAnswer(what: string, response: HttpResponse, origin: string): ResponseFormatError | undefined {
  if (response.status < 400 || response.status >= 500 || isAuth0ErrorBody(response.body)) return undefined;
  const type = String(response.headers["content-type"] ?? "no content type").split(";")[0];
  const body = response.body.length === 0 ? "an empty body" : `${Buffer.byteLength(response.body)} bytes of ${type}`;
  return new ResponseFormatError(
    sentences(
      `${what}: HTTP ${response.status} with ${body}, which is not an answer of the Auth0 Management API (it answers errors in JSON): ` +
        "a proxy, firewall or gateway between here and the tenant answered instead, so this says nothing about the token, its scopes or the organization.",
      viaWhat(origin),
    ),
  );
}
