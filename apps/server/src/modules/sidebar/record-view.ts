import {
  computeDewormingStatus,
  computeVaccineStatus,
  DEFAULT_PROTOCOL,
  mergeProtocol,
  type CareProtocol,
  type ProtocolOverrides,
} from '@petcare/domain'
import type {
  AlertView,
  CareLine,
  FollowUpNote,
  HospitalRef,
  LabResult,
  SidebarCustomer,
  SidebarPet,
  VisitDetail,
  VisitSummary,
} from '@petcare/shared'
import { In, IsNull, type DataSource, type FindOptionsWhere } from 'typeorm'
import { StaffEntity } from '../directory/staff.entity'
import {
  DewormingEntity,
  VaccinationEntity,
  VisitEntity,
  type VisitRecord,
} from '../record/clinical.entity'
import { HospitalEntity, type HospitalRecord } from '../record/hospital.entity'
import type { HospitalCustomerRecord } from '../record/hospital-customer.entity'
import {
  CareFlagEntity,
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
  type PetRecord,
} from '../record/pet.entity'
import {
  CareProtocolOverrideEntity,
  FollowUpNoteEntity,
  type FollowUpNoteRecord,
} from './care-tools.entity'

/** How many visits the one call carries per pet; the rest page on. */
export const RECENT_VISITS = 5
/** How many weighings the trend shows. */
const WEIGHT_POINTS = 12
/** How long hospitals and region protocols are kept in memory. */
const CACHE_MS = 60_000

/** `13812345678` → `138****5678`: enough to recognise, not to dial. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) {
    return null
  }
  if (phone.length < 7) {
    return '*'.repeat(phone.length)
  }
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** Mainland mobile numbers inside free text (a member's remark), masked. */
export function maskPhonesIn(text: string): string {
  return text.replace(
    /(?<!\d)(?:\+?86[\s-]?)?1\d{2}[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g,
    (found) => maskPhone(found.replace(/\D/g, '').slice(-11))!,
  )
}

const SEVERITY = { high: 0, medium: 1, low: 2 } as const

/**
 * Reads a customer's record in the shapes the sidebar shows: pets with their
 * due vaccines, alerts, weights and last visits; visits page by page. Few
 * queries, each on an index: the call must answer within milliseconds on a
 * million visits.
 */
export class RecordReader {
  private hospitals: { at: number; byId: Map<string, HospitalRecord> } | null =
    null
  private readonly protocols = new Map<
    string,
    { at: number; protocol: CareProtocol }
  >()

  constructor(private readonly dataSource: DataSource) {}

  async customer(record: HospitalCustomerRecord): Promise<SidebarCustomer> {
    return {
      id: record.id,
      name: record.name,
      phone: maskPhone(record.phone),
      hospital: record.hospitalId
        ? await this.hospitalRef(record.hospitalId)
        : null,
      note: record.note,
    }
  }

  /** Every pet of a customer, living ones first, with its file. */
  async pets(
    customer: HospitalCustomerRecord,
    today: string,
  ): Promise<SidebarPet[]> {
    const pets = await this.dataSource
      .getRepository(PetEntity)
      .find({ where: { customerId: customer.id }, order: { id: 'ASC' } })
    if (pets.length === 0) {
      return []
    }
    const ids = pets.map((p) => p.id)
    const [weights, alerts, vaccinations, dewormings, flags, counts, recent] =
      await Promise.all([
        this.dataSource
          .getRepository(PetWeightEntity)
          .find({ where: { petId: In(ids) }, order: { measuredOn: 'ASC' } }),
        this.dataSource
          .getRepository(PetAlertEntity)
          .find({ where: { petId: In(ids), resolvedOn: IsNull() } }),
        this.dataSource
          .getRepository(VaccinationEntity)
          .find({ where: { petId: In(ids) } }),
        this.dataSource
          .getRepository(DewormingEntity)
          .find({ where: { petId: In(ids) } }),
        this.dataSource
          .getRepository(CareFlagEntity)
          .find({ where: { petId: In(ids) }, order: { sinceOn: 'DESC' } }),
        this.dataSource
          .getRepository(VisitEntity)
          .createQueryBuilder('v')
          .select('v.petId', 'petId')
          .addSelect('COUNT(*)', 'count')
          .where('v.petId IN (:...ids)', { ids })
          .groupBy('v.petId')
          .getRawMany<{ petId: string; count: string | number }>(),
        Promise.all(ids.map((id) => this.visitRows(id, null, RECENT_VISITS))),
      ])
    const protocol = await this.protocolFor(customer.hospitalId)
    const ordered = [...pets].sort(
      (a, b) => Number(a.status !== 'active') - Number(b.status !== 'active'),
    )
    const result: SidebarPet[] = []
    for (const pet of ordered) {
      const of = <T extends { petId: string }>(rows: T[]) =>
        rows.filter((row) => row.petId === pet.id)
      const visits = recent[ids.indexOf(pet.id)] ?? []
      result.push({
        id: pet.id,
        name: pet.name,
        species: pet.species,
        breed: pet.breed,
        sex: pet.sex,
        neutered: pet.neutered === null ? null : pet.neutered === 1,
        birthDate: pet.birthDate,
        colour: pet.colour,
        microchip: pet.microchip,
        status: pet.status,
        photoUrl: pet.photoUrl,
        alerts: of(alerts)
          .sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity])
          .map((a): AlertView => ({
            kind: a.kind,
            text: a.text,
            severity: a.severity,
            since: a.since,
          })),
        weights: of(weights)
          .slice(-WEIGHT_POINTS)
          .map((w) => ({ measuredOn: w.measuredOn, kg: w.weightGrams / 1000 })),
        ...careLines(pet, protocol, today, of(vaccinations), of(dewormings)),
        careFlags: of(flags)
          .filter((f) => f.untilOn === null || f.untilOn >= today)
          .map((f) => ({
            flag: f.flag,
            sinceOn: f.sinceOn,
            untilOn: f.untilOn,
            note: f.note,
          })),
        recentVisits: await Promise.all(visits.map((v) => this.summary(v))),
        visitCount: Number(counts.find((c) => c.petId === pet.id)?.count ?? 0),
      })
    }
    return result
  }

  /** A page of a pet's visits, newest first, before an instant. */
  async visitPage(
    petId: string,
    before: Date | null,
    limit: number,
  ): Promise<{ visits: VisitSummary[]; next: string | null }> {
    const rows = await this.visitRows(petId, before, limit + 1)
    const page = rows.slice(0, limit)
    return {
      visits: await Promise.all(page.map((v) => this.summary(v))),
      next: rows.length > limit ? page.at(-1)!.visitedAt.toISOString() : null,
    }
  }

  async visitDetail(visit: VisitRecord): Promise<VisitDetail> {
    const exam = parse<Partial<VisitDetail['exam']>>(visit.examJson, {})
    const labs = parse<Omit<LabResult, 'flag'>[]>(visit.labsJson, [])
    return {
      ...(await this.summary(visit)),
      history: visit.history,
      exam: {
        temperatureC: exam.temperatureC ?? null,
        heartRate: exam.heartRate ?? null,
        breathingRate: exam.breathingRate ?? null,
        weightKg: exam.weightKg ?? null,
        findings: exam.findings ?? null,
      },
      labs: labs.map((lab) => ({
        test: lab.test,
        value: lab.value,
        unit: lab.unit ?? null,
        low: lab.low ?? null,
        high: lab.high ?? null,
        flag: labFlag(lab),
      })),
    }
  }

  /** Notes on a customer or chat, open ones first, newest first. */
  async notes(where: {
    customerId?: string | null
    externalUserId?: string | null
    chatId?: string | null
  }): Promise<FollowUpNote[]> {
    const conditions: FindOptionsWhere<FollowUpNoteRecord>[] = []
    if (where.customerId) conditions.push({ customerId: where.customerId })
    if (where.externalUserId) {
      conditions.push({ externalUserId: where.externalUserId })
    }
    if (where.chatId) conditions.push({ chatId: where.chatId })
    if (conditions.length === 0) {
      return []
    }
    const rows = await this.dataSource.getRepository(FollowUpNoteEntity).find({
      where: conditions,
      order: { createdAt: 'DESC' },
      take: 50,
    })
    return this.presentNotes(rows)
  }

  async presentNotes(rows: FollowUpNoteRecord[]): Promise<FollowUpNote[]> {
    const authors = await this.staffNames(rows.map((r) => r.authorUserId))
    return rows
      .sort((a, b) => Number(a.doneAt !== null) - Number(b.doneAt !== null))
      .map((r) => ({
        id: r.id,
        customerId: r.customerId,
        externalUserId: r.externalUserId,
        petId: r.petId,
        author: {
          userId: r.authorUserId,
          name: authors.get(r.authorUserId) ?? r.authorUserId,
        },
        text: r.text,
        remindOn: r.remindOn,
        doneAt: r.doneAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
      }))
  }

  async staffNames(userIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(userIds)]
    if (unique.length === 0) {
      return new Map()
    }
    const staff = await this.dataSource.getRepository(StaffEntity).find({
      where: { userId: In(unique) },
      select: { userId: true, name: true },
    })
    return new Map(staff.map((s) => [s.userId, s.name]))
  }

  /**
   * The hospital a contact-me channel names: `store_<id>_…`, where the id
   * is the hospital's WeCom department or its own id.
   */
  async channelHospital(state: string | null): Promise<HospitalRef | null> {
    const id = state && /^store_([^_]+)/.exec(state)?.[1]
    if (!id) {
      return null
    }
    const hospitals = [...(await this.hospitalsById()).values()]
    const found =
      hospitals.find((h) => h.wecomDepartmentId === id) ??
      hospitals.find((h) => h.id.toUpperCase() === id.toUpperCase())
    return found ? { id: found.id, name: found.name } : null
  }

  async hospitalRef(id: string): Promise<HospitalRef> {
    const hospital = (await this.hospitalsById()).get(id)
    return { id, name: hospital?.name ?? id }
  }

  /** The vaccine protocol of the hospital's region: the base one, changed. */
  async protocolFor(hospitalId: string | null): Promise<CareProtocol> {
    const regionId = hospitalId
      ? ((await this.hospitalsById()).get(hospitalId)?.regionId ?? null)
      : null
    if (!regionId) {
      return DEFAULT_PROTOCOL
    }
    const cached = this.protocols.get(regionId)
    if (cached && Date.now() - cached.at < CACHE_MS) {
      return cached.protocol
    }
    const row = await this.dataSource
      .getRepository(CareProtocolOverrideEntity)
      .findOneBy({ regionId })
    let protocol = DEFAULT_PROTOCOL
    if (row) {
      const merged = mergeProtocol(
        DEFAULT_PROTOCOL,
        parse<ProtocolOverrides>(row.overridesJson, { region: regionId }),
      )
      // A stored override was checked when saved; if the base changed
      // under it since, the base protocol is shown rather than nothing.
      protocol = merged.ok ? merged.protocol : DEFAULT_PROTOCOL
    }
    this.protocols.set(regionId, { at: Date.now(), protocol })
    return protocol
  }

  private async hospitalsById(): Promise<Map<string, HospitalRecord>> {
    if (!this.hospitals || Date.now() - this.hospitals.at > CACHE_MS) {
      const rows = await this.dataSource.getRepository(HospitalEntity).find()
      this.hospitals = {
        at: Date.now(),
        byId: new Map(rows.map((h) => [h.id, h])),
      }
    }
    return this.hospitals.byId
  }

  private visitRows(
    petId: string,
    before: Date | null,
    limit: number,
  ): Promise<VisitRecord[]> {
    const query = this.dataSource
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .where('v.petId = :petId', { petId })
      .orderBy('v.visitedAt', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(limit)
    if (before) {
      query.andWhere('v.visitedAt < :before', { before })
    }
    return query.getMany()
  }

  private async summary(v: VisitRecord): Promise<VisitSummary> {
    const assessment = parse<{ diagnoses?: string[] }>(v.assessmentJson, {})
    const plan = parse<{
      treatments?: string[]
      prescriptions?: {
        drug: string
        dose?: string | null
        days?: number | null
      }[]
    }>(v.planJson, {})
    return {
      id: v.id,
      petId: v.petId,
      visitedAt: v.visitedAt.toISOString(),
      hospital: await this.hospitalRef(v.hospitalId),
      doctorName: v.doctorName,
      reason: v.reason,
      diagnoses: assessment.diagnoses ?? [],
      treatments: plan.treatments ?? [],
      prescriptions: (plan.prescriptions ?? []).map((p) => ({
        drug: p.drug,
        dose: p.dose ?? null,
        days: p.days ?? null,
      })),
      recheckOn: v.recheckOn,
    }
  }
}

function careLines(
  pet: PetRecord,
  protocol: CareProtocol,
  today: string,
  vaccinations: {
    vaccineId: string | null
    givenOn: string
    doseNumber: number | null
  }[],
  dewormings: { kinds: string; givenOn: string }[],
): { vaccines: CareLine[]; deworming: CareLine[] } {
  if (!pet.birthDate || pet.species === 'other' || pet.status !== 'active') {
    return { vaccines: [], deworming: [] }
  }
  const vaccines = computeVaccineStatus({
    species: pet.species,
    birthDate: pet.birthDate,
    today,
    protocol,
    doses: vaccinations
      .filter((v) => v.vaccineId)
      .map((v) => ({
        vaccineId: v.vaccineId!,
        givenAt: v.givenOn,
        doseNumber: v.doseNumber ?? undefined,
      })),
  }).statuses.map((s): CareLine => ({
    id: s.vaccineId,
    name: s.name,
    core: s.core,
    status: s.status,
    lastGivenOn: s.lastGivenAt,
    nextDueOn: s.nextDueAt,
    daysOverdue: s.daysOverdue ?? null,
  }))
  const deworming = computeDewormingStatus({
    species: pet.species,
    birthDate: pet.birthDate,
    today,
    protocol,
    treatments: dewormings.map((d) => ({
      kinds: d.kinds.split(',') as ('internal' | 'external')[],
      givenAt: d.givenOn,
    })),
  }).statuses.map((s): CareLine => ({
    id: s.scheduleId,
    name: s.name,
    core: true,
    status: s.status,
    lastGivenOn: s.lastGivenAt,
    nextDueOn: s.nextDueAt,
    daysOverdue: s.daysOverdue ?? null,
  }))
  return { vaccines, deworming }
}

function labFlag(lab: {
  value: number | string
  low?: number | null
  high?: number | null
}): LabResult['flag'] {
  if (typeof lab.value !== 'number') {
    return null
  }
  if (lab.low != null && lab.value < lab.low) {
    return 'low'
  }
  if (lab.high != null && lab.value > lab.high) {
    return 'high'
  }
  return lab.low != null || lab.high != null ? 'normal' : null
}

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
