import { FIRST_YEAR, isLocalDate, LAST_YEAR } from '@petcare/domain'
import { z } from 'zod'

/** What WeCom takes: 2000 characters, an emoji counting as one. */
const MAX_TEXT = 2000

const day = z
  .string()
  .date('must be a date, YYYY-MM-DD')
  .refine(isLocalDate, `must be a date from ${FIRST_YEAR} to ${LAST_YEAR}`)

const text = z
  .string()
  .trim()
  .min(1)
  .refine((t) => [...t].length <= MAX_TEXT, `at most ${MAX_TEXT} characters`)

const link = z.object({
  // WeCom counts a link title in bytes.
  title: z
    .string()
    .trim()
    .min(1)
    .refine((t) => Buffer.byteLength(t) <= 64, 'at most 64 bytes'),
  url: z
    .string()
    .url()
    .max(512)
    .refine((u) => /^https?:/.test(u), 'http(s) only'),
})

/** `POST /api/console/moments`. */
export const MomentPlanInput = z.object({
  day,
  owner: z.string().trim().min(1).max(32),
  text,
  link: link.nullish(),
})

/** `PUT /api/console/moments/:id`: the owner stays. */
export const MomentEditInput = MomentPlanInput.omit({ owner: true })

/** `GET /api/console/moments?from=&to=`. */
export const MomentRangeInput = z
  .object({ from: day.optional(), to: day.optional() })
  .refine(
    (v) => !v.from || !v.to || v.from <= v.to,
    'from must not be after to',
  )

export type MomentPlan = z.infer<typeof MomentPlanInput>
export type MomentEdit = z.infer<typeof MomentEditInput>
