import { randomInt, randomUUID } from 'node:crypto'
import { parseGroupName, chinaToday } from '@petcare/domain'
import type {
  BindRequest,
  CustomerCandidate,
  DemoChats,
  FollowUpNote,
  NoteRequest,
  RecordSource,
  RecordView,
  SidebarView,
  StaffRoleName,
  VisitDetail,
  VisitPage,
  WecomContactView,
  WecomGroupView,
} from '@petcare/shared'
import { In, IsNull, type DataSource } from 'typeorm'
import {
  AppError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../errors'
import type { AccessPolicy } from '../auth/access'
import type { Principal } from '../auth/principal'
import { CustomerEntity } from '../customer/customer.entity'
import { FollowEntity } from '../customer/follow.entity'
import { StaffEntity } from '../directory/staff.entity'
import type { CustomerGroupRecord } from '../group/customer-group.entity'
import { GroupMemberEntity } from '../group/group-member.entity'
import { findGroupRecordLink } from '../group/group-record'
import { Throttle } from '../auth/local-accounts'
import {
  BindingError,
  BindingService,
  normalizePhone,
} from '../record/binding.service'
import { HospitalEntity } from '../record/hospital.entity'
import { VisitEntity } from '../record/clinical.entity'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
  type CustomerBindingRecord,
  type HospitalCustomerRecord,
} from '../record/hospital-customer.entity'
import { PetEntity } from '../record/pet.entity'
import { RecordAuditEntity } from '../record/record-audit.entity'
import { FollowUpNoteEntity } from './care-tools.entity'
import { listDemoChats } from './demo-chats'
import { careVariables, type ReplyContext } from './reply-variables'
import { maskPhonesIn, RecordReader } from './record-view'

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip: string | null
  userAgent: string | null
}

/**
 * The sidebar's reads and writes, each checked against the access rules
 * first. A chat or record the member may not see is answered exactly like
 * one that does not exist. Every opening of a medical record is audited.
 */
export class SidebarService {
  readonly reader: RecordReader
  private readonly bindings: BindingService
  /** 30 record searches per member in 10 minutes: enough to bind, not to browse. */
  private readonly searches = new Throttle(30, 10 * 60_000)

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.reader = new RecordReader(dataSource)
    this.bindings = new BindingService(dataSource)
  }

  /** Everything the sidebar shows for a single chat. */
  async contactView(
    who: Principal,
    externalUserId: string,
    origin: RequestOrigin,
  ): Promise<SidebarView> {
    const contact = await this.contact(externalUserId)
    // A member among the live followers just read may see the chat: the
    // access rule's first test, without asking the database again.
    const follows = contact?.followers.some((f) => f.userId === who.userId)
    if (
      !contact ||
      !(follows || (await this.access.canSeeContact(who, externalUserId)))
    ) {
      throw new NotFoundError('no such customer')
    }
    const binding = await this.bindings.current(externalUserId)
    const customer =
      binding && (await this.hospitalCustomer(binding.customerId))
    const today = chinaToday(this.now())
    const record =
      customer &&
      (await this.recordView(
        customer,
        today,
        await this.bindingSource(binding),
        null,
        { externalUserId },
      ))
    if (record) {
      await this.audit(who, record, 'sidebar', origin)
    }
    return { kind: 'contact', contact, record, today }
  }

  /** Everything the sidebar shows for a customer group. */
  async groupView(
    who: Principal,
    chatId: string,
    origin: RequestOrigin,
  ): Promise<SidebarView> {
    const link = await findGroupRecordLink(this.dataSource, chatId)
    if (!link || !(await this.access.canSeeGroup(who, chatId))) {
      throw new NotFoundError('no such group')
    }
    const group = await this.groupInfo(link.group)
    const today = chinaToday(this.now())
    // A record the group's name points to is shown only to someone who may
    // see that customer: a wrong name must not open a stranger's file.
    const customer =
      link.customer && (await this.access.canSeeCustomer(who, link.customer.id))
        ? link.customer
        : null
    const record =
      customer &&
      (await this.recordView(
        customer,
        today,
        {
          via: 'group_name',
          method: 'group_name',
          boundAt: null,
          boundBy: null,
        },
        link.pet?.id ?? null,
        { chatId },
      ))
    if (record) {
      await this.audit(who, record, 'sidebar', origin)
    }
    return { kind: 'group', group, record, today }
  }

  /**
   * What a quick reply's variables are filled with for a chat: the record's
   * customer, the chosen (or the chat's) pet, its next due date, the
   * hospital and the member. Nothing when the chat is not the member's.
   */
  async replyContext(
    who: Principal,
    chat: { externalUserId?: string; chatId?: string; petId?: string },
  ): Promise<ReplyContext> {
    const base: ReplyContext = {
      memberName: who.name,
      hospital: who.hospital?.name,
    }
    let customer: HospitalCustomerRecord | null = null
    let focusPetId = chat.petId ?? null
    if (chat.externalUserId) {
      if (!(await this.access.canSeeContact(who, chat.externalUserId))) {
        throw new NotFoundError('no such customer')
      }
      const binding = await this.bindings.current(chat.externalUserId)
      customer = binding && (await this.hospitalCustomer(binding.customerId))
    } else if (chat.chatId) {
      if (!(await this.access.canSeeGroup(who, chat.chatId))) {
        throw new NotFoundError('no such group')
      }
      const link = await findGroupRecordLink(this.dataSource, chat.chatId)
      customer = link?.customer ?? null
      focusPetId ??= link?.pet?.id ?? null
    }
    if (!customer || !(await this.access.canSeeCustomer(who, customer.id))) {
      return base
    }
    // The pets as their file shows them: the care variables are read off
    // the same lines, so a reply and the file never disagree.
    const today = chinaToday(this.now())
    const pets = await this.reader.pets(customer, today)
    const pet = pets.find((p) => p.id === focusPetId) ?? pets[0]
    return {
      ...base,
      ...careVariables(pet, today),
      customerName: customer.name,
      petName: pet?.name,
      hospital: customer.hospitalId
        ? (await this.reader.hospitalRef(customer.hospitalId)).name
        : base.hospital,
    }
  }

  /** The chats the demo's browser bridge offers a member (`listDemoChats`). */
  demoChats(who: Principal, q = ''): Promise<DemoChats> {
    return listDemoChats(this.dataSource, this.reader, who, q.trim())
  }

  /** A page of a pet's visits. */
  async visitPage(
    who: Principal,
    petId: string,
    before: Date | null,
    limit: number,
    origin: RequestOrigin,
  ): Promise<VisitPage> {
    const pet = await this.dataSource
      .getRepository(PetEntity)
      .findOneBy({ id: petId })
    if (!pet || !(await this.access.canSeeCustomer(who, pet.customerId))) {
      throw new NotFoundError('no such pet')
    }
    const page = await this.reader.visitPage(pet.id, before, limit)
    await this.writeAudit([
      {
        ...this.auditBase(who, origin),
        // As stored: MySQL matches ids regardless of case.
        petId: pet.id,
        customerId: pet.customerId,
        source: 'history',
        visitId: null,
      },
    ])
    return page
  }

  /** One visit in full. */
  async visitDetail(
    who: Principal,
    visitId: string,
    origin: RequestOrigin,
  ): Promise<VisitDetail> {
    const visit = await this.dataSource
      .getRepository(VisitEntity)
      .findOneBy({ id: visitId })
    if (!visit || !(await this.access.canSeeCustomer(who, visit.customerId))) {
      throw new NotFoundError('no such visit')
    }
    await this.writeAudit([
      {
        ...this.auditBase(who, origin),
        petId: visit.petId,
        customerId: visit.customerId,
        source: 'visit',
        visitId: visit.id,
      },
    ])
    return this.reader.visitDetail(visit)
  }

  /**
   * Records to bind a chat to: by the full phone number the customer gives,
   * or by customer ID within the member's own hospital (or scope). Names,
   * masked phones and pet names only: enough to tell the right one, not to
   * browse the chain's customers.
   * @throws {AppError} 429 SEARCH_LIMITED past 30 searches in 10 minutes
   */
  async candidates(
    who: Principal,
    query: string,
  ): Promise<CustomerCandidate[]> {
    const key = [`search:${who.userId}`]
    const wait = this.searches.retryAfter(key)
    if (wait > 0) {
      throw new AppError(
        429,
        'SEARCH_LIMITED',
        `too many searches; try again in ${Math.ceil(wait / 60)} minutes`,
      )
    }
    this.searches.count(key)
    const found = await this.findBindable(who, searchInput(query))
    const ids = found.map((c) => c.id)
    if (ids.length === 0) {
      return []
    }
    const [pets, bound] = await Promise.all([
      this.dataSource
        .getRepository(PetEntity)
        .find({ where: { customerId: In(ids) }, order: { id: 'ASC' } }),
      this.dataSource
        .getRepository(CustomerBindingEntity)
        .findBy({ customerId: In(ids), unboundAt: IsNull() }),
    ])
    return Promise.all(
      found.map(async (c) => {
        const binding = bound.find((b) => b.customerId === c.id)
        return {
          ...(await this.reader.customer(c)),
          // The hospital's free-text note stays in the record.
          note: null,
          pets: pets
            .filter((p) => p.customerId === c.id)
            .map((p) => ({ id: p.id, name: p.name, species: p.species })),
          boundTo: !binding
            ? null
            : (await this.access.canSeeContact(who, binding.externalUserId))
              ? binding.externalUserId
              : 'other',
        }
      }),
    )
  }

  /** Binds the chat's WeCom customer to a record, or creates one. */
  async bind(who: Principal, input: BindRequest): Promise<void> {
    await this.requireContact(who, input.externalUserId)
    try {
      if (input.create) {
        // The hospital asked for, else the one the member's channel for this
        // customer names, else the member's own.
        const follow = await this.dataSource
          .getRepository(FollowEntity)
          .findOneBy({
            userId: who.userId,
            externalUserId: input.externalUserId,
          })
        const hospitalId =
          input.create.hospitalId ??
          (await this.reader.channelHospital(follow?.state ?? null))?.id ??
          who.hospital?.id ??
          null
        if (
          hospitalId &&
          !(await this.dataSource
            .getRepository(HospitalEntity)
            .existsBy({ id: hospitalId }))
        ) {
          throw new ValidationError('no such hospital', {
            fields: [{ path: 'create.hospitalId', message: 'unknown' }],
          })
        }
        await this.bindings.createAndBind({
          externalUserId: input.externalUserId,
          customerId: await this.newCustomerId(),
          name: input.create.name,
          phone: input.create.phone,
          hospitalId: hospitalId ?? undefined,
          by: who.userId,
          now: this.now(),
        })
        return
      }
      const search = input.customerId
        ? { customerId: input.customerId }
        : { phone: input.phone ?? '' }
      const [target, ...more] = await this.findBindable(who, search)
      if (!target) {
        throw new BindingError(
          'CUSTOMER_NOT_FOUND',
          'no hospital customer matches',
        )
      }
      if (more.length > 0) {
        throw new BindingError(
          'CUSTOMER_AMBIGUOUS',
          'several customers share that phone; use the customer ID',
        )
      }
      const elsewhere = await this.dataSource
        .getRepository(CustomerBindingEntity)
        .findOneBy({ customerId: target.id, unboundAt: IsNull() })
      // A second WeChat account for one owner (a spouse) is for a manager to
      // confirm: otherwise binding would hand any butler any record.
      if (
        elsewhere &&
        elsewhere.externalUserId !== input.externalUserId &&
        !(who.scope !== 'member' && who.scope !== 'doctor'
          ? await this.access.canSeeCustomer(who, target.id)
          : false)
      ) {
        throw new AppError(
          409,
          'CUSTOMER_BOUND_ELSEWHERE',
          'this record is bound to another WeChat account; ask a store manager',
        )
      }
      await this.bindings.bind({
        externalUserId: input.externalUserId,
        ...(input.customerId
          ? { customerId: target.id }
          : { phone: target.phone ?? '' }),
        by: who.userId,
        now: this.now(),
      })
    } catch (error) {
      throw asHttpError(error)
    }
  }

  /**
   * The records a member may bind a chat to: any with the full phone
   * number (the customer told it), or by customer ID one of their own
   * hospital or scope.
   */
  private async findBindable(
    who: Principal,
    search: { customerId?: string; phone?: string },
  ): Promise<HospitalCustomerRecord[]> {
    if (search.phone !== undefined) {
      const phone = normalizePhone(search.phone)
      return /^1\d{10}$/.test(phone)
        ? (await this.bindings.find({ phone })).slice(0, 5)
        : []
    }
    const [found] = await this.bindings.find({ customerId: search.customerId })
    if (!found) {
      return []
    }
    const own =
      found.hospitalId !== null &&
      (found.hospitalId === who.hospital?.id ||
        who.hospitalIds.includes(found.hospitalId))
    return own || (await this.access.canSeeCustomer(who, found.id))
      ? [found]
      : []
  }

  async unbind(who: Principal, externalUserId: string): Promise<void> {
    await this.requireContact(who, externalUserId)
    try {
      await this.bindings.unbind(externalUserId, who.userId, this.now())
    } catch (error) {
      throw asHttpError(error)
    }
  }

  /** A follow-up note on the chat (and its record, when bound). */
  async addNote(who: Principal, input: NoteRequest): Promise<FollowUpNote> {
    let customerId: string | null = null
    if (input.externalUserId) {
      await this.requireContact(who, input.externalUserId)
      customerId =
        (await this.bindings.current(input.externalUserId))?.customerId ?? null
    } else if (input.chatId) {
      if (!(await this.access.canSeeGroup(who, input.chatId))) {
        throw new NotFoundError('no such group')
      }
      const link = await findGroupRecordLink(this.dataSource, input.chatId)
      const named = link?.customer?.id ?? null
      customerId =
        named && (await this.access.canSeeCustomer(who, named)) ? named : null
    }
    if (input.petId) {
      const pet = await this.dataSource
        .getRepository(PetEntity)
        .findOneBy({ id: input.petId })
      if (!pet || pet.customerId !== customerId) {
        throw new ValidationError('petId is not a pet of this chat’s customer')
      }
    }
    const row = {
      id: randomUUID(),
      customerId,
      externalUserId: input.externalUserId ?? null,
      chatId: input.chatId ?? null,
      petId: input.petId ?? null,
      authorUserId: who.userId,
      text: input.text,
      remindOn: input.remindOn ?? null,
      doneAt: null,
      doneBy: null,
      createdAt: this.now(),
    }
    await this.dataSource.getRepository(FollowUpNoteEntity).insert(row)
    const [note] = await this.reader.presentNotes([row])
    return note!
  }

  /** Marks a note done (or open again). */
  async setNoteDone(
    who: Principal,
    noteId: string,
    done: boolean,
  ): Promise<FollowUpNote> {
    const notes = this.dataSource.getRepository(FollowUpNoteEntity)
    const note = await notes.findOneBy({ id: noteId })
    const visible =
      note &&
      (note.externalUserId
        ? await this.access.canSeeContact(who, note.externalUserId)
        : note.chatId
          ? await this.access.canSeeGroup(who, note.chatId)
          : note.authorUserId === who.userId)
    if (!note || !visible) {
      throw new NotFoundError('no such note')
    }
    note.doneAt = done ? this.now() : null
    note.doneBy = done ? who.userId : null
    await notes.update(
      { id: note.id },
      { doneAt: note.doneAt, doneBy: note.doneBy },
    )
    const [shown] = await this.reader.presentNotes([note])
    return shown!
  }

  private async requireContact(who: Principal, externalUserId: string) {
    const known = await this.dataSource
      .getRepository(CustomerEntity)
      .existsBy({ externalUserId })
    if (!known || !(await this.access.canSeeContact(who, externalUserId))) {
      throw new NotFoundError('no such customer')
    }
  }

  /** How a chat's record was bound, and by whom, by name. */
  private async bindingSource(
    binding: CustomerBindingRecord,
  ): Promise<RecordSource> {
    const by = binding.boundBy
    const names = await this.reader.staffNames(by ? [by] : [])
    return {
      via: 'binding',
      method: binding.method,
      boundAt: binding.boundAt.toISOString(),
      boundBy: by ? { userId: by, name: names.get(by) ?? by } : null,
    }
  }

  private async recordView(
    customer: HospitalCustomerRecord,
    today: string,
    source: RecordSource,
    focusPetId: string | null,
    chat: { externalUserId?: string; chatId?: string },
  ): Promise<RecordView> {
    const [shown, pets, notes] = await Promise.all([
      this.reader.customer(customer),
      this.reader.pets(customer, today),
      this.reader.notes({ customerId: customer.id, ...chat }),
    ])
    return {
      customer: shown,
      source,
      pets: focusPetId
        ? [...pets].sort(
            (a, b) => Number(b.id === focusPetId) - Number(a.id === focusPetId),
          )
        : pets,
      focusPetId,
      notes,
    }
  }

  private async contact(
    externalUserId: string,
  ): Promise<WecomContactView | null> {
    const customer = await this.dataSource
      .getRepository(CustomerEntity)
      .findOneBy({ externalUserId })
    if (!customer) {
      return null
    }
    const follows = await this.dataSource
      .getRepository(FollowEntity)
      .find({ where: { externalUserId, endedAt: IsNull() } })
    const names = await this.reader.staffNames(follows.map((f) => f.userId))
    return {
      externalUserId,
      name: customer.name,
      avatar: customer.avatar,
      type: customer.type,
      followers: await Promise.all(
        follows.map(async (f) => ({
          userId: f.userId,
          name: names.get(f.userId) ?? f.userId,
          remark: f.remark && maskPhonesIn(f.remark),
          tags: tagNames(f.tagsJson),
          state: f.state,
          channelHospital: await this.reader.channelHospital(f.state),
          since: f.startedAt
            ? new Date(f.startedAt * 1000).toISOString()
            : null,
        })),
      ),
    }
  }

  private async groupInfo(group: CustomerGroupRecord): Promise<WecomGroupView> {
    const members = await this.dataSource
      .getRepository(GroupMemberEntity)
      .findBy({ chatId: group.chatId, leftAt: IsNull() })
    const owner = group.ownerId
      ? await this.dataSource
          .getRepository(StaffEntity)
          .findOneBy({ userId: group.ownerId })
      : null
    const parsed = parseGroupName(group.name)
    return {
      chatId: group.chatId,
      name: group.name,
      owner: group.ownerId
        ? { userId: group.ownerId, name: owner?.name ?? group.ownerId }
        : null,
      memberCount: members.length,
      customerCount: members.filter((m) => m.memberType === 2).length,
      nameOk: group.nameProblem === null,
      parsedName:
        group.customerCode && group.petName
          ? {
              customerId: group.customerCode,
              petName: group.petName,
              complaint: group.complaint ?? (parsed.ok ? parsed.complaint : ''),
            }
          : null,
      missingRoles: group.missingRoles
        .split(',')
        .filter(Boolean) as StaffRoleName[],
      dismissed: group.dismissedAt !== null,
    }
  }

  private hospitalCustomer(id: string) {
    return this.dataSource
      .getRepository(HospitalCustomerEntity)
      .findOneBy({ id })
  }

  /** A customer ID for a record made in WeCom: W, the date, five digits. */
  private async newCustomerId(): Promise<string> {
    const day = chinaToday(this.now()).replace(/-/g, '').slice(2)
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = `W${day}${String(randomInt(100_000)).padStart(5, '0')}`
      if (!(await this.hospitalCustomer(id))) {
        return id
      }
    }
    throw new ConflictError('CUSTOMER_EXISTS', 'no free customer ID today')
  }

  private auditBase(who: Principal, origin: RequestOrigin) {
    return {
      userId: who.userId,
      openedAt: this.now(),
      ip: origin.ip?.slice(0, 64) ?? null,
      userAgent: origin.userAgent?.slice(0, 255) ?? null,
    }
  }

  private audit(
    who: Principal,
    record: RecordView,
    source: 'sidebar',
    origin: RequestOrigin,
  ): Promise<void> {
    return this.writeAudit(
      record.pets.map((pet) => ({
        ...this.auditBase(who, origin),
        petId: pet.id,
        customerId: record.customer.id,
        source,
        visitId: null,
      })),
    )
  }

  private async writeAudit(
    rows: {
      userId: string
      petId: string
      customerId: string | null
      openedAt: Date
      source: 'sidebar' | 'history' | 'visit'
      visitId: string | null
      ip: string | null
      userAgent: string | null
    }[],
  ): Promise<void> {
    if (rows.length > 0) {
      await this.dataSource.getRepository(RecordAuditEntity).insert(rows)
    }
  }
}

/**
 * What a butler typed in the search box: a phone number (spaces, dashes,
 * +86 and full-width digits allowed) or a customer ID.
 */
export function searchInput(query: string): {
  customerId?: string
  phone?: string
} {
  const text = query.normalize('NFKC').trim()
  const phone = normalizePhone(text)
  if (/^1\d{10}$/.test(phone) && /^[+\d\s-]+$/.test(text)) {
    return { phone }
  }
  return { customerId: text.replace(/\s+/g, '').toUpperCase() }
}

function tagNames(json: string): string[] {
  try {
    const tags = JSON.parse(json) as { tag_name?: string }[]
    return tags.map((t) => t.tag_name ?? '').filter(Boolean)
  } catch {
    return []
  }
}

/** Binding refusals as the API answers them. */
function asHttpError(error: unknown): unknown {
  if (!(error instanceof BindingError)) {
    return error
  }
  const status = error.code === 'CUSTOMER_NOT_FOUND' ? 404 : 409
  return new AppError(status, error.code, error.message)
}
