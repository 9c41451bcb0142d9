/**
 * Paging over a list the server pages with a cursor (`before`): it can only
 * go forward, so the cursors of the pages already seen are kept to go back.
 */
export interface Pager {
  /** The cursor each page was asked with; the first page has none. */
  readonly cursors: readonly (string | null)[]
}

export const firstPage = (): Pager => ({ cursors: [null] })

/** The cursor of the page on screen. */
export function cursorOf(pager: Pager): string | null {
  return pager.cursors.at(-1) ?? null
}

/** 1 for the first page. */
export function pageNumber(pager: Pager): number {
  return pager.cursors.length
}

export function nextPage(pager: Pager, next: string): Pager {
  return { cursors: [...pager.cursors, next] }
}

export function previousPage(pager: Pager): Pager {
  return pager.cursors.length <= 1
    ? pager
    : { cursors: pager.cursors.slice(0, -1) }
}
