import {
  VaccinationEntity,
  VisitEntity,
} from '../src/modules/record/clinical.entity'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
} from '../src/modules/record/hospital-customer.entity'
import {
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
} from '../src/modules/record/pet.entity'
import { RecordAuditEntity } from '../src/modules/record/record-audit.entity'
import { databaseTargets, useMigratedDatabase } from './databases'

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'the pet record schema on %s',
  (_name, target) => {
    const db = useMigratedDatabase(target)

    it('keeps a whole record, Chinese, emoji and long notes included', async () => {
      const now = new Date('2026-12-04T08:00:00.000Z')
      await db.dataSource.getRepository(HospitalCustomerEntity).save({
        id: 'C10023',
        name: '王小美🐾',
        phone: '13800138000',
        hospitalId: 'SH001',
        note: null,
        sourceHash: 'a'.repeat(64),
        createdAt: now,
        updatedAt: now,
      })
      await db.dataSource.getRepository(PetEntity).save({
        id: 'P20001',
        customerId: 'C10023',
        name: 'Moco',
        species: 'cat',
        breed: '英国短毛猫',
        sex: 'female',
        neutered: 1,
        birthDate: '2024-03-15',
        colour: '蓝白',
        microchip: '900123456789012',
        status: 'active',
        photoUrl: null,
        sourceHash: 'b'.repeat(64),
        updatedAt: now,
      })
      await db.dataSource
        .getRepository(PetWeightEntity)
        .save({ petId: 'P20001', measuredOn: '2026-12-03', weightGrams: 4350 })
      await db.dataSource.getRepository(PetAlertEntity).save({
        id: 'A1',
        petId: 'P20001',
        kind: 'allergy',
        text: '青霉素过敏 ⚠️',
        severity: 'high',
        since: '2025-01-10',
        resolvedOn: null,
        updatedAt: now,
      })
      await db.dataSource.getRepository(VaccinationEntity).save({
        id: 'V1',
        petId: 'P20001',
        vaccineId: 'cat-core-fvrcp',
        vaccineName: '猫三联',
        doseNumber: 3,
        givenOn: '2026-12-03',
        batch: 'B2026-11',
        givenBy: '李医生',
        hospitalId: 'SH001',
        sourceHash: 'c'.repeat(64),
        updatedAt: now,
      })
      const history = '主诉：昨日接种疫苗后精神稍差，今晨体温偏高。'.repeat(60)
      await db.dataSource.getRepository(VisitEntity).save({
        id: 'VIS1',
        petId: 'P20001',
        customerId: 'C10023',
        hospitalId: 'SH001',
        doctorName: '李医生',
        doctorUserId: 'LiNa',
        visitedAt: new Date('2026-12-04T02:30:00.000Z'),
        reason: '发烧',
        history,
        examJson: JSON.stringify({
          temperatureC: 39.4,
          heartRate: 180,
          breathingRate: 30,
          weightKg: 4.35,
        }),
        assessmentJson: JSON.stringify({ diagnoses: ['疫苗接种后一过性发热'] }),
        planJson: JSON.stringify({ treatments: ['观察'], prescriptions: [] }),
        labsJson: JSON.stringify([
          {
            test: 'WBC',
            value: 12.1,
            unit: '10^9/L',
            range: [5.5, 19.5],
            flag: null,
          },
        ]),
        recheckOn: '2026-12-06',
        amountCents: 15800,
        paid: 1,
        sourceHash: 'd'.repeat(64),
        updatedAt: now,
      })

      const pet = await db.dataSource
        .getRepository(PetEntity)
        .findOneByOrFail({ id: 'P20001' })
      expect(pet).toMatchObject({
        breed: '英国短毛猫',
        birthDate: '2024-03-15',
        neutered: 1,
      })
      const visit = await db.dataSource
        .getRepository(VisitEntity)
        .findOneByOrFail({ id: 'VIS1' })
      expect(visit.history).toBe(history)
      expect(visit.history!.length).toBeGreaterThan(1000)
      expect(visit.visitedAt.toISOString()).toBe('2026-12-04T02:30:00.000Z')
      expect(visit.amountCents).toBe(15800)
      expect(JSON.parse(visit.examJson)).toMatchObject({ temperatureC: 39.4 })
      expect(
        (
          await db.dataSource
            .getRepository(PetAlertEntity)
            .findOneByOrFail({ id: 'A1' })
        ).text,
      ).toBe('青霉素过敏 ⚠️')
      expect(
        (
          await db.dataSource
            .getRepository(HospitalCustomerEntity)
            .findOneByOrFail({ id: 'C10023' })
        ).name,
      ).toBe('王小美🐾')
    })

    it('keeps binding history: an unbinding ends a row, a new binding adds one', async () => {
      const bindings = db.dataSource.getRepository(CustomerBindingEntity)
      const first = await bindings.save({
        customerId: 'C10023',
        externalUserId: 'wmCustomer1',
        method: 'phone',
        boundBy: 'ZhouChen',
        boundAt: new Date('2026-12-01T00:00:00Z'),
        unboundAt: null,
        unboundBy: null,
      })
      await bindings.update(
        { id: first.id },
        { unboundAt: new Date('2026-12-02T00:00:00Z'), unboundBy: 'ZhouChen' },
      )
      await bindings.save({
        customerId: 'C10045',
        externalUserId: 'wmCustomer1',
        method: 'customer_id',
        boundBy: 'ZhouChen',
        boundAt: new Date('2026-12-02T00:01:00Z'),
        unboundAt: null,
        unboundBy: null,
      })
      const rows = await bindings.find({
        where: { externalUserId: 'wmCustomer1' },
        order: { boundAt: 'ASC' },
      })
      expect(rows.map((r) => [r.customerId, r.unboundAt === null])).toEqual([
        ['C10023', false],
        ['C10045', true],
      ])
    })

    it('writes audit rows with their time in UTC', async () => {
      const audit = db.dataSource.getRepository(RecordAuditEntity)
      await audit.save({
        userId: 'LiNa',
        petId: 'P20001',
        customerId: 'C10023',
        openedAt: new Date('2026-12-04T08:00:00.123Z'),
        source: 'sidebar',
        ip: '10.0.0.8',
        userAgent: 'wxwork/4.1.30',
      })
      const [row] = await audit.find()
      expect(row!.openedAt.toISOString()).toBe('2026-12-04T08:00:00.123Z')
    })
  },
)
