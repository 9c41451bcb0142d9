/**
 * Ticked rows of a list, by id. Sets are replaced rather than changed in
 * place, so a `ref<Set>` sees every change.
 */
export type Selection = ReadonlySet<string>

export function toggleOne(selected: Selection, id: string): Set<string> {
  const next = new Set(selected)
  if (next.has(id)) next.delete(id)
  else next.add(id)
  return next
}

/**
 * The header checkbox: ticks every shown row, or clears them all when they
 * are all ticked already; rows not shown keep their state.
 */
export function toggleAll(
  selected: Selection,
  shown: readonly string[],
): Set<string> {
  const next = new Set(selected)
  if (selectionOf(selected, shown) === 'all') {
    for (const id of shown) next.delete(id)
  } else {
    for (const id of shown) next.add(id)
  }
  return next
}

/** How many of the shown rows are ticked: the header checkbox's look. */
export function selectionOf(
  selected: Selection,
  shown: readonly string[],
): 'none' | 'some' | 'all' {
  const ticked = shown.filter((id) => selected.has(id)).length
  if (ticked === 0) return 'none'
  return ticked === shown.length ? 'all' : 'some'
}

/** Drops ticks of rows that are gone (a reload no longer lists them). */
export function keepListed(
  selected: Selection,
  listed: readonly string[],
): Set<string> {
  const ids = new Set(listed)
  return new Set([...selected].filter((id) => ids.has(id)))
}
