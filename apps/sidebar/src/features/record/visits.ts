import type { SidebarPet, VisitSummary } from '@petcare/shared'

/** Pets in the order the switcher shows them: the chat's pet first. */
export function orderPets(
  pets: readonly SidebarPet[],
  focusPetId: string | null,
): SidebarPet[] {
  const focus = pets.filter((pet) => pet.id === focusPetId)
  return [...focus, ...pets.filter((pet) => pet.id !== focusPetId)]
}

/** Merges a page into what is shown: no visit twice, newest first. */
export function mergeVisits(
  shown: readonly VisitSummary[],
  page: readonly VisitSummary[],
): VisitSummary[] {
  const byId = new Map(shown.map((visit) => [visit.id, visit]))
  for (const visit of page) byId.set(visit.id, visit)
  return [...byId.values()].sort((a, b) =>
    b.visitedAt.localeCompare(a.visitedAt),
  )
}
