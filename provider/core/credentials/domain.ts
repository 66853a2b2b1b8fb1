// Where the Management API lives: a tenant's domain as people write it, checked before anything is sent. HTTPS, or
// plain HTTP on a loopback host only, because a Management API token must never cross a network in clear text.
import { isIP } from "node:net";
import { ConfigurationError } from "../errors";

/** Where the Management API lives, checked: HTTPS, or plain HTTP on a loopback host only. */
export interface ApiOrigin {
  readonly origin: string;
  readonly hostname: string;
}

// `docker run --env-file` keeps the quotes of NAME="value", and so does a value copied out of YAML or JSON by hand.
export const QUOTED = /^(["'`]).*\1$/s;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/**
 * Accepts `tenant.eu.auth0.com` (then HTTPS) or an origin `https://host[:port]`; `http://` only for loopback hosts,
 * because a Management API token must never cross a network in clear text. `name` is how the caller names the
 * setting the domain came from.
 */
export function parseDomain(domain: string, name = "connection.domain, auth0:domain or AUTH0_DOMAIN"): ApiOrigin {
  // The value itself is never echoed: a misplaced token or a password in user information would be printed.
  const fail = (why: string) =>
    new ConfigurationError(
      `Invalid Auth0 domain (${name}): ${why}. Use a host name such as "tenant.eu.auth0.com" or an origin such as "https://tenant.eu.auth0.com:443".`,
    );
  if (/\s/.test(domain)) throw fail("it contains white space");
  if (domain.length >= 2 && QUOTED.test(domain)) throw fail("it is wrapped in quotes, which are not part of it: remove them");
  // A single trailing slash, as an address bar shows it, is no path: "https://host/" is accepted, so "host/" is too.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(domain) && /^[^/]+\/$/.test(domain)) domain = domain.slice(0, -1);
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain);
  let url: URL;
  try {
    url = new URL(hasScheme ? domain : `https://${domain}`);
  } catch {
    throw fail("it is not a host name or an origin");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fail(`the scheme ${url.protocol} is not supported`);
  // "https://@host" parses with an empty user name, so look at the text, not only at the parsed URL.
  if (url.username || url.password || domain.includes("@")) throw fail("it must not carry user information");
  if (url.pathname !== "/" || url.search || url.hash || /[?#]/.test(domain)) throw fail("it must not have a path, query or fragment");
  if (!hasScheme && domain.includes("/")) throw fail("it must not have a path");
  const hostname = url.hostname;
  // An absolute DNS name ("tenant.eu.auth0.com."): refused rather than stripped, because without its dot a resolver
  // with search domains (Kubernetes' ndots:5) may try other names first; and it would not compare equal to the same
  // tenant written without it.
  if (hostname.endsWith(".")) throw fail("it ends with a dot: write the host name without it");
  const isIpLiteral = isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;
  if (!isIpLiteral && !HOSTNAME.test(hostname)) throw fail("the host name is not valid");
  if (url.protocol === "http:" && !isLoopback(hostname)) {
    throw fail("plain http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https://");
  }
  return { origin: url.origin, hostname };
}
