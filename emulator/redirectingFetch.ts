// Clients that insist on `https://${domain}` (the official auth0 SDK among them) can still be pointed at the
// emulator: this fetch keeps the path and query of every URL and swaps its origin for the emulator's.
export function redirectingFetch(origin: string, base: typeof fetch = fetch): typeof fetch {
  const target = new URL(origin);
  return (input, init) => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    const url = new URL(`${original.pathname}${original.search}`, target);
    if (input instanceof Request) return base(new Request(url, input), init);
    return base(url, init);
  };
}
