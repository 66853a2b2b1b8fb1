// Offset paging that never returns a wrong list. Page 0 tells the total; the remaining pages are fetched in
// parallel and put back in order. Offset paging is not a snapshot, so every page is checked against that total: a
// grant created or deleted mid-listing shows up as a page of the wrong length, a changed total or a duplicate id,
// and the whole listing is started again, up to a bound, after which the caller gets an error instead of a list.
// Without a total, pages are read one after another up to an empty page: a short page is no proof of the end, since
// a server may cap its pages below the size asked. Every listing is bounded (`maxItems`), every item passes the
// caller's `check` as its page arrives, and a duplicate stops a listing as soon as it arrives.
import { mapWithConcurrency } from "./concurrency";
import { InconsistentListingError, ListingTooLargeError } from "./errors";

export interface Page<T> {
  readonly items: readonly T[];
  readonly total?: number;
}

export interface Progress {
  readonly pagesFetched: number;
  /** Known once page 0 has answered with a total. */
  readonly pagesTotal?: number;
  readonly itemsFetched: number;
  readonly total?: number;
}

export interface PaginateOptions<T> {
  readonly perPage: number;
  readonly concurrency: number;
  readonly maxListingAttempts: number;
  /** The most items one listing may hold: a larger total is refused before any other page, and pages that go on
   *  past it stop the listing. Named in the error as `maxItemsOption`. */
  readonly maxItems: number;
  /** How the error names the option that sets `maxItems` ("options.maxGrants"). */
  readonly maxItemsOption: string;
  /** Sees every item as its page arrives, before it joins the listing; throws to refuse the whole listing (an item
   *  that breaks a filter the API was asked to apply, say). */
  readonly check: (item: T) => void;
  readonly onProgress?: (progress: Progress) => void;
  /** Names the listing in errors. */
  readonly what: string;
}

export interface Listing<T> {
  readonly items: T[];
  /** Listings started again because the pages disagreed. */
  readonly restarts: number;
}

/** Fetches page `page` (0-based) of `perPage` items. */
export type FetchPage<T> = (page: number, perPage: number) => Promise<Page<T>>;

class Inconsistent extends Error {}

/** The server answered pages shorter than asked that were not the last: it caps its page size at `size`. */
class PageSizeCapped extends Error {
  constructor(readonly size: number) {
    super(`pages capped at ${size}`);
  }
}

export async function fetchAllPages<T extends { id: string }>(fetchPage: FetchPage<T>, options: PaginateOptions<T>): Promise<Listing<T>> {
  const reasons: string[] = [];
  let perPage = options.perPage;
  let resized = false;
  for (let attempt = 1; attempt <= options.maxListingAttempts; ) {
    try {
      return { items: await listOnce(fetchPage, perPage, options), restarts: attempt - 1 + (resized ? 1 : 0) };
    } catch (error) {
      // A server whose pages are smaller than asked is listed again once at its own page size, where offsets
      // (page x size) mean the same thing to both sides; this is not one of the attempts.
      if (error instanceof PageSizeCapped && !resized && error.size < perPage) {
        resized = true;
        perPage = error.size;
        continue;
      }
      if (!(error instanceof Inconsistent || error instanceof PageSizeCapped)) throw error;
      reasons.push(error.message);
      attempt++;
    }
  }
  throw new InconsistentListingError(
    `${options.what}: the pages disagreed with the API's own count on each of ${options.maxListingAttempts} attempts (${reasons.join("; ")}). ` +
      "Grants are probably being created or deleted right now; retry when they settle, or raise options.maxListingAttempts.",
  );
}

async function listOnce<T extends { id: string }>(fetchPage: FetchPage<T>, perPage: number, options: PaginateOptions<T>): Promise<T[]> {
  const seen = new Set<string>();
  // Each page is checked as it arrives: a duplicate (a cache that ignores ?page=) ends the listing at once, not
  // after thousands of pages.
  const take = (page: Page<T>) => {
    for (const item of page.items) {
      if (seen.has(item.id)) throw new Inconsistent(`grant ${item.id} came back twice in ${options.what.toLowerCase()}`);
      seen.add(item.id);
      options.check(item);
    }
  };
  const tooLarge = (count: string) =>
    new ListingTooLargeError(
      `${options.what}: ${count}, more than ${options.maxItemsOption} (${options.maxItems}) allows. No organization holds that many ` +
        `(Auth0 allows at most 1,000 grants per organization), so the server is not answering as the Management API does; if it is, raise ${options.maxItemsOption}.`,
    );

  const first = await fetchPage(0, perPage);
  const report = (pagesFetched: number, pagesTotal?: number) =>
    options.onProgress?.({ pagesFetched, pagesTotal, itemsFetched: seen.size, total: first.total });

  if (first.total === undefined) {
    // Without a count the only safe end is an empty page, one page after another.
    const items: T[] = [];
    let page = first;
    for (let index = 0; page.items.length > 0; ) {
      take(page);
      items.push(...page.items);
      if (items.length > options.maxItems) throw tooLarge(`the pages went on past ${options.maxItems} grants without an end`);
      report(index + 1);
      const next = await fetchPage(++index, perPage);
      // A short page 0 followed by more: the server's pages are smaller than asked. A short page later followed by
      // more: the offsets moved under the listing.
      if (next.items.length > 0 && page.items.length < perPage) {
        if (index === 1) throw new PageSizeCapped(page.items.length);
        throw new Inconsistent(`page ${index - 1} held ${page.items.length} grants, fewer than ${perPage}, yet page ${index} held more`);
      }
      page = next;
    }
    if (items.length === 0) report(1);
    return items;
  }

  const total = first.total;
  if (total > options.maxItems) throw tooLarge(`the API says ${total} grants match`);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const expectedLength = (page: number) => Math.max(0, Math.min(perPage, total - page * perPage));
  const check = (page: number, result: Page<T>) => {
    if (result.total !== undefined && result.total !== total) throw new Inconsistent(`total changed from ${total} to ${result.total} at page ${page}`);
    if (result.items.length !== expectedLength(page)) {
      throw new Inconsistent(`page ${page} held ${result.items.length} grants where the total of ${total} implies ${expectedLength(page)}`);
    }
    take(result);
  };
  // Page 0 shorter than its own total implies: the server caps its pages (or its total lies, which the next
  // listing, at that page size, shows).
  if (first.items.length > 0 && first.items.length < expectedLength(0)) throw new PageSizeCapped(first.items.length);
  check(0, first);
  report(1, pageCount);
  let pagesFetched = 1;
  const rest = await mapWithConcurrency(
    Array.from({ length: pageCount - 1 }, (_, i) => i + 1),
    options.concurrency,
    async (page) => {
      const result = await fetchPage(page, perPage);
      check(page, result);
      report(++pagesFetched, pageCount);
      return result.items;
    },
  );
  return [first.items, ...rest].flat();
}
