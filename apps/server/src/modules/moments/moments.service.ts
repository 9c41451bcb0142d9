import { randomUUID } from 'node:crypto'
import { addDays, chinaToday } from '@petcare/domain'
import type { MomentCalendar, MomentPost } from '@petcare/shared'
import { WecomApiError, type WecomClient } from '@petcare/wecom'
import { Between, In, IsNull, type DataSource, type Repository } from 'typeorm'
import { isUniqueViolation } from '../../db/db-errors'
import {
  AppError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../errors'
import type { Logger } from '../../logger'
import { accountNames } from '../auth/account-names'
import type { Principal } from '../auth/principal'
import type { ConsoleScope } from '../console/scope'
import { DepartmentEntity } from '../directory/department.entity'
import { RegionEntity } from '../record/hospital.entity'
import { MomentPostEntity, type MomentPostRecord } from './moment-post.entity'
import { momentTask, present } from './moments.present'
import {
  dailyLimit,
  HEAD_OFFICE,
  isVisible,
  OPEN,
  ownersOf,
  requirePlanner,
} from './moments.rules'
import type { MomentEdit, MomentPlan } from './moments.schema'

/** How far ahead a post may be planned, and a calendar may reach. */
const MAX_DAYS_AHEAD = 366
const MAX_RANGE_DAYS = 62
/** Publishing posts checked with WeCom per calendar read. */
const REFRESH_PER_READ = 10
/** WeCom's errcode for a jobid it does not know (or no longer: 24 hours). */
const JOB_NOT_FOUND = 40088

/**
 * Customer moments (客户朋友圈) as the console plans and publishes them,
 * each call narrowed to the user's console scope.
 */
export class MomentsService {
  private readonly posts: Repository<MomentPostRecord>

  constructor(
    private readonly dataSource: DataSource,
    private readonly wecom: WecomClient | null,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.posts = dataSource.getRepository(MomentPostEntity)
  }

  /**
   * The posts in scope between two days and each day's quota per owner.
   * Posts still publishing are first checked with WeCom (a few per read);
   * a check that fails is logged and left for the next read.
   */
  async calendar(
    scope: ConsoleScope,
    range: { from?: string; to?: string },
    log: Logger,
  ): Promise<MomentCalendar> {
    const today = chinaToday(this.now())
    const from = range.from ?? today
    const to = range.to ?? addDays(from, 6)
    if (addDays(from, MAX_RANGE_DAYS - 1) < to) {
      throw new ValidationError(`at most ${MAX_RANGE_DAYS} days at once`)
    }
    const owners = ownersOf(scope)
    const visible = new Set(owners.map((o) => o.id))
    let rows = (
      await this.posts.find({
        where: { day: Between(from, to) },
        order: { day: 'ASC', owner: 'ASC', slot: 'ASC' },
      })
    ).filter((row) => visible.has(row.owner))

    const pending = rows
      .filter((row) => row.status === 'publishing' && row.jobId)
      .slice(0, REFRESH_PER_READ)
    if (this.wecom && pending.length > 0) {
      const followed = await Promise.all(
        pending.map((row) =>
          this.follow(row, row.jobId!).catch((error: unknown) => {
            log.warn({ err: error, postId: row.id }, 'moment check failed')
            return row
          }),
        ),
      )
      const byId = new Map(followed.map((row) => [row.id, row]))
      rows = rows.map((row) => byId.get(row.id) ?? row)
    }

    const names = await this.creatorNames(rows)
    const quota: MomentCalendar['quota'] = []
    for (let day = from; day <= to; day = addDays(day, 1)) {
      for (const owner of owners) {
        const used = rows.filter((r) => r.day === day && r.owner === owner.id)
        quota.push({
          day,
          owner: owner.id,
          used: used.length,
          limit: owner.dailyLimit,
        })
      }
    }
    return {
      from,
      to,
      today,
      owners,
      posts: rows.map((row) => present(row, scope, owners, names)),
      quota,
    }
  }

  /**
   * Plans a post in the owner's first free slot of the day.
   * @throws {ConflictError} MOMENT_QUOTA_FULL when the day has none left
   */
  async plan(
    scope: ConsoleScope,
    who: Principal,
    input: MomentPlan,
  ): Promise<MomentPost> {
    this.requirePlannableDay(input.day)
    requirePlanner(scope, input.owner)
    const row: MomentPostRecord = {
      id: randomUUID(),
      day: input.day,
      owner: input.owner,
      slot: 0,
      text: input.text,
      linkTitle: input.link?.title ?? null,
      linkUrl: input.link?.url ?? null,
      status: 'planned',
      jobId: null,
      momentId: null,
      error: null,
      createdBy: who.userId,
      createdAt: this.now(),
      publishedAt: null,
    }
    row.slot = await this.takeSlot(input.day, input.owner, (slot) =>
      this.posts.insert({ ...row, slot }),
    )
    return this.presentOne(scope, row)
  }

  /**
   * Changes a planned or failed post; it is planned again. A new day takes
   * the first free slot of that day.
   */
  async edit(
    scope: ConsoleScope,
    id: string,
    input: MomentEdit,
  ): Promise<MomentPost> {
    const row = await this.loadOpen(scope, id)
    this.requirePlannableDay(input.day)
    const changes: Partial<MomentPostRecord> = {
      text: input.text,
      linkTitle: input.link?.title ?? null,
      linkUrl: input.link?.url ?? null,
      status: 'planned',
      jobId: null,
      momentId: null,
      error: null,
    }
    const apply = async (moved: Partial<MomentPostRecord>) => {
      const result = await this.posts.update(
        { id, status: In(OPEN) },
        { ...changes, ...moved },
      )
      if (!result.affected) {
        await this.loadOpen(scope, id)
      }
    }
    if (input.day === row.day) {
      await apply({})
    } else {
      await this.takeSlot(input.day, row.owner, (slot) =>
        apply({ day: input.day, slot }),
      )
    }
    return this.presentOne(scope, await this.load(scope, id))
  }

  /** Deletes a planned or failed post, which frees its slot. */
  async remove(scope: ConsoleScope, id: string): Promise<void> {
    await this.loadOpen(scope, id)
    const result = await this.posts.delete({ id, status: In(OPEN) })
    if (!result.affected) {
      await this.loadOpen(scope, id)
    }
  }

  /**
   * Creates the post's WeCom moment task, on the post's own day: head
   * office's sent by every member (the root department), a region's by the
   * members of its WeCom department. A task WeCom refuses leaves the post
   * failed, with WeCom's error.
   */
  async publish(scope: ConsoleScope, id: string): Promise<MomentPost> {
    const row = await this.loadOpen(scope, id)
    if (row.day !== chinaToday(this.now())) {
      throw new ConflictError(
        'MOMENT_NOT_TODAY',
        'a post is published on its own day',
      )
    }
    const wecom = this.requireWecom()
    const department = await this.senderDepartment(row.owner)

    // The claim: of two admins publishing at once, one creates the task.
    const claimed = await this.posts.update(
      { id, status: In(OPEN) },
      { status: 'publishing', jobId: null, momentId: null, error: null },
    )
    if (!claimed.affected) {
      throw locked()
    }
    // Claimed, the post cannot change any more: send what it says now.
    const task = momentTask(await this.load(scope, id), department)
    let jobId: string
    try {
      ;({ jobId } = await wecom.addMomentTask(task))
    } catch (error) {
      // A network failure may still have created the task; WeCom has no
      // way to look one up by content, so it is recorded as failed too.
      await this.posts.update(
        { id },
        { status: 'failed', error: wecomFailure(error) },
      )
      return this.presentOne(scope, await this.load(scope, id))
    }
    await this.posts.update({ id }, { jobId })
    return this.presentOne(scope, await this.load(scope, id))
  }

  /** Asks WeCom how a publishing post's task stands, and records it. */
  async refresh(scope: ConsoleScope, id: string): Promise<MomentPost> {
    const row = await this.load(scope, id)
    if (row.status !== 'publishing' || !row.jobId) {
      return this.presentOne(scope, row)
    }
    return this.presentOne(scope, await this.follow(row, row.jobId))
  }

  /**
   * Reads the task's result: a moment id makes the post published, an
   * errcode failed, and a jobid WeCom does not know failed too.
   * @throws {AppError} 502 WECOM_API_FAILED when WeCom cannot say
   */
  private async follow(
    row: MomentPostRecord,
    jobId: string,
  ): Promise<MomentPostRecord> {
    const wecom = this.requireWecom()
    let changes: Partial<MomentPostRecord>
    try {
      const result = await wecom.getMomentTaskResult(jobId)
      if (result.status === 'running') {
        return row
      }
      changes =
        result.status === 'done'
          ? {
              status: 'published',
              momentId: result.momentId,
              publishedAt: this.now(),
            }
          : {
              status: 'failed',
              error: `WeCom ${result.errcode}: ${result.errmsg}`.slice(0, 500),
            }
    } catch (error) {
      if (!(
        error instanceof WecomApiError && error.errcode === JOB_NOT_FOUND
      )) {
        throw new AppError(502, 'WECOM_API_FAILED', 'WeCom did not answer', {
          cause: error,
          expose: true,
        })
      }
      changes = { status: 'failed', error: wecomFailure(error) }
    }
    // Only a post still publishing moves: two reads of one result agree.
    await this.posts.update({ id: row.id, status: 'publishing' }, changes)
    return (await this.posts.findOneBy({ id: row.id })) ?? row
  }

  /**
   * Runs `attempt` with the owner's free slots of the day in order until
   * one is not taken by then: the unique key decides between admins
   * planning at the same moment.
   * @throws {ConflictError} MOMENT_QUOTA_FULL when none is left
   */
  private async takeSlot(
    day: string,
    owner: string,
    attempt: (slot: number) => Promise<unknown>,
  ): Promise<number> {
    const taken = new Set(
      (
        await this.posts.find({ select: { slot: true }, where: { day, owner } })
      ).map((row) => row.slot),
    )
    for (let slot = 1; slot <= dailyLimit(owner); slot++) {
      if (taken.has(slot)) {
        continue
      }
      try {
        await attempt(slot)
        return slot
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error
        }
      }
    }
    throw new ConflictError(
      'MOMENT_QUOTA_FULL',
      `${owner === HEAD_OFFICE ? 'head office has' : 'the region has'} no post left on ${day}`,
    )
  }

  /** The WeCom department whose members send the owner's posts. */
  private async senderDepartment(owner: string): Promise<number> {
    let id: string | null | undefined
    if (owner === HEAD_OFFICE) {
      const departments = await this.dataSource
        .getRepository(DepartmentEntity)
        .findBy({ deletedAt: IsNull() })
      id = (
        departments.find((d) => d.kind === 'root') ??
        departments.find((d) => d.parentId === null)
      )?.id
    } else {
      const region = await this.dataSource
        .getRepository(RegionEntity)
        .findOneBy({ id: owner })
      id = region?.wecomDepartmentId
    }
    if (!id || !/^\d+$/.test(id)) {
      throw new ConflictError(
        'MOMENT_NO_DEPARTMENT',
        'no WeCom department to send the post from',
      )
    }
    return Number(id)
  }

  /** A post in scope. @throws {NotFoundError} */
  private async load(
    scope: ConsoleScope,
    id: string,
  ): Promise<MomentPostRecord> {
    const row = await this.posts.findOneBy({ id })
    if (!row || !isVisible(scope, row.owner)) {
      throw new NotFoundError('no such post')
    }
    return row
  }

  /** A post the user may change, not yet with WeCom. */
  private async loadOpen(
    scope: ConsoleScope,
    id: string,
  ): Promise<MomentPostRecord> {
    const row = await this.load(scope, id)
    requirePlanner(scope, row.owner)
    if (!OPEN.includes(row.status)) {
      throw locked()
    }
    return row
  }

  private requirePlannableDay(day: string): void {
    const today = chinaToday(this.now())
    if (day < today) {
      throw new AppError(400, 'MOMENT_DAY_PAST', `${day} has gone by`)
    }
    if (day > addDays(today, MAX_DAYS_AHEAD)) {
      throw new ValidationError(`plan at most ${MAX_DAYS_AHEAD} days ahead`)
    }
  }

  private requireWecom(): WecomClient {
    if (!this.wecom) {
      throw new AppError(503, 'WECOM_UNAVAILABLE', 'WECOM_SECRET is not set')
    }
    return this.wecom
  }

  private async presentOne(
    scope: ConsoleScope,
    row: MomentPostRecord,
  ): Promise<MomentPost> {
    const names = await this.creatorNames([row])
    return present(row, scope, ownersOf(scope), names)
  }

  /** Who planned each post, by name: a member's, or a local account's. */
  private creatorNames(rows: MomentPostRecord[]): Promise<Map<string, string>> {
    return accountNames(
      this.dataSource,
      rows.map((row) => row.createdBy),
    )
  }
}

function locked(): ConflictError {
  return new ConflictError(
    'MOMENT_LOCKED',
    'the post is with WeCom already; only planned or failed posts change',
  )
}

/** What to record when WeCom refused a call or did not answer it. */
function wecomFailure(error: unknown): string {
  return error instanceof WecomApiError
    ? `WeCom ${error.errcode}: ${error.errmsg}`.slice(0, 500)
    : 'WeCom did not answer'
}
