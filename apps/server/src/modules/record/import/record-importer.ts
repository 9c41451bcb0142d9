import { createHash } from 'node:crypto'
import type { DataSource, EntitySchema, ObjectLiteral } from 'typeorm'
import { In } from 'typeorm'
import {
  DewormingEntity,
  VaccinationEntity,
  VisitEntity,
} from '../clinical.entity'
import { HospitalEntity, RegionEntity } from '../hospital.entity'
import { normalizePhone } from '../binding.service'
import { HospitalCustomerEntity } from '../hospital-customer.entity'
import {
  CareFlagEntity,
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
} from '../pet.entity'
import {
  cohortsTouchedBy,
  monthOf,
  refreshRepurchase,
} from '../../console/repurchase'
import {
  ImportRowSchema,
  type ImportRow,
  type ImportRowType,
} from './import.schema'

/** What an import did, row by row. */
export interface ImportReport {
  read: number
  inserted: number
  updated: number
  unchanged: number
  /** Rows refused, with their line number (1-based) and why. */
  failed: { line: number; reason: string }[]
}

interface Target {
  entity: EntitySchema<ObjectLiteral>
  keys: string[]
  toRecord(row: ImportRow, now: Date): ObjectLiteral
}

const hash = (row: ImportRow) =>
  createHash('sha256').update(JSON.stringify(row)).digest('hex')

/** Where each row type goes, and how it becomes a record. */
const TARGETS: Record<ImportRowType, Target> = {
  region: {
    entity: RegionEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) =>
      pick(r, ['id', 'name', 'wecomDepartmentId'], { updatedAt: now }),
  },
  hospital: {
    entity: HospitalEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) =>
      pick(
        r,
        ['id', 'name', 'regionId', 'wecomDepartmentId', 'phone', 'address'],
        { updatedAt: now },
      ),
  },
  customer: {
    entity: HospitalCustomerEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) =>
      pick(r, ['id', 'name', 'hospitalId', 'note'], {
        phone: normalizeOptionalPhone(r),
        sourceHash: hash(r),
        createdAt: now,
        updatedAt: now,
      }),
  },
  pet: {
    entity: PetEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) => {
      const pet = r as Extract<ImportRow, { type: 'pet' }>
      return pick(
        r,
        [
          'id',
          'customerId',
          'name',
          'species',
          'breed',
          'sex',
          'birthDate',
          'colour',
          'microchip',
          'status',
          'photoUrl',
        ],
        {
          neutered: pet.neutered == null ? null : pet.neutered ? 1 : 0,
          sourceHash: hash(r),
          updatedAt: now,
        },
      )
    },
  },
  weight: {
    entity: PetWeightEntity as EntitySchema<ObjectLiteral>,
    keys: ['petId', 'measuredOn'],
    toRecord: (r) => {
      const weight = r as Extract<ImportRow, { type: 'weight' }>
      return {
        petId: weight.petId,
        measuredOn: weight.measuredOn,
        weightGrams: Math.round(weight.weightKg * 1000),
      }
    },
  },
  alert: {
    entity: PetAlertEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) =>
      pick(
        r,
        ['id', 'petId', 'kind', 'text', 'severity', 'since', 'resolvedOn'],
        { updatedAt: now },
      ),
  },
  vaccination: {
    entity: VaccinationEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) =>
      pick(
        r,
        [
          'id',
          'petId',
          'vaccineId',
          'vaccineName',
          'doseNumber',
          'givenOn',
          'batch',
          'givenBy',
          'hospitalId',
        ],
        { sourceHash: hash(r), updatedAt: now },
      ),
  },
  deworming: {
    entity: DewormingEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) => {
      const deworming = r as Extract<ImportRow, { type: 'deworming' }>
      return pick(r, ['id', 'petId', 'product', 'givenOn', 'hospitalId'], {
        kinds: [...new Set(deworming.kinds)].sort().join(','),
        sourceHash: hash(r),
        updatedAt: now,
      })
    },
  },
  visit: {
    entity: VisitEntity as EntitySchema<ObjectLiteral>,
    keys: ['id'],
    toRecord: (r, now) => {
      const visit = r as Extract<ImportRow, { type: 'visit' }>
      return pick(
        r,
        [
          'id',
          'petId',
          'customerId',
          'hospitalId',
          'doctorName',
          'doctorUserId',
          'reason',
          'history',
          'recheckOn',
        ],
        {
          visitedAt: new Date(visit.visitedAt),
          examJson: JSON.stringify(visit.exam),
          assessmentJson: JSON.stringify({ diagnoses: visit.diagnoses }),
          planJson: JSON.stringify({
            treatments: visit.treatments,
            prescriptions: visit.prescriptions,
          }),
          labsJson: JSON.stringify(visit.labs),
          amountCents: Math.round(visit.amount * 100),
          paid: visit.paid ? 1 : 0,
          sourceHash: hash(r),
          updatedAt: now,
        },
      )
    },
  },
  care_flag: {
    entity: CareFlagEntity as EntitySchema<ObjectLiteral>,
    keys: ['petId', 'flag', 'sinceOn'],
    toRecord: (r) =>
      pick(r, ['petId', 'flag', 'sinceOn', 'untilOn', 'note'], {}),
  },
}

/** Fields that say when a row was written, not what it says. */
const BOOKKEEPING = new Set(['updatedAt', 'createdAt'])

/**
 * Imports a hospital-system export: one row at a time (a JSON line, or a
 * row that `export-reader.ts` read from CSV), any mix of row types. Rows are checked one by one (a bad row is reported with its line
 * and written not at all), then written in batches of one type, one
 * transaction each. A row that is already stored as it is changes nothing,
 * so an import can be run again safely.
 */
export class RecordImporter {
  private batch: { line: number; row: ImportRow }[] = []
  private readonly report: ImportReport = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    failed: [],
  }
  /** Repurchase cohorts (months) that rows written so far change. */
  private readonly touchedMonths = new Set<string>()
  private readonly movedCustomers = new Set<string>()

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { batchSize?: number; now?: () => Date } = {},
  ) {}

  /** Takes one line of the export; `line` is its 1-based number. */
  async add(text: string, line: number): Promise<void> {
    if (text.trim() === '') {
      return
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      this.refuse(line, 'not a JSON object')
      return
    }
    await this.addValue(json, line)
  }

  /**
   * Takes one row already read from its format (a CSV record turned into
   * an object); it is checked as a JSON line would be.
   */
  async addValue(value: unknown, line: number): Promise<void> {
    this.report.read++
    const row = validateRow(value)
    if ('error' in row) {
      this.report.failed.push({ line, reason: row.error })
      return
    }
    if (this.batch.length > 0 && this.batch[0]!.row.type !== row.value.type) {
      await this.flush()
    }
    this.batch.push({ line, row: row.value })
    if (this.batch.length >= (this.options.batchSize ?? 500)) {
      await this.flush()
    }
  }

  /**
   * Reports a problem found before a row could be checked: a row the file's
   * format could not read, or (`isRow: false`) a problem of the file itself,
   * such as its header, which is not counted as a row read.
   */
  refuse(line: number, reason: string, { isRow = true } = {}): void {
    if (isRow) {
      this.report.read++
    }
    this.report.failed.push({ line, reason })
  }

  /** Writes what is pending and returns the report, refusals by line. */
  async finish(): Promise<ImportReport> {
    await this.flush()
    await this.refreshReports()
    this.report.failed.sort((a, b) => a.line - b.line)
    return this.report
  }

  private async flush(): Promise<void> {
    const batch = this.batch
    this.batch = []
    if (batch.length === 0) {
      return
    }
    try {
      this.count(await this.write(batch))
    } catch {
      // One row the database refuses must not take its batch with it:
      // each row again on its own, and the refused ones reported.
      for (const item of batch) {
        try {
          this.count(await this.write([item]))
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          this.report.failed.push({
            line: item.line,
            reason: `database refused the row: ${message.slice(0, 200)}`,
          })
        }
      }
    }
  }

  private count(
    counts: Pick<ImportReport, 'inserted' | 'updated' | 'unchanged'>,
  ): void {
    this.report.inserted += counts.inserted
    this.report.updated += counts.updated
    this.report.unchanged += counts.unchanged
  }

  /** Writes rows of one type in one transaction; returns what it did. */
  private async write(
    batch: { line: number; row: ImportRow }[],
  ): Promise<Pick<ImportReport, 'inserted' | 'updated' | 'unchanged'>> {
    const target = TARGETS[batch[0]!.row.type]
    const now = this.options.now?.() ?? new Date()
    // The last copy of a key in one batch wins, as it would one by one.
    const records = new Map<string, ObjectLiteral>()
    for (const { row } of batch) {
      const record = target.toRecord(row, now)
      records.set(keyOf(record, target.keys), record)
    }
    // Rows repeated within the batch were read but written once.
    const counts = {
      inserted: 0,
      updated: 0,
      unchanged: batch.length - records.size,
    }

    const written: { record: ObjectLiteral; stored?: ObjectLiteral }[] = []
    await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(target.entity)
      const existing = await this.findExisting(repository, target, [
        ...records.values(),
      ])
      const changed: ObjectLiteral[] = []
      for (const [key, record] of records) {
        const stored = existing.get(key)
        if (!stored) {
          counts.inserted++
          changed.push(record)
          written.push({ record })
        } else if (sameContent(stored, record)) {
          counts.unchanged++
        } else {
          counts.updated++
          written.push({ record, stored })
          changed.push(
            'createdAt' in record
              ? { ...record, createdAt: stored.createdAt }
              : record,
          )
        }
      }
      for (let i = 0; i < changed.length; i += 200) {
        await repository.upsert(changed.slice(i, i + 200), target.keys)
      }
    })
    this.noteWritten(batch[0]!.row.type, written)
    return counts
  }

  /**
   * Remembers what the written rows change in the repurchase report: the
   * cohorts a new or moved visit falls in, and the customers now counted
   * under another hospital.
   */
  private noteWritten(
    type: ImportRowType,
    written: { record: ObjectLiteral; stored?: ObjectLiteral }[],
  ): void {
    for (const { record, stored } of written) {
      if (type === 'visit') {
        for (const at of [record.visitedAt, stored?.visitedAt]) {
          if (at instanceof Date) {
            for (const month of cohortsTouchedBy(at)) {
              this.touchedMonths.add(month)
            }
          }
        }
      } else if (
        type === 'customer' &&
        (!stored || (stored.hospitalId ?? null) !== (record.hospitalId ?? null))
      ) {
        // A new customer may come after their visits (which the cohorts
        // could not count without the customer's hospital).
        this.movedCustomers.add(String(record.id))
      }
    }
  }

  /** Recounts the repurchase cohorts the import changed. */
  private async refreshReports(): Promise<void> {
    const moved = [...this.movedCustomers]
    for (let i = 0; i < moved.length; i += 500) {
      const visits = await this.dataSource.getRepository(VisitEntity).find({
        select: { visitedAt: true },
        where: { customerId: In(moved.slice(i, i + 500)) },
      })
      for (const visit of visits) {
        this.touchedMonths.add(monthOf(visit.visitedAt))
      }
    }
    await refreshRepurchase(this.dataSource, this.touchedMonths)
    this.touchedMonths.clear()
    this.movedCustomers.clear()
  }

  private async findExisting(
    repository: ReturnType<DataSource['getRepository']>,
    target: Target,
    records: ObjectLiteral[],
  ): Promise<Map<string, ObjectLiteral>> {
    const [first, ...rest] = target.keys
    const candidates = await repository.find({
      where: { [first!]: In(records.map((r) => r[first!])) },
    })
    const wanted = new Set(records.map((r) => keyOf(r, target.keys)))
    const found = new Map<string, ObjectLiteral>()
    for (const row of candidates) {
      const key = keyOf(row, target.keys)
      if (rest.length === 0 || wanted.has(key)) {
        found.set(key, row)
      }
    }
    return found
  }
}

function normalizeOptionalPhone(row: ImportRow): string | null {
  const phone = (row as { phone?: string | null }).phone
  return phone ? normalizePhone(phone) : null
}

function validateRow(json: unknown): { value: ImportRow } | { error: string } {
  const result = ImportRowSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const path = issue.path.join('.')
    return { error: path ? `${path}: ${issue.message}` : issue.message }
  }
  return { value: result.data }
}

function pick(
  row: ImportRow,
  fields: string[],
  extra: ObjectLiteral,
): ObjectLiteral {
  const source = row as unknown as Record<string, unknown>
  const record: ObjectLiteral = {}
  for (const field of fields) {
    record[field] = source[field] ?? null
  }
  return { ...record, ...extra }
}

function keyOf(record: ObjectLiteral, keys: string[]): string {
  return keys.map((key) => String(record[key])).join('\u0000')
}

function sameContent(stored: ObjectLiteral, record: ObjectLiteral): boolean {
  return Object.keys(record).every((field) => {
    if (BOOKKEEPING.has(field)) {
      return true
    }
    const a = stored[field]
    const b = record[field]
    if (a instanceof Date && b instanceof Date) {
      return a.getTime() === b.getTime()
    }
    return (a ?? null) === (b ?? null) || String(a) === String(b)
  })
}
