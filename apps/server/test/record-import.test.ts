import type { DataSource } from 'typeorm'
import pino from 'pino'
import {
  VaccinationEntity,
  VisitEntity,
} from '../src/modules/record/clinical.entity'
import { HospitalCustomerEntity } from '../src/modules/record/hospital-customer.entity'
import {
  CareFlagEntity,
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
} from '../src/modules/record/pet.entity'
import { importDemoRecords } from '../src/modules/record/import/demo-records'
import {
  RecordImporter,
  type ImportReport,
} from '../src/modules/record/import/record-importer'
import { databaseTargets, useMigratedDatabase } from './databases'

const EXPORT = [
  { type: 'region', id: 'R-EAST', name: '华东大区' },
  { type: 'hospital', id: 'SH001', name: '上海徐汇店', regionId: 'R-EAST' },
  {
    type: 'customer',
    id: 'C10023',
    name: '王小美',
    phone: '13800138000',
    hospitalId: 'SH001',
  },
  {
    type: 'pet',
    id: 'P20001',
    customerId: 'C10023',
    name: 'Moco',
    species: 'cat',
    sex: 'female',
    neutered: true,
    birthDate: '2024-03-15',
  },
  { type: 'weight', petId: 'P20001', measuredOn: '2026-12-03', weightKg: 4.35 },
  {
    type: 'vaccination',
    id: 'V1',
    petId: 'P20001',
    vaccineId: 'cat-core-fvrcp',
    vaccineName: '猫三联',
    doseNumber: 3,
    givenOn: '2026-12-03',
  },
  {
    type: 'visit',
    id: 'VIS1',
    petId: 'P20001',
    customerId: 'C10023',
    hospitalId: 'SH001',
    doctorName: '李医生',
    visitedAt: '2026-12-04T10:30:00+08:00',
    reason: '发烧',
    exam: { temperatureC: 39.4 },
    diagnoses: ['疫苗接种后一过性发热'],
    amount: 158,
    paid: true,
  },
]

async function runImport(
  dataSource: DataSource,
  lines: string[],
): Promise<ImportReport> {
  const importer = new RecordImporter(dataSource, { batchSize: 3 })
  for (const [index, line] of lines.entries()) {
    await importer.add(line, index + 1)
  }
  return importer.finish()
}

const asLines = (rows: object[]) => rows.map((row) => JSON.stringify(row))

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'RecordImporter on %s',
  (_name, target) => {
    const db = useMigratedDatabase(target)

    it('imports every row type of an export', async () => {
      const report = await runImport(db.dataSource, asLines(EXPORT))
      expect(report).toEqual({
        read: 7,
        inserted: 7,
        updated: 0,
        unchanged: 0,
        failed: [],
      })
      const visit = await db.dataSource
        .getRepository(VisitEntity)
        .findOneByOrFail({ id: 'VIS1' })
      expect(visit.visitedAt.toISOString()).toBe('2026-12-04T02:30:00.000Z')
      expect(visit).toMatchObject({ amountCents: 15800, paid: 1 })
      expect(
        await db.dataSource
          .getRepository(PetWeightEntity)
          .findOneByOrFail({ petId: 'P20001' }),
      ).toMatchObject({
        weightGrams: 4350,
      })
      expect(
        await db.dataSource
          .getRepository(PetEntity)
          .findOneByOrFail({ id: 'P20001' }),
      ).toMatchObject({ neutered: 1 })
    })

    it('changes nothing when the same export is imported again', async () => {
      await runImport(db.dataSource, asLines(EXPORT))
      const before = await db.dataSource
        .getRepository(HospitalCustomerEntity)
        .findOneByOrFail({ id: 'C10023' })
      await new Promise((resolve) => setTimeout(resolve, 20))
      const report = await runImport(db.dataSource, asLines(EXPORT))
      expect(report).toEqual({
        read: 7,
        inserted: 0,
        updated: 0,
        unchanged: 7,
        failed: [],
      })
      const after = await db.dataSource
        .getRepository(HospitalCustomerEntity)
        .findOneByOrFail({ id: 'C10023' })
      expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime())
    })

    it('updates a row that changed and keeps when it was created', async () => {
      await runImport(db.dataSource, asLines(EXPORT))
      const created = (
        await db.dataSource
          .getRepository(HospitalCustomerEntity)
          .findOneByOrFail({ id: 'C10023' })
      ).createdAt
      const changed = EXPORT.map((row) =>
        row.type === 'customer' ? { ...row, phone: '13900139000' } : row,
      )
      const report = await runImport(db.dataSource, asLines(changed))
      expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 6 })
      const customer = await db.dataSource
        .getRepository(HospitalCustomerEntity)
        .findOneByOrFail({ id: 'C10023' })
      expect(customer).toMatchObject({
        phone: '13900139000',
        createdAt: created,
      })
    })

    it('reports each bad row with its line and reason and imports the rest', async () => {
      const lines = [
        ...asLines(EXPORT.slice(0, 3)),
        '{"type":"customer","id":"C1",',
        JSON.stringify({ type: 'horse', id: 'H1' }),
        JSON.stringify({
          type: 'pet',
          id: 'P2',
          customerId: 'C10023',
          name: '豆豆',
          species: 'dog',
          birthDate: '2024-13-01',
        }),
        JSON.stringify({
          type: 'visit',
          id: 'VIS2',
          petId: 'P20001',
          customerId: 'C10023',
          hospitalId: 'SH001',
          visitedAt: '2026-12-04 10:30',
        }),
        '',
        ...asLines(EXPORT.slice(3)),
      ]
      const report = await runImport(db.dataSource, lines)
      expect(report.failed).toEqual([
        { line: 4, reason: 'not a JSON object' },
        { line: 5, reason: expect.stringContaining('type') },
        { line: 6, reason: 'birthDate: must be YYYY-MM-DD' },
        { line: 7, reason: 'visitedAt: must be an ISO time with offset' },
      ])
      expect(report).toMatchObject({ read: 11, inserted: 7 })
      expect(await db.dataSource.getRepository(PetEntity).count()).toBe(1)
    })

    it('imports the demo export whole, with the cases the demo shows', async () => {
      const report = await importDemoRecords(
        db.dataSource,
        pino({ level: 'silent' }),
        '2026-12-04',
      )
      expect(report!.failed).toEqual([])
      expect(report!.inserted).toBeGreaterThan(1000)
      expect(
        await db.dataSource.getRepository(HospitalCustomerEntity).count(),
      ).toBeGreaterThan(250)

      const yesterday = await db.dataSource
        .getRepository(VaccinationEntity)
        .findBy({ givenOn: '2026-12-03' })
      expect(yesterday.length).toBeGreaterThan(0)
      // Seen the evening of the vaccination: yesterday, never later than now.
      const fever = await db.dataSource
        .getRepository(VisitEntity)
        .findOneByOrFail({ reason: '发烧' })
      expect(fever.visitedAt.toISOString()).toBe('2026-12-03T11:40:00.000Z')
      expect(
        await db.dataSource
          .getRepository(CareFlagEntity)
          .countBy({ flag: 'post_surgery' }),
      ).toBe(1)
      expect(
        await db.dataSource
          .getRepository(PetAlertEntity)
          .countBy({ kind: 'allergy' }),
      ).toBeGreaterThan(0)

      // A second start finds customers and imports nothing.
      expect(
        await importDemoRecords(
          db.dataSource,
          pino({ level: 'silent' }),
          '2026-12-04',
        ),
      ).toBeNull()
    })

    it('reports rows the database refuses without losing their neighbours', async () => {
      await db.dataSource.query('DROP TABLE pet_weight')
      const report = await runImport(db.dataSource, asLines(EXPORT))
      expect(report.failed).toEqual([
        {
          line: 5,
          reason: expect.stringContaining('database refused the row'),
        },
      ])
      expect(report.inserted).toBe(6)
    })
  },
)
