// Turns a List call's pages into one async iterable of items, following next_page_token.

/** A page of a List call: every List response has its items and the token of the next page. */
export interface Page {
  /** Token for the next page; empty on the last page. */
  readonly nextPageToken: string;
}

/**
 * Yields the items of every page, fetching the next page only when the items of the previous
 * one have been consumed.
 *
 * @param fetchPage - fetches the page that `pageToken` names ("" for the first)
 * @param itemsOf - the items of a page
 * @param pageToken - where to start; "" (the default) for the first page
 */
export async function* allItems<P extends Page, T>(
  fetchPage: (pageToken: string) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
  pageToken = "",
): AsyncGenerator<T, void, undefined> {
  do {
    const page = await fetchPage(pageToken);
    yield* itemsOf(page);
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
}
