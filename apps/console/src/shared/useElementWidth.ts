import { onBeforeUnmount, onMounted, type Ref, ref } from 'vue'

/**
 * The rendered width of an element, kept up to date. The charts draw in
 * real pixels with it, so their 12 px labels stay 12 px at any width
 * instead of shrinking with a scaled viewBox.
 */
export function useElementWidth(
  target: Ref<Element | null>,
  fallback: number,
): Ref<number> {
  const width = ref(fallback)
  let observer: ResizeObserver | null = null

  onMounted(() => {
    if (!target.value || typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver(([entry]) => {
      const next = Math.round(entry?.contentRect.width ?? 0)
      if (next > 0) width.value = next
    })
    observer.observe(target.value)
  })
  onBeforeUnmount(() => observer?.disconnect())

  return width
}
