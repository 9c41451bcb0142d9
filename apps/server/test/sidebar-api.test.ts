/**
 * The sidebar API on the demo world (simulated corp + demo hospital
 * records), on SQLite and MariaDB: sign-in through WeCom OAuth, page
 * signatures, the access rules for every role and resource, the audit log,
 * bindings, notes and quick replies.
 */
import { createHash, randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type {
  CustomerCandidate,
  DemoChats,
  FollowUpNote,
  QuickReplyList,
  SessionInfo,
  SidebarView,
  VisitDetail,
  VisitPage,
} from '@petcare/shared'
import { addDays } from '@petcare/domain'
import { IsNull } from 'typeorm'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import {
  DewormingEntity,
  VaccinationEntity,
  VisitEntity,
} from '../src/modules/record/clinical.entity'
import { HospitalEntity } from '../src/modules/record/hospital.entity'
import { CustomerGroupEntity } from '../src/modules/group/customer-group.entity'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
} from '../src/modules/record/hospital-customer.entity'
import { PetEntity } from '../src/modules/record/pet.entity'
import { QuickReplyEntity } from '../src/modules/sidebar/care-tools.entity'
import { seedDemoQuickReplies } from '../src/modules/sidebar/demo-quick-replies'
import { RecordAuditEntity } from '../src/modules/record/record-audit.entity'
import { databaseTargets } from './databases'
import {
  cookieHeader,
  oauthRoundTrip,
  startSidebarHarness,
  type SidebarHarness,
} from './sidebar-harness'

jest.setTimeout(60_000)

/** The clock is pinned: the demo records' due dates depend on the day. */
const TODAY_10AM = new Date('2026-12-04T10:00:00+08:00')

describe.each(databaseTargets())('sidebar API on $name', (target) => {
  let h: SidebarHarness
  let drop: () => Promise<void>

  beforeAll(async () => {
    const db = await target.create()
    drop = db.drop
    h = await startSidebarHarness(db.config, { startAt: TODAY_10AM })
  })

  afterAll(async () => {
    await h?.close()
    await drop?.()
  })

  /** The world's people and records, read from the synced tables. */
  async function cast() {
    const staff = await h.app.dataSource.getRepository(StaffEntity).find()
    const hospitals = await h.app.dataSource
      .getRepository(HospitalEntity)
      .find()
    const hospitalOf = (userId: string) => {
      const s = staff.find((m) => m.userId === userId)!
      return hospitals.find((x) =>
        s.departmentIds.split(',').includes(x.wecomDepartmentId!),
      )
    }
    const follows = await h.app.dataSource.query<
      { user_id: string; external_user_id: string; customer_id: string }[]
    >(
      `SELECT f.user_id, f.external_user_id, b.customer_id FROM follow f
         JOIN customer_binding b ON b.external_user_id = f.external_user_id
          AND b.unbound_at IS NULL
        JOIN staff s ON s.user_id = f.user_id AND s.role = 'butler'
       WHERE f.ended_at IS NULL ORDER BY f.external_user_id`,
    )
    const first = follows[0]!
    const customer = (await h.app.dataSource
      .getRepository(HospitalCustomerEntity)
      .findOneBy({ id: first.customer_id }))!
    const home = hospitals.find((x) => x.id === customer.hospitalId)!
    const visitHospitals = (
      await h.app.dataSource
        .getRepository(VisitEntity)
        .findBy({ customerId: customer.id })
    ).map((v) => v.hospitalId)
    const seenAt = new Set([home.id, ...visitHospitals])
    const away = hospitals.find(
      (x) => !seenAt.has(x.id) && x.regionId !== home.regionId,
    )!
    const byRole = (role: string, hospitalId?: string) =>
      staff.find(
        (s) =>
          s.role === role &&
          (!hospitalId || hospitalOf(s.userId)?.id === hospitalId),
      )!
    const otherButler = staff.find(
      (s) =>
        s.role === 'butler' &&
        hospitalOf(s.userId)?.id === away.id &&
        !follows.some(
          (f) =>
            f.user_id === s.userId &&
            f.external_user_id === first.external_user_id,
        ),
    )!
    const regionAdmin = (regionId: string | null) =>
      staff.find(
        (s) =>
          s.role === 'region_admin' &&
          hospitals.some(
            (x) => x.regionId === regionId && x.id !== undefined,
          ) &&
          s.departmentIds ===
            String(
              hospitals
                .find((x) => x.regionId === regionId)!
                .regionId!.slice(1),
            ),
      )!
    return {
      butler: first.user_id,
      externalUserId: first.external_user_id,
      customer,
      home,
      away,
      otherButler: otherButler.userId,
      homeDoctor: byRole('doctor', home.id).userId,
      awayDoctor: byRole('doctor', away.id).userId,
      homeRegionAdmin: regionAdmin(home.regionId).userId,
      awayRegionAdmin: regionAdmin(away.regionId).userId,
      headOffice: byRole('head_office_ops').userId,
    }
  }

  describe('sign-in', () => {
    it('signs a member in through WeCom OAuth and returns where they were', async () => {
      const back = '/sidebar/?chat=contact:wm1#/pets/P1'
      const { butler } = await cast()
      const real = await oauthRoundTrip(h.app.url, butler, back)
      expect(real.callback.status).toBe(302)
      expect(real.finalLocation).toBe(back)
      const setCookies = real.callback.headers.getSetCookie().join('\n')
      expect(setCookies).toMatch(/pc_session=[^;]+;.*httponly/i)
      expect(setCookies).toMatch(/samesite=lax/i)
      expect(setCookies).toMatch(/pc_session\.sig=/)

      const session = await fetch(`${h.app.url}/api/auth/session`, {
        headers: { cookie: real.cookie },
      })
      expect(session.status).toBe(200)
      const body = (await session.json()) as SessionInfo
      expect(body.userId).toBeTruthy()
      expect(body.mode).toBe('demo')
      expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now())
    })

    it('tells a signed-out page whether the server is a demo', async () => {
      const res = await fetch(`${h.app.url}/api/app-info`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({
        mode: 'demo',
        corpId: h.sim.corp.corpId,
        agentId: h.sim.corp.agentId,
      })
    })

    it('answers 401 without a session, and with a forged or altered one', async () => {
      const none = await fetch(`${h.app.url}/api/auth/session`)
      expect(none.status).toBe(401)
      expect(
        ((await none.json()) as { error: { code: string } }).error.code,
      ).toBe('UNAUTHENTICATED')
      const { butler, headOffice } = await cast()
      const member = await h.signIn(butler)
      // Claim to be head office with the butler's signature.
      const forged = member.cookie.replace(
        /pc_session=[^;]+/,
        `pc_session=${Buffer.from(
          JSON.stringify({
            userId: headOffice,
            expiresAt: Date.now() + 3600_000,
          }),
        ).toString('base64url')}`,
      )
      for (const cookie of [forged, 'pc_session=abc; pc_session.sig=def']) {
        const res = await fetch(`${h.app.url}/api/sidebar/contacts/x`, {
          headers: { cookie },
        })
        expect(res.status).toBe(401)
      }
    })

    it('refuses a callback whose state was not started in this browser', async () => {
      const { butler } = await cast()
      const start = await fetch(`${h.app.url}/api/auth/oauth/start`, {
        redirect: 'manual',
      })
      const authorize = new URL(start.headers.get('location')!)
      authorize.searchParams.set('userid', butler)
      const picked = await fetch(authorize, { redirect: 'manual' })
      // No oauth cookie: another browser's round trip.
      const callback = await fetch(picked.headers.get('location')!, {
        redirect: 'manual',
      })
      expect(callback.status).toBe(400)
      expect(callback.headers.get('set-cookie') ?? '').not.toMatch(
        /pc_session=[^;]/,
      )
      expect(await callback.text()).toContain('OAUTH_STATE_INVALID')
    })

    it('refuses a used code, an outsider and a member who left', async () => {
      const { butler, otherButler } = await cast()
      // A used code.
      const start = await fetch(`${h.app.url}/api/auth/oauth/start`, {
        redirect: 'manual',
      })
      const cookie = cookieHeader(start)
      const state = new URL(start.headers.get('location')!).searchParams.get(
        'state',
      )
      const code = h.sim.issueOAuthCode(butler)
      await fetch(
        `${h.app.url}/api/auth/oauth/callback?code=${code}&state=${state}`,
        {
          headers: { cookie },
          redirect: 'manual',
        },
      )
      const again = await fetch(`${h.app.url}/api/auth/oauth/start`, {
        redirect: 'manual',
      })
      const state2 = new URL(again.headers.get('location')!).searchParams.get(
        'state',
      )
      const reused = await fetch(
        `${h.app.url}/api/auth/oauth/callback?code=${code}&state=${state2}`,
        { headers: { cookie: cookieHeader(again) }, redirect: 'manual' },
      )
      expect(reused.status).toBe(400)
      expect(await reused.text()).toContain('OAUTH_CODE_INVALID')

      // Someone outside the corp.
      const third = await fetch(`${h.app.url}/api/auth/oauth/start`, {
        redirect: 'manual',
      })
      const state3 = new URL(third.headers.get('location')!).searchParams.get(
        'state',
      )
      const outsider = h.sim.issueOAuthCode({ openid: 'oOutsider1' })
      const refused = await fetch(
        `${h.app.url}/api/auth/oauth/callback?code=${outsider}&state=${state3}`,
        { headers: { cookie: cookieHeader(third) }, redirect: 'manual' },
      )
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain('NOT_A_MEMBER')

      // A member who leaves loses access with their next request.
      const member = await h.signIn(otherButler)
      expect((await member.get('/api/auth/session')).status).toBe(200)
      await h.app.dataSource
        .getRepository(StaffEntity)
        .update({ userId: otherButler }, { status: 5 })
      expect((await member.get('/api/auth/session')).status).toBe(401)
      await h.app.dataSource
        .getRepository(StaffEntity)
        .update({ userId: otherButler }, { status: 1 })
    })

    it('never sends a member off-site after sign-in', async () => {
      const { butler } = await cast()
      for (const evil of [
        '//evil.example/x',
        'https://evil.example/',
        '/\\evil.example',
      ]) {
        const flow = await oauthRoundTrip(h.app.url, butler, evil)
        expect(flow.finalLocation).toBe('/sidebar/')
      }
    })

    it('signs pages with the app ticket or the corp ticket, over the URL without its fragment', async () => {
      const { butler } = await cast()
      const member = await h.signIn(butler)
      const token = (await (
        await fetch(
          `${h.sim.url}/cgi-bin/gettoken?corpid=${h.sim.corp.corpId}&corpsecret=${h.sim.corp.secret}`,
        )
      ).json()) as { access_token: string }
      const ticketOf = async (kind: 'corp' | 'agent') =>
        (
          (await (
            await fetch(
              kind === 'corp'
                ? `${h.sim.url}/cgi-bin/get_jsapi_ticket?access_token=${token.access_token}`
                : `${h.sim.url}/cgi-bin/ticket/get?access_token=${token.access_token}&type=agent_config`,
            )
          ).json()) as { ticket: string }
        ).ticket
      const page = 'http://127.0.0.1:3000/sidebar/?chat=1'
      for (const kind of ['corp', 'agent'] as const) {
        const res = await member.send('POST', '/api/wecom/jssdk-sign', {
          url: `${page}#/pets`,
          kind,
        })
        expect(res.status).toBe(200)
        const body = (await res.json()) as {
          corpId: string
          agentId: string
          timestamp: number
          nonceStr: string
          signature: string
        }
        expect(body.corpId).toBe(h.sim.corp.corpId)
        expect(body.agentId).toBe(h.sim.corp.agentId)
        const expected = createHash('sha1')
          .update(
            `jsapi_ticket=${await ticketOf(kind)}&noncestr=${body.nonceStr}` +
              `&timestamp=${body.timestamp}&url=${page}`,
          )
          .digest('hex')
        expect(body.signature).toBe(expected)
        expect(JSON.stringify(body)).not.toContain(await ticketOf(kind))
      }
      const bad = await member.send('POST', '/api/wecom/jssdk-sign', {
        url: 'javascript:alert(1)',
        kind: 'agent',
      })
      expect(bad.status).toBe(400)
      const anonymous = await fetch(`${h.app.url}/api/wecom/jssdk-sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: page, kind: 'agent' }),
      })
      expect(anonymous.status).toBe(401)
    })
  })

  describe('the one call for a single chat', () => {
    it('shows the customer, their pets with due vaccines, alerts, visits and where it came from', async () => {
      const { butler, externalUserId, customer } = await cast()
      const member = await h.signIn(butler)
      const res = await member.get(`/api/sidebar/contacts/${externalUserId}`)
      expect(res.status).toBe(200)
      const text = await res.text()
      const view = JSON.parse(text) as SidebarView
      expect(view.kind).toBe('contact')
      expect(view.today).toBe(h.today)
      expect(view.record?.customer.id).toBe(customer.id)
      expect(view.record?.source).toMatchObject({
        via: 'binding',
        method: 'customer_id',
      })
      // The phone is masked, and the full number is nowhere in the answer.
      expect(view.record?.customer.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
      expect(text).not.toContain(customer.phone!)
      const pet = view.record!.pets[0]!
      expect(pet.vaccines.length).toBeGreaterThan(0)
      expect(pet.recentVisits.length).toBeGreaterThan(0)
      expect(pet.visitCount).toBeGreaterThanOrEqual(pet.recentVisits.length)
      const times = pet.recentVisits.map((v) => v.visitedAt)
      expect([...times].sort().reverse()).toEqual(times)
      if (view.kind === 'contact') {
        expect(view.contact.followers.map((f) => f.userId)).toContain(butler)
        // A `store_<department>_…` channel names the hospital it came from.
        for (const f of view.contact.followers) {
          if (f.state?.startsWith('store_')) {
            const dept = f.state.split('_')[1]
            const hospital = await h.app.dataSource
              .getRepository(HospitalEntity)
              .findOneBy({ wecomDepartmentId: dept })
            expect(f.channelHospital).toEqual({
              id: hospital!.id,
              name: hospital!.name,
            })
          } else {
            expect(f.channelHospital).toBeNull()
          }
        }
      }
    })

    it('has the demo cat vaccinated yesterday flagged, and a drug allergy on top', async () => {
      const head = await h.signIn((await cast()).headOffice)
      const viewOf = async (customerId: string) => {
        const binding = await h.app.dataSource
          .getRepository(CustomerBindingEntity)
          .findOneBy({ customerId, unboundAt: IsNull() })
        return (await (
          await head.get(`/api/sidebar/contacts/${binding!.externalUserId}`)
        ).json()) as SidebarView
      }
      const [vaccinated] = await h.app.dataSource.query<
        { customer_id: string }[]
      >(
        `SELECT p.customer_id FROM care_flag f JOIN pet p ON p.id = f.pet_id
          WHERE f.flag = 'recent_vaccination' AND p.species = 'cat'
          ORDER BY p.id LIMIT 1`,
      )
      const cat = (await viewOf(vaccinated!.customer_id)).record!.pets[0]!
      expect(cat.species).toBe('cat')
      expect(
        cat.vaccines.some((v) => v.lastGivenOn === addDays(h.today, -1)),
      ).toBe(true)
      expect(cat.careFlags.map((f) => f.flag)).toContain('recent_vaccination')

      const [allergic] = await h.app.dataSource.query<
        { customer_id: string }[]
      >(
        `SELECT p.customer_id FROM pet_alert a JOIN pet p ON p.id = a.pet_id
           JOIN customer_binding b ON b.customer_id = p.customer_id
            AND b.unbound_at IS NULL
          WHERE a.kind = 'allergy' AND a.resolved_on IS NULL ORDER BY p.id LIMIT 1`,
      )
      const pet = (await viewOf(allergic!.customer_id)).record!.pets[0]!
      expect(pet.alerts[0]).toMatchObject({ kind: 'allergy', severity: 'high' })
    })

    it('pages through the history and opens a visit in full, with lab flags', async () => {
      const { butler, externalUserId } = await cast()
      const member = await h.signIn(butler)
      const view = (await (
        await member.get(`/api/sidebar/contacts/${externalUserId}`)
      ).json()) as SidebarView
      const pet = view.record!.pets[0]!
      const seen: string[] = []
      let before: string | null = null
      do {
        const page = (await (
          await member.get(
            `/api/sidebar/pets/${pet.id}/visits?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`,
          )
        ).json()) as VisitPage
        seen.push(...page.visits.map((v) => v.id))
        before = page.next
      } while (before && seen.length < 50)
      expect(seen).toHaveLength(pet.visitCount)
      expect(new Set(seen).size).toBe(seen.length)

      const detail = (await (
        await member.get(`/api/sidebar/visits/${seen[0]}`)
      ).json()) as VisitDetail
      expect(detail.id).toBe(seen[0])
      expect(detail.exam).toHaveProperty('temperatureC')
      for (const lab of detail.labs) {
        if (
          typeof lab.value === 'number' &&
          lab.high !== null &&
          lab.value > lab.high
        ) {
          expect(lab.flag).toBe('high')
        }
      }
      const bad = await member.get(
        `/api/sidebar/pets/${pet.id}/visits?limit=500`,
      )
      expect(bad.status).toBe(400)
    })

    it('writes an audit row for every record opened: who, which pet, when, from where', async () => {
      const { butler, externalUserId, customer } = await cast()
      const member = await h.signIn(butler)
      const audit = h.app.dataSource.getRepository(RecordAuditEntity)
      const before = await audit.count()
      const view = (await (
        await member.send('GET', `/api/sidebar/contacts/${externalUserId}`)
      ).json()) as SidebarView
      const rows = await audit.find({
        where: { userId: butler },
        order: { id: 'DESC' },
      })
      const pets = view.record!.pets.map((p) => p.id).sort()
      expect(
        rows
          .slice(0, pets.length)
          .map((r) => r.petId)
          .sort(),
      ).toEqual(pets)
      expect(rows[0]).toMatchObject({
        source: 'sidebar',
        customerId: customer.id,
        userAgent: expect.any(String),
      })
      expect(rows[0]!.ip).toMatch(/127\.0\.0\.1/)
      expect(Math.abs(rows[0]!.openedAt.getTime() - h.now())).toBeLessThan(
        60_000,
      )
      const visitId = view.record!.pets[0]!.recentVisits[0]!.id
      await member.get(`/api/sidebar/visits/${visitId}`)
      const [last] = await audit.find({ order: { id: 'DESC' }, take: 1 })
      expect(last).toMatchObject({ source: 'visit', visitId, userId: butler })
      expect(await audit.count()).toBe(before + pets.length + 1)
    })
  })

  describe('access rules: every role against every resource', () => {
    type Role =
      | 'butler'
      | 'otherButler'
      | 'homeDoctor'
      | 'awayDoctor'
      | 'homeRegionAdmin'
      | 'awayRegionAdmin'
      | 'headOffice'
    const allowed: Record<Role, boolean> = {
      butler: true,
      otherButler: false,
      homeDoctor: true,
      awayDoctor: false,
      homeRegionAdmin: true,
      awayRegionAdmin: false,
      headOffice: true,
    }

    it.each(Object.entries(allowed) as [Role, boolean][])(
      '%s: allowed %s to the chat, pets, history, visit, notes and binding',
      async (role, ok) => {
        const c = await cast()
        const member = await h.signIn(c[role])
        const pet = (await h.app.dataSource
          .getRepository(PetEntity)
          .findOneBy({ customerId: c.customer.id }))!
        const visit = (await h.app.dataSource
          .getRepository(VisitEntity)
          .findOneBy({ petId: pet.id }))!
        const audit = h.app.dataSource.getRepository(RecordAuditEntity)
        const auditBefore = await audit.countBy({ userId: c[role] })

        const reads = [
          `/api/sidebar/contacts/${c.externalUserId}`,
          `/api/sidebar/pets/${pet.id}/visits`,
          `/api/sidebar/visits/${visit.id}`,
          `/api/sidebar/quick-replies?externalUserId=${c.externalUserId}`,
        ]
        for (const path of reads) {
          const res = await member.get(path)
          expect([path, res.status]).toEqual([path, ok ? 200 : 404])
          if (!ok) {
            const text = await res.text()
            // The refusal says nothing of the record.
            expect(text).not.toContain(c.customer.name)
            expect(text).not.toContain(pet.name)
          }
        }
        const note = await member.send('POST', '/api/sidebar/notes', {
          externalUserId: c.externalUserId,
          text: `看过了 (${role})`,
        })
        expect(note.status).toBe(ok ? 201 : 404)
        const unknown = await member.get(
          '/api/sidebar/contacts/wmNoSuchCustomer',
        )
        expect(unknown.status).toBe(404)
        // Refusals open nothing, so they are not in the audit either.
        const opened = (await audit.countBy({ userId: c[role] })) - auditBefore
        expect(opened > 0).toBe(ok)
      },
    )

    it('lets a member see the groups they are in, and no others', async () => {
      const rows = await h.app.dataSource.query<
        { chat_id: string; member_id: string }[]
      >(
        `SELECT m.chat_id, m.member_id FROM group_member m
           JOIN staff s ON s.user_id = m.member_id AND s.role = 'nurse'
          WHERE m.left_at IS NULL ORDER BY m.chat_id`,
      )
      const { chat_id: chatId, member_id: nurse } = rows[0]!
      const outsider = rows.find(
        (r) =>
          !rows.some(
            (x) => x.chat_id === chatId && x.member_id === r.member_id,
          ),
      )!.member_id
      const inside = await h.signIn(nurse)
      const res = await inside.get(`/api/sidebar/groups/${chatId}`)
      expect(res.status).toBe(200)
      const view = (await res.json()) as SidebarView
      expect(view.kind).toBe('group')
      const other = await h.signIn(outsider)
      const refused = await other.get(`/api/sidebar/groups/${chatId}`)
      // A nurse elsewhere sees it only if the record is at their hospital;
      // nurses have no hospital-wide scope, so it is refused.
      expect(refused.status).toBe(404)
    })
  })

  describe('the group chat', () => {
    it('shows the named customer and pet first, and what is wrong with the group', async () => {
      const head = await h.signIn((await cast()).headOffice)
      const groups = await h.app.dataSource.query<
        {
          chat_id: string
          name_problem: string | null
          customer_code: string | null
        }[]
      >('SELECT chat_id, name_problem, customer_code FROM customer_group')
      const good = groups.find(
        (g) => g.name_problem === null && g.customer_code,
      )!
      const view = (await (
        await head.get(`/api/sidebar/groups/${good.chat_id}`)
      ).json()) as SidebarView
      if (view.kind !== 'group') throw new Error('not a group view')
      expect(view.group.nameOk).toBe(true)
      expect(view.record?.customer.id).toBe(good.customer_code)
      expect(view.record?.source.via).toBe('group_name')
      expect(view.record?.focusPetId).toBe(view.record?.pets[0]?.id)

      const bad = groups.find((g) => g.name_problem !== null)!
      const badView = (await (
        await head.get(`/api/sidebar/groups/${bad.chat_id}`)
      ).json()) as SidebarView
      if (badView.kind !== 'group') throw new Error('not a group view')
      expect(badView.group.nameOk).toBe(false)
      expect(badView.record).toBeNull()
    })
  })

  describe('binding from the sidebar', () => {
    it('finds a record by customer ID or phone, binds it, unbinds it, and keeps the history', async () => {
      const unbound = await h.app.dataSource.query<
        { external_user_id: string; user_id: string; customer_no: string }[]
      >(
        `SELECT c.external_user_id, f.user_id FROM customer c
           JOIN follow f ON f.external_user_id = c.external_user_id AND f.ended_at IS NULL
          WHERE NOT EXISTS (SELECT 1 FROM customer_binding b
                 WHERE b.external_user_id = c.external_user_id AND b.unbound_at IS NULL)
          ORDER BY c.external_user_id`,
      )
      const target = unbound[0]!
      const member = await h.signIn(target.user_id)
      const before = (await (
        await member.get(`/api/sidebar/contacts/${target.external_user_id}`)
      ).json()) as SidebarView
      expect(before.record).toBeNull()

      // A record of the member's hospital nobody is bound to, found by its
      // phone (with the spaces and +86 people type) and by its ID.
      const free = (
        await h.app.dataSource.query<{ id: string; phone: string }[]>(
          `SELECT h.id, h.phone FROM hospital_customer h
             JOIN hospital x ON x.id = h.hospital_id
             JOIN staff s ON s.main_department_id = x.wecom_department_id
            WHERE s.user_id = ? AND NOT EXISTS (SELECT 1 FROM customer_binding b
                   WHERE b.customer_id = h.id AND b.unbound_at IS NULL)
            ORDER BY h.id`,
          [target.user_id],
        )
      )[0]!
      const spaced = `+86 ${free.phone.slice(0, 3)} ${free.phone.slice(3, 7)} ${free.phone.slice(7)}`
      const typed = (await (
        await member.get(
          `/api/sidebar/customers?q=${encodeURIComponent(spaced)}`,
        )
      ).json()) as { customers: CustomerCandidate[] }
      expect(typed.customers.map((c) => c.id)).toContain(free.id)
      const found = (await (
        await member.get(`/api/sidebar/customers?q=${free.phone}`)
      ).json()) as { customers: CustomerCandidate[] }
      expect(found.customers.map((c) => c.id)).toContain(free.id)
      expect(JSON.stringify(found)).not.toContain(free.phone)
      const byId = (await (
        await member.get(`/api/sidebar/customers?q=${free.id.toLowerCase()}`)
      ).json()) as { customers: CustomerCandidate[] }
      expect(byId.customers.map((c) => c.id)).toEqual([free.id])

      const bound = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: target.external_user_id,
        phone: free.phone,
      })
      expect(bound.status).toBe(200)
      const after = (await bound.json()) as SidebarView
      expect(after.record?.customer.id).toBe(free.id)
      expect(after.record?.source.method).toBe('phone')
      // By name, for "由 周晨 绑定" (regression: the account id was shown).
      const me = await h.app.dataSource
        .getRepository(StaffEntity)
        .findOneByOrFail({ userId: target.user_id })
      expect(after.record?.source.boundBy).toEqual({
        userId: target.user_id,
        name: me.name,
      })

      const twice = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: target.external_user_id,
        customerId: free.id,
      })
      expect(twice.status).toBe(409)
      expect(
        ((await twice.json()) as { error: { code: string } }).error.code,
      ).toBe('ALREADY_BOUND')

      expect(
        (
          await member.send(
            'DELETE',
            `/api/sidebar/bindings/${target.external_user_id}`,
          )
        ).status,
      ).toBe(204)
      const history = await h.app.dataSource
        .getRepository(CustomerBindingEntity)
        .findBy({ externalUserId: target.external_user_id })
      expect(history).toHaveLength(1)
      expect(history[0]!.unboundBy).toBe(target.user_id)

      // Created when new: a record the hospital system does not have yet.
      const created = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: target.external_user_id,
        create: { name: '新客户', phone: '13900001111' },
      })
      expect(created.status).toBe(200)
      const made = (await created.json()) as SidebarView
      expect(made.record?.customer.id).toMatch(/^W\d{11}$/)
      expect(made.record?.customer.phone).toBe('139****1111')
      expect(made.record?.source.method).toBe('created')
      expect(
        await h.app.dataSource.getRepository(CustomerBindingEntity).countBy({
          externalUserId: target.external_user_id,
          unboundAt: IsNull(),
        }),
      ).toBe(1)
    })

    it('refuses bad binding input with the field at fault and changes nothing', async () => {
      const { butler, externalUserId } = await cast()
      const member = await h.signIn(butler)
      const bindings = h.app.dataSource.getRepository(CustomerBindingEntity)
      const count = await bindings.count()
      for (const body of [
        { externalUserId },
        { externalUserId, customerId: 'C1', phone: '138' },
        { externalUserId, create: { name: '' } },
      ]) {
        const res = await member.send('POST', '/api/sidebar/bindings', body)
        expect(res.status).toBe(400)
      }
      const form = await fetch(`${h.app.url}/api/sidebar/bindings`, {
        method: 'POST',
        headers: {
          cookie: member.cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `externalUserId=${externalUserId}&customerId=C1`,
      })
      expect(form.status).toBe(415)
      const missing = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: 'wmNotMine',
        customerId: 'C10001',
      })
      expect(missing.status).toBe(404)
      expect(await bindings.count()).toBe(count)
    })
  })

  describe('follow-up notes', () => {
    it('adds a note with a reminder, shows it, and marks it done', async () => {
      const { butler, externalUserId, customer } = await cast()
      const member = await h.signIn(butler)
      const res = await member.send('POST', '/api/sidebar/notes', {
        externalUserId,
        text: '术后第 3 天回访：精神好，伤口干燥',
        remindOn: '2026-12-10',
      })
      expect(res.status).toBe(201)
      const note = (await res.json()) as FollowUpNote
      expect(note).toMatchObject({
        customerId: customer.id,
        remindOn: '2026-12-10',
        doneAt: null,
        author: { userId: butler },
      })
      const view = (await (
        await member.get(`/api/sidebar/contacts/${externalUserId}`)
      ).json()) as SidebarView
      expect(view.record!.notes.map((n) => n.id)).toContain(note.id)
      const done = await member.send('PATCH', `/api/sidebar/notes/${note.id}`, {
        done: true,
      })
      expect(((await done.json()) as FollowUpNote).doneAt).not.toBeNull()

      for (const body of [
        { externalUserId, text: '' },
        { externalUserId, text: 'x', remindOn: '2026-02-30' },
        { text: 'no chat' },
        { externalUserId, chatId: 'wr1', text: 'both' },
        { externalUserId, text: 'x', petId: 'P-not-theirs' },
      ]) {
        expect(
          (await member.send('POST', '/api/sidebar/notes', body)).status,
        ).toBe(400)
      }
    })
  })

  describe('quick replies', () => {
    it('lists head office, region and own replies with the chat’s variables filled', async () => {
      const { butler, externalUserId, customer } = await cast()
      const member = await h.signIn(butler)
      const own = await member.send('POST', '/api/sidebar/quick-replies', {
        category: '我的',
        title: '到店提醒',
        content: '{{petName}}主人您好，明天见～{{unknownThing}}',
      })
      expect(own.status).toBe(201)
      const list = (await (
        await member.get(
          `/api/sidebar/quick-replies?externalUserId=${externalUserId}`,
        )
      ).json()) as QuickReplyList
      const scopes = new Set(list.replies.map((r) => r.scope))
      expect(scopes).toEqual(new Set(['head_office', 'region', 'personal']))
      expect(list.categories).toContain('我的')
      const pet = (await h.app.dataSource
        .getRepository(PetEntity)
        .findOneBy({ customerId: customer.id }))!
      const care = list.replies.find((r) => r.title === '接种后注意事项')!
      expect(care.filled).toContain(pet.name)
      expect(care.filled).toContain(customer.name)
      expect(care.filled).not.toContain('{{')
      const mine = list.replies.find((r) => r.title === '到店提醒')!
      expect(mine.missing).toEqual(['unknownThing'])

      const searched = (await (
        await member.get(
          `/api/sidebar/quick-replies?externalUserId=${externalUserId}&q=${encodeURIComponent('驱虫')}`,
        )
      ).json()) as QuickReplyList
      expect(searched.replies.length).toBeGreaterThan(0)
      expect(
        searched.replies.every((r) =>
          `${r.title}${r.content}`.includes('驱虫'),
        ),
      ).toBe(true)

      // Another member does not see it, and cannot delete it.
      const other = await h.signIn((await cast()).otherButler)
      const theirs = (await (
        await other.get('/api/sidebar/quick-replies')
      ).json()) as QuickReplyList
      expect(theirs.replies.some((r) => r.title === '到店提醒')).toBe(false)
      const { id } = (await own.json()) as { id: string }
      expect(
        (await other.send('DELETE', `/api/sidebar/quick-replies/${id}`)).status,
      ).toBe(404)
      expect(
        (await member.send('DELETE', `/api/sidebar/quick-replies/${id}`))
          .status,
      ).toBe(204)
    })
  })

  describe('care lines and reply variables, for pets of known age on 2026-12-04', () => {
    const KITTEN = 'PTEST-KITTEN'
    const DOG = 'PTEST-DOG'
    const pets = () => h.app.dataSource.getRepository(PetEntity)

    beforeAll(async () => {
      const { customer } = await cast()
      const pet = (
        id: string,
        name: string,
        species: 'cat' | 'dog',
        birthDate: string,
      ) => ({
        id,
        customerId: customer.id,
        name,
        species,
        breed: null,
        sex: 'female' as const,
        neutered: null,
        birthDate,
        colour: null,
        microchip: null,
        status: 'active' as const,
        photoUrl: null,
        sourceHash: id,
        updatedAt: new Date(),
      })
      // 小白 as the demo had her: 4 months old, never vaccinated, wormed
      // once at 4 weeks.
      await pets().insert([
        pet(KITTEN, '小白', 'cat', '2026-08-04'),
        pet(DOG, 'Moco', 'dog', '2019-12-04'),
      ])
      await h.app.dataSource.getRepository(DewormingEntity).insert({
        id: `${KITTEN}-D1`,
        petId: KITTEN,
        product: '大宠爱',
        kinds: 'internal,external',
        givenOn: '2026-08-31',
        hospitalId: null,
        sourceHash: 'x',
        updatedAt: new Date(),
      })
      await h.app.dataSource.getRepository(VaccinationEntity).insert(
        (
          [
            ['dog-core-rabies', '2026-06-01'],
            ['dog-core-dhpp', '2025-12-25'],
          ] as const
        ).map(([vaccineId, givenOn]) => ({
          id: `${DOG}-${vaccineId}`,
          petId: DOG,
          vaccineId,
          vaccineName: vaccineId,
          doseNumber: null,
          givenOn,
          batch: null,
          givenBy: null,
          hospitalId: null,
          sourceHash: 'x',
          updatedAt: new Date(),
        })),
      )
    })

    afterAll(async () => {
      for (const petId of [KITTEN, DOG]) {
        await h.app.dataSource.getRepository(DewormingEntity).delete({ petId })
        await h.app.dataSource
          .getRepository(VaccinationEntity)
          .delete({ petId })
        await h.app.dataSource
          .getRepository(RecordAuditEntity)
          .delete({ petId })
        await pets().delete({ id: petId })
      }
    })

    /**
     * A pet's file as its butler sees it, and the replies filled for it
     * (with the butler's region's, which head office does not have).
     */
    async function chatOf(petId: string) {
      const { butler, externalUserId } = await cast()
      const member = await h.signIn(butler)
      const view = (await (
        await member.get(`/api/sidebar/contacts/${externalUserId}`)
      ).json()) as SidebarView
      const list = (await (
        await member.get(
          `/api/sidebar/quick-replies?externalUserId=${externalUserId}&petId=${petId}`,
        )
      ).json()) as QuickReplyList
      const reply = (title: string) =>
        list.replies.find((r) => r.title.startsWith(title))!
      return { pet: view.record!.pets.find((p) => p.id === petId)!, reply }
    }

    it('shows a 4-month-old kitten’s never-given core vaccines overdue from their first-dose age, not “not started”', async () => {
      const { pet } = await chatOf(KITTEN)
      // 8 weeks after birth is Sep 29 (66 days ago), 12 weeks Oct 27 (38).
      const vaccines = Object.fromEntries(pet.vaccines.map((v) => [v.id, v]))
      expect(vaccines['cat-core-fvrcp']).toMatchObject({
        status: 'overdue',
        lastGivenOn: null,
        nextDueOn: '2026-09-29',
        daysOverdue: 66,
      })
      expect(vaccines['cat-core-rabies']).toMatchObject({
        status: 'overdue',
        nextDueOn: '2026-10-27',
        daysOverdue: 38,
      })
    })

    it('leaves a grown dog’s leptospirosis, never started, not started rather than late', async () => {
      const { pet } = await chatOf(DOG)
      expect(
        pet.vaccines.find((v) => v.id === 'dog-noncore-lepto'),
      ).toMatchObject({
        status: 'not_started',
        daysOverdue: null,
      })
    })

    it('fills each reply’s care variables from the pet file’s line of that kind, and never says “soon” for a late one', async () => {
      const { pet, reply } = await chatOf(KITTEN)
      const rabies = pet.vaccines.find((v) => v.id === 'cat-core-rabies')!
      const fvrcp = pet.vaccines.find((v) => v.id === 'cat-core-fvrcp')!
      const internal = pet.deworming.find((d) => d.id === 'cat-internal')!
      expect(internal).toMatchObject({ status: 'overdue', daysOverdue: 81 })

      // Regression: all three named the deworming date, and the deworming
      // reply called an 81-day-late treatment 快到了.
      expect(reply('狂犬疫苗年检').filled).toContain(
        `小白的狂犬疫苗已逾期 ${rabies.daysOverdue} 天（应在 ${rabies.nextDueOn}）`,
      )
      expect(reply('疫苗到期提醒').filled).toContain(
        `小白的猫三联已逾期 ${fvrcp.daysOverdue} 天（应在 ${fvrcp.nextDueOn}）`,
      )
      const deworming = reply('驱虫提醒')
      expect(deworming.filled).toContain(
        '小白的驱虫已逾期 81 天（应在 2026-09-14）',
      )
      expect(deworming.filled).not.toContain('快到了')
      for (const title of ['狂犬疫苗年检', '疫苗到期提醒', '驱虫提醒']) {
        expect(reply(title).missing).toEqual([])
      }
    })

    it('reads an up-to-date vaccine as its next date', async () => {
      const { pet, reply } = await chatOf(DOG)
      const rabies = pet.vaccines.find((v) => v.id === 'dog-core-rabies')!
      expect(rabies).toMatchObject({
        status: 'up_to_date',
        nextDueOn: '2027-06-01',
      })
      expect(reply('狂犬疫苗年检').filled).toContain(
        'Moco的狂犬疫苗下次在 2027-06-01',
      )
    })

    it('gives a library an earlier demo seeded the corrected texts, leaving edited ones alone', async () => {
      const replies = h.app.dataSource.getRepository(QuickReplyEntity)
      const old =
        '{{customerName}}您好，{{petName}}的驱虫时间快到了（{{dueDate}}）。体内外驱虫可以一起做，到店大约 10 分钟，欢迎来{{hospital}}。'
      const row = await replies.findOneByOrFail({ title: '驱虫提醒' })
      await replies.update({ id: row.id }, { content: old })
      await seedDemoQuickReplies(h.app.dataSource)
      expect((await replies.findOneByOrFail({ id: row.id })).content).toBe(
        row.content,
      )

      await replies.update({ id: row.id }, { content: `${old}！` })
      await seedDemoQuickReplies(h.app.dataSource)
      expect((await replies.findOneByOrFail({ id: row.id })).content).toBe(
        `${old}！`,
      )
      await replies.update({ id: row.id }, { content: row.content })
    })
  })

  describe('a link quick reply', () => {
    /** A head-office link reply whose every part takes a variable. */
    async function linkReply(): Promise<string> {
      const id = randomUUID()
      const now = new Date()
      await h.app.dataSource.getRepository(QuickReplyEntity).insert({
        id,
        scope: 'head_office',
        regionId: null,
        ownerUserId: null,
        category: '活动',
        title: `体检券 ${id.slice(0, 4)}`,
        kind: 'link',
        content: '给{{customerName}}的说明，不发给客户',
        linkJson: JSON.stringify({
          url: 'https://x.example/checkup?pet={{petName}}&h={{hospital}}',
          title: '{{petName}}的体检券',
          desc: '{{hospital}}可用',
          imgUrl: '/sidebar/quick-replies/checkup.png',
        }),
        imageUrl: null,
        sortOrder: 0,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      })
      return id
    }

    it('is held back, naming the variable, when its card lacks one (a group with no record)', async () => {
      // Like 多多家长群: a name without a customer ID, so no record.
      const [group] = await h.app.dataSource.query<
        { chat_id: string; owner_id: string }[]
      >(
        `SELECT chat_id, owner_id FROM customer_group
          WHERE customer_code IS NULL AND dismissed_at IS NULL
            AND owner_id IS NOT NULL
          ORDER BY chat_id LIMIT 1`,
      )
      const member = await h.signIn(group!.owner_id)
      const view = (await (
        await member.get(`/api/sidebar/groups/${group!.chat_id}`)
      ).json()) as SidebarView
      expect(view.record).toBeNull()
      const id = await linkReply()
      const list = (await (
        await member.get(`/api/sidebar/quick-replies?chatId=${group!.chat_id}`)
      ).json()) as QuickReplyList

      // Regression: the demo's 免费体检邀请 had `{{petName}}` in its card
      // title but nothing missing, so it was sent as it was.
      const demo = list.replies.find((r) => r.title === '免费体检邀请')!
      expect(demo.link!.title).toBe('{{petName}}的免费体检券')
      expect(demo.missing).toEqual(['petName'])
      const mine = list.replies.find((r) => r.id === id)!
      expect(mine.missing).toEqual(['petName'])
    })

    it('fills the title, description and URL (encoded) and sends an absolute picture URL', async () => {
      const id = await linkReply()
      const { butler, externalUserId } = await cast()
      const member = await h.signIn(butler)
      const list = (await (
        await member.get(
          `/api/sidebar/quick-replies?externalUserId=${externalUserId}`,
        )
      ).json()) as QuickReplyList
      const context = (await (
        await member.get(`/api/sidebar/contacts/${externalUserId}`)
      ).json()) as SidebarView
      const petName = context.record!.pets[0]!.name
      const mine = list.replies.find((r) => r.id === id)!
      expect(mine.missing).toEqual([])
      const hospital = /h=([^&]+)$/.exec(mine.link!.url)![1]!
      expect(mine.link).toEqual({
        title: `${petName}的体检券`,
        desc: `${decodeURIComponent(hospital)}可用`,
        url: `https://x.example/checkup?pet=${encodeURIComponent(petName)}&h=${hospital}`,
        imgUrl: `${h.app.url}/sidebar/quick-replies/checkup.png`,
      })
      const demo = list.replies.find((r) => r.title === '免费体检邀请')!
      expect(demo.link!.imgUrl).toBe(
        `${h.app.url}/sidebar/quick-replies/checkup.png`,
      )
    })
  })

  describe('sending an image quick reply', () => {
    const schedule = '疫苗接种时间表'
    const replies = () => h.app.dataSource.getRepository(QuickReplyEntity)
    const imageReplyId = async () =>
      (await replies().findOneByOrFail({ title: schedule })).id

    /** An image reply only one region's members see. */
    async function regionalImage(regionId: string): Promise<string> {
      const now = new Date()
      const id = randomUUID()
      await replies().insert({
        id,
        scope: 'region',
        regionId,
        ownerUserId: null,
        category: '到院',
        title: `停车指引 ${id.slice(0, 4)}`,
        kind: 'image',
        content: '医院位置与停车',
        linkJson: null,
        imageUrl: '/sidebar/quick-replies/vaccine-schedule.png',
        sortOrder: 0,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      })
      return id
    }

    it('uploads the demo image once, then reuses its media id', async () => {
      const { butler } = await cast()
      const member = await h.signIn(butler)
      const id = await imageReplyId()
      const uploadsBefore = h.sim.sent.media.length

      const first = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${id}/media`,
      )
      expect(first.status).toBe(200)
      const { mediaId } = (await first.json()) as { mediaId: string }
      expect(mediaId).toEqual(expect.any(String))
      const file = join(
        __dirname,
        '../../sidebar/public/quick-replies/vaccine-schedule.png',
      )
      expect(h.sim.sent.media.slice(uploadsBefore)).toEqual([
        expect.objectContaining({
          mediaId,
          filename: 'vaccine-schedule.png',
          contentType: 'image/png',
          size: statSync(file).size,
        }),
      ])
      const row = await replies().findOneByOrFail({ id })
      expect(row.mediaId).toBe(mediaId)
      const left = row.mediaExpiresAt!.getTime() - h.now()
      expect(left).toBeGreaterThan(3 * 86_400_000 - 60_000)
      expect(left).toBeLessThanOrEqual(3 * 86_400_000)

      const second = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${id}/media`,
      )
      expect(await second.json()).toEqual({ mediaId })
      expect(h.sim.sent.media).toHaveLength(uploadsBefore + 1)
    })

    it('uploads again when the cached id has an hour or less left', async () => {
      const member = await h.signIn((await cast()).butler)
      const id = await imageReplyId()
      await member.send('POST', `/api/sidebar/quick-replies/${id}/media`)
      const cached = (await replies().findOneByOrFail({ id })).mediaId
      await replies().update(
        { id },
        { mediaExpiresAt: new Date(h.now() + 59 * 60_000) },
      )
      const uploadsBefore = h.sim.sent.media.length

      const again = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${id}/media`,
      )
      const { mediaId } = (await again.json()) as { mediaId: string }
      expect(mediaId).not.toBe(cached)
      expect(h.sim.sent.media).toHaveLength(uploadsBefore + 1)
      expect((await replies().findOneByOrFail({ id })).mediaId).toBe(mediaId)
    })

    it('refuses a text reply with 400 and a reply the member cannot see with 404', async () => {
      const { butler, away } = await cast()
      const member = await h.signIn(butler)
      const text = await replies().findOneByOrFail({ title: '驱虫提醒' })
      const refused = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${text.id}/media`,
      )
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      })

      const elsewhere = await regionalImage(away.regionId!)
      const uploadsBefore = h.sim.sent.media.length
      for (const path of [elsewhere, 'no-such-reply']) {
        const hidden = await member.send(
          'POST',
          `/api/sidebar/quick-replies/${path}/media`,
        )
        expect(hidden.status).toBe(404)
      }
      expect(h.sim.sent.media).toHaveLength(uploadsBefore)
    })

    it('answers 502 WECOM_API_FAILED when WeCom refuses the image, and caches nothing', async () => {
      const { butler, home } = await cast()
      const member = await h.signIn(butler)
      const id = await regionalImage(home.regionId!)
      h.sim.faults.inject({ path: '/cgi-bin/media/upload', errcode: 40005 })
      const failed = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${id}/media`,
      )
      expect(failed.status).toBe(502)
      expect(await failed.json()).toMatchObject({
        error: { code: 'WECOM_API_FAILED' },
      })
      expect((await replies().findOneByOrFail({ id })).mediaId).toBeNull()

      // The next try uploads.
      const retried = await member.send(
        'POST',
        `/api/sidebar/quick-replies/${id}/media`,
      )
      expect(retried.status).toBe(200)
    })

    it('answers 502 IMAGE_UNAVAILABLE for an image file that is not there', async () => {
      const { butler, home } = await cast()
      const member = await h.signIn(butler)
      const id = await regionalImage(home.regionId!)
      for (const imageUrl of [
        '/sidebar/quick-replies/missing.png',
        '/sidebar/../../server/package.json',
        '/console/secret.png',
      ]) {
        await replies().update({ id }, { imageUrl })
        const failed = await member.send(
          'POST',
          `/api/sidebar/quick-replies/${id}/media`,
        )
        expect(failed.status).toBe(502)
        expect(await failed.json()).toMatchObject({
          error: { code: 'IMAGE_UNAVAILABLE' },
        })
      }
    })
  })

  describe('what an attacker tried', () => {
    /** A butler, one of their live groups, and a customer of another region. */
    async function setting() {
      const c = await cast()
      const [group] = await h.app.dataSource.query<{ chat_id: string }[]>(
        `SELECT g.chat_id FROM customer_group g
           JOIN group_member m ON m.chat_id = g.chat_id
          WHERE m.member_id = ? AND m.left_at IS NULL AND g.dismissed_at IS NULL
          ORDER BY g.chat_id LIMIT 1`,
        [c.butler],
      )
      const [stranger] = await h.app.dataSource.query<
        { id: string; name: string }[]
      >(
        `SELECT h.id, h.name FROM hospital_customer h
           JOIN hospital x ON x.id = h.hospital_id
          WHERE x.region_id <> ? ORDER BY h.id LIMIT 1`,
        [c.home.regionId],
      )
      return { ...c, chatId: group!.chat_id, stranger: stranger! }
    }

    it('does not open a stranger’s file when a group is renamed to their customer ID', async () => {
      const s = await setting()
      const groups = h.app.dataSource.getRepository(CustomerGroupEntity)
      const before = (await groups.findOneBy({ chatId: s.chatId }))!
      await groups.update(
        { chatId: s.chatId },
        {
          name: `${s.stranger.id}-Lucky-复诊`,
          customerCode: s.stranger.id,
          petName: 'Lucky',
          nameProblem: null,
        },
      )
      try {
        const member = await h.signIn(s.butler)
        const res = await member.get(`/api/sidebar/groups/${s.chatId}`)
        expect(res.status).toBe(200)
        const text = await res.text()
        expect((JSON.parse(text) as SidebarView).record).toBeNull()
        expect(text).not.toContain(s.stranger.name)
        const note = await member.send('POST', '/api/sidebar/notes', {
          chatId: s.chatId,
          text: '试试',
        })
        expect(((await note.json()) as FollowUpNote).customerId).toBeNull()
        const pet = await h.app.dataSource
          .getRepository(PetEntity)
          .findOneBy({ customerId: s.stranger.id })
        expect(
          (await member.get(`/api/sidebar/pets/${pet!.id}/visits`)).status,
        ).toBe(404)
      } finally {
        await groups.update(
          { chatId: s.chatId },
          {
            name: before.name,
            customerCode: before.customerCode,
            petName: before.petName,
            nameProblem: before.nameProblem,
          },
        )
      }
    })

    it('does not let a butler bind their chat to any customer ID, or to a record bound elsewhere', async () => {
      const s = await setting()
      const member = await h.signIn(s.butler)
      const bindings = h.app.dataSource.getRepository(CustomerBindingEntity)
      // Their own chat, unbound for the test.
      await member.send('DELETE', `/api/sidebar/bindings/${s.externalUserId}`)
      try {
        const other = await member.send('POST', '/api/sidebar/bindings', {
          externalUserId: s.externalUserId,
          customerId: s.stranger.id,
        })
        expect(other.status).toBe(404)
        const search = (await (
          await member.get(`/api/sidebar/customers?q=${s.stranger.id}`)
        ).json()) as { customers: CustomerCandidate[] }
        expect(search.customers).toEqual([])
        // A record of their own hospital, already bound to another WeChat.
        const [taken] = await h.app.dataSource.query<{ customer_id: string }[]>(
          `SELECT b.customer_id FROM customer_binding b
             JOIN hospital_customer c ON c.id = b.customer_id
            WHERE b.unbound_at IS NULL AND c.hospital_id = ? AND b.external_user_id <> ?
            ORDER BY b.customer_id LIMIT 1`,
          [s.customer.hospitalId, s.externalUserId],
        )
        const elsewhere = await member.send('POST', '/api/sidebar/bindings', {
          externalUserId: s.externalUserId,
          customerId: taken!.customer_id,
        })
        expect(elsewhere.status).toBe(409)
        expect(
          ((await elsewhere.json()) as { error: { code: string } }).error.code,
        ).toBe('CUSTOMER_BOUND_ELSEWHERE')
        const candidates = (await (
          await member.get(`/api/sidebar/customers?q=${taken!.customer_id}`)
        ).json()) as { customers: CustomerCandidate[] }
        // Bound, and to whom only if the member may see that chat anyway.
        expect(candidates.customers[0]?.boundTo).not.toBeNull()
        expect(candidates.customers[0]?.note).toBeNull()
        expect(
          await bindings.countBy({
            externalUserId: s.externalUserId,
            unboundAt: IsNull(),
          }),
        ).toBe(0)
      } finally {
        await member.send('POST', '/api/sidebar/bindings', {
          externalUserId: s.externalUserId,
          customerId: s.customer.id,
        })
      }
      expect(
        await bindings.countBy({
          externalUserId: s.externalUserId,
          unboundAt: IsNull(),
        }),
      ).toBe(1)
    })

    it('keeps one live binding when twenty binds race, and a refused create writes nothing', async () => {
      const s = await setting()
      const member = await h.signIn(s.butler)
      await member.send('DELETE', `/api/sidebar/bindings/${s.externalUserId}`)
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          member.send('POST', '/api/sidebar/bindings', {
            externalUserId: s.externalUserId,
            customerId: s.customer.id,
          }),
        ),
      )
      expect(results.filter((r) => r.status === 200)).toHaveLength(1)
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(
        true,
      )
      const bindings = h.app.dataSource.getRepository(CustomerBindingEntity)
      expect(
        await bindings.countBy({
          externalUserId: s.externalUserId,
          unboundAt: IsNull(),
        }),
      ).toBe(1)
      const customers = h.app.dataSource.getRepository(HospitalCustomerEntity)
      const count = await customers.count()
      const create = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: s.externalUserId,
        create: { name: '重复建档' },
      })
      expect(create.status).toBe(409)
      expect(await customers.count()).toBe(count)
      const badHospital = await member.send('POST', '/api/sidebar/bindings', {
        externalUserId: s.externalUserId,
        create: { name: '某人', hospitalId: 'H999' },
      })
      expect(badHospital.status).toBe(400)
    })

    it('stops granting access through a group once it is dismissed', async () => {
      const rows = await h.app.dataSource.query<
        { chat_id: string; member_id: string }[]
      >(
        `SELECT m.chat_id, m.member_id FROM group_member m
           JOIN staff s ON s.user_id = m.member_id AND s.role = 'nurse'
           JOIN customer_group g ON g.chat_id = m.chat_id AND g.dismissed_at IS NULL
          WHERE m.left_at IS NULL ORDER BY m.chat_id LIMIT 1`,
      )
      const { chat_id: chatId, member_id: nurse } = rows[0]!
      const member = await h.signIn(nurse)
      expect((await member.get(`/api/sidebar/groups/${chatId}`)).status).toBe(
        200,
      )
      const groups = h.app.dataSource.getRepository(CustomerGroupEntity)
      await groups.update({ chatId }, { dismissedAt: 1_800_000_000 })
      try {
        expect((await member.get(`/api/sidebar/groups/${chatId}`)).status).toBe(
          404,
        )
      } finally {
        await groups.update({ chatId }, { dismissedAt: null })
      }
    })

    it('refuses control characters and broken text in notes, and fills no inherited variables', async () => {
      const { butler, externalUserId } = await cast()
      const member = await h.signIn(butler)
      for (const text of ['a\u0000b', 'x\ud800y', '\u001b[31mred']) {
        expect(
          (
            await member.send('POST', '/api/sidebar/notes', {
              externalUserId,
              text,
            })
          ).status,
        ).toBe(400)
      }
      const own = await member.send('POST', '/api/sidebar/quick-replies', {
        category: '我的',
        title: '测试',
        content: '{{constructor}}{{__proto__}}{{petName}}',
      })
      const list = (await (
        await member.get(
          `/api/sidebar/quick-replies?externalUserId=${externalUserId}&q=constructor`,
        )
      ).json()) as QuickReplyList
      expect(list.replies[0]!.missing).toEqual(['constructor', '__proto__'])
      expect(
        list.replies[0]!.filled.startsWith('{{constructor}}{{__proto__}}'),
      ).toBe(true)
      await member.send(
        'DELETE',
        `/api/sidebar/quick-replies/${((await own.json()) as { id: string }).id}`,
      )
    })

    it('limits record searches to 30 in 10 minutes per member', async () => {
      const { otherButler } = await cast()
      const member = await h.signIn(otherButler)
      for (let i = 0; i < 30; i++) {
        expect(
          (await member.get(`/api/sidebar/customers?q=C${90000 + i}`)).status,
        ).toBe(200)
      }
      const limited = await member.get('/api/sidebar/customers?q=C99999')
      expect(limited.status).toBe(429)
    })
  })

  describe('GET /api/demo/chats', () => {
    async function chatsOf(userId: string, q?: string): Promise<DemoChats> {
      const member = await h.signIn(userId)
      const res = await member.get(
        `/api/demo/chats${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`,
      )
      expect(res.status).toBe(200)
      return (await res.json()) as DemoChats
    }

    it('offers a member their own chats only', async () => {
      const { butler, externalUserId, otherButler } = await cast()
      const mine = await chatsOf(butler)
      expect(mine.ready).toBe(true)
      expect(mine.contacts.map((c) => c.externalUserId)).toContain(
        externalUserId,
      )
      const theirs = await chatsOf(otherButler)
      expect(theirs.contacts.map((c) => c.externalUserId)).not.toContain(
        externalUserId,
      )
    })

    it('offers a region admin the chats of their region, each one they may open', async () => {
      // Regression: a region admin follows no one and is in no group, so
      // the picker was empty and blamed the demo's sync.
      const { homeRegionAdmin, home, externalUserId } = await cast()
      const chats = await chatsOf(homeRegionAdmin)
      expect(chats.contacts.length).toBeGreaterThan(0)
      expect(chats.groups.length).toBeGreaterThan(0)
      expect(chats.contacts.map((c) => c.externalUserId)).toContain(
        externalUserId,
      )
      const regionHospitals = new Set(
        (
          await h.app.dataSource
            .getRepository(HospitalEntity)
            .findBy({ regionId: home.regionId! })
        ).map((x) => x.name),
      )
      const member = await h.signIn(homeRegionAdmin)
      for (const contact of chats.contacts) {
        expect(regionHospitals.has(contact.hospital!)).toBe(true)
        const view = await member.get(
          `/api/sidebar/contacts/${contact.externalUserId}`,
        )
        expect(view.status).toBe(200)
      }
      for (const group of chats.groups) {
        const view = await member.get(`/api/sidebar/groups/${group.chatId}`)
        expect(view.status).toBe(200)
      }
    })

    it('tells customers of one name apart, and lists head office 40 of all', async () => {
      const { headOffice } = await cast()
      const chats = await chatsOf(headOffice)
      expect(chats.contacts).toHaveLength(40)
      expect(chats.more).toBe(true)
      const bound = chats.contacts.find((c) => c.customerId)!
      const [pet] = await h.app.dataSource.query<{ name: string }[]>(
        `SELECT name FROM pet WHERE customer_id = ? AND status = 'active'
          ORDER BY id LIMIT 1`,
        [bound.customerId],
      )
      expect(bound.petNames[0]).toBe(pet!.name)
      expect(bound.hospital).toEqual(expect.any(String))
      expect(chats.groups[0]!.owner).toEqual(expect.any(String))
    })

    it('searches a name, a customer ID, a pet’s name or the end of a phone', async () => {
      const { headOffice, customer, externalUserId, butler } = await cast()
      const [pet] = await h.app.dataSource.query<{ name: string }[]>(
        'SELECT name FROM pet WHERE customer_id = ? ORDER BY id LIMIT 1',
        [customer.id],
      )
      const [contact] = await h.app.dataSource.query<{ name: string }[]>(
        'SELECT name FROM customer WHERE external_user_id = ?',
        [externalUserId],
      )
      for (const q of [
        contact!.name,
        customer.id.toLowerCase(),
        pet!.name,
        customer.phone!.slice(-4),
      ]) {
        const found = await chatsOf(headOffice, q)
        expect([q, found.contacts.map((c) => c.externalUserId)]).toEqual([
          q,
          expect.arrayContaining([externalUserId]),
        ])
      }
      const groups = await chatsOf(butler, customer.id)
      for (const group of groups.groups) {
        expect(group.name.toUpperCase()).toContain(customer.id)
      }

      const none = await chatsOf(headOffice, '%_没有这个人')
      expect(none).toEqual({
        ready: true,
        more: false,
        contacts: [],
        groups: [],
      })
    })
  })
})
