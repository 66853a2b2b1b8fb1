// Which proxy a request to an origin goes through, from HTTPS_PROXY, HTTP_PROXY and NO_PROXY (and their lower-case
// forms), by the rule of undici's EnvHttpProxyAgent: lower case first; https uses HTTPS_PROXY, else HTTP_PROXY; http
// uses HTTP_PROXY; NO_PROXY is a list of host names (a leading "." or "*." allowed, matching subdomains too), each with
// an optional port, or "*" for none. One addition, as Go's net/http (and so @pulumi/auth0) does: a loopback host is
// never sent through a proxy. The choice is made here rather than inside EnvHttpProxyAgent so that an error can say
// which proxy a request went through (that agent keeps its choice to itself); the proxying is undici's ProxyAgent.
import { isLoopback } from "../credentials/domain";

export interface ProxyChoice {
  /** The proxy's URL as configured, user information included (for the ProxyAgent only, never for a message). */
  readonly url: string;
  /** The proxy's origin, without user information: what messages show. */
  readonly shown: string;
  /** The variable it came from, such as "HTTPS_PROXY". */
  readonly from: string;
}

export interface Route {
  readonly proxy?: ProxyChoice;
  /** Why a proxy that is configured is not used for this origin ("NO_PROXY", "a loopback host"). */
  readonly bypass?: string;
}

const first = (env: NodeJS.ProcessEnv, names: readonly string[]): { value: string; name: string } | undefined => {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== "") return { value, name };
  }
  return undefined;
};

export function routeFor(origin: string, env: NodeJS.ProcessEnv = process.env): Route {
  const url = new URL(origin);
  const configured =
    url.protocol === "https:" ? first(env, ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]) : first(env, ["http_proxy", "HTTP_PROXY"]);
  if (!configured) return {};
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isLoopback(host)) return { bypass: "a loopback host" };
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const noProxy = first(env, ["no_proxy", "NO_PROXY"]);
  if (noProxy && bypassedBy(noProxy.value, host, port)) return { bypass: noProxy.name };
  return { proxy: { url: configured.value, shown: shownProxy(configured.value), from: configured.name } };
}

function bypassedBy(noProxy: string, host: string, port: number): boolean {
  if (noProxy.trim() === "*") return true;
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const withPort = /^(.+):(\d+)$/.exec(entry);
      const name = (withPort ? withPort[1]! : entry).replace(/^\*?\./, "").replace(/^\[|\]$/g, "").toLowerCase();
      if (withPort && Number(withPort[2]) !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** The proxy's origin without user information; the value itself when it is not a URL (undici will say so). */
function shownProxy(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return "(a value that is not a URL)";
  }
}

/** "through the proxy http://proxy:3128 (HTTPS_PROXY)", "directly (NO_PROXY names this host)", or "". */
export function describeRoute(route: Route): string {
  if (route.proxy) return `Sent through the proxy ${route.proxy.shown} (${route.proxy.from}).`;
  if (route.bypass === "a loopback host") return "Sent directly: a loopback host never goes through a proxy.";
  if (route.bypass) return `Sent directly, not through the proxy: ${route.bypass} names this host.`;
  return "";
}
